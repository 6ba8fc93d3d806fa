"""Plain-text view of a diagnosis for the terminal: each situation with why and what to do, then switch or stay."""

from __future__ import annotations

from mlladder import Diagnosis
from mlladder.framework.sources import WRITTEN_HERE, Citation
from mlladder.guidance.diagnosis import Advice, Situation, SwitchOrStay, SwitchPoint

__all__ = ["diagnosis_text"]

HOLDS = {True: "yes", False: "no", None: "?"}
GROUPS = (
    ("What to do:", ("remedy", "accelerator", "strategy")),
    ("What slows it:", ("slower",)),
)


def cited(citations: tuple[Citation, ...]) -> str:
    """' [Title A; Title B; written for this ladder]': articles by their title without its description."""
    names = [citation.title.split(" (", 1)[0] for citation in citations if citation.article]
    if any(not citation.article for citation in citations):
        names.append(WRITTEN_HERE)
    return f" [{'; '.join(names)}]" if names else ""


def _advice_lines(advice: tuple[Advice, ...]) -> list[str]:
    lines = []
    for heading, kinds in GROUPS:
        chosen = [item for item in advice if item.kind in kinds]
        if chosen:
            lines.append(f"  {heading}")
            lines += [f"    - {item.text}{cited(item.citations)}" for item in chosen]
    return lines


def _situation_lines(situation: Situation) -> list[str]:
    return [
        situation.title,
        "  Why:",
        *(f"    - {line}" for line in situation.why),
        *_advice_lines(situation.advice),
        "",
    ]


def _point_lines(point: SwitchPoint) -> list[str]:
    """The reason, and below it why it holds or not; a reason no signal ties to the profile needs no why ('?')."""
    line = f"    {HOLDS[point.holds]:<4} {point.text}{cited(point.citations)}"
    return [line, f"         {point.why}"] if point.signal is not None else [line]


def _switch_lines(view: SwitchOrStay) -> list[str]:
    lines = ["Switch company or stay", "  Your facts:", *(f"    - {fact}" for fact in view.facts)]
    if view.stage is not None:
        stage = view.stage
        lines.append(f"  {stage.name} ({stage.years}):{cited(stage.citations)}")
        lines += [f"    - {advice}" for advice in stage.advice]
    for side, heading in (("switch", "Reasons to move (holds for you?):"), ("stay", "Reasons to stay:")):
        points = [point for point in view.considerations if point.side == side]
        if points:
            lines.append(f"  {heading}")
            for point in points:
                lines += _point_lines(point)
    if view.strategy:
        lines.append("  Strategy:")
        lines += [f"    - {item.text}{cited(item.citations)}" for item in view.strategy]
    if any(point.signal is None for point in view.considerations):
        lines.append("  (?: the profile cannot tell; weigh it yourself)")
    lines.append(f"  On balance: {view.summary}")
    return lines


def diagnosis_text(diagnosis: Diagnosis) -> str:
    who = diagnosis.name or "This profile"
    step = f" (next: {diagnosis.step_up})" if diagnosis.step_up else ""
    lines = [
        f"{who}: placed at {diagnosis.level} {diagnosis.level_title}{step}, as of {diagnosis.today.isoformat()}",
        "",
    ]
    for situation in diagnosis.situations:
        lines += _situation_lines(situation)
    if not diagnosis.situations:
        lines += ["No situation the rules recognise applies (docs/diagnosis.md lists the rules).", ""]
    if diagnosis.switch_or_stay is not None:
        lines += _switch_lines(diagnosis.switch_or_stay)
    else:
        lines.append("The framework gives no advice on switching company or staying.")
    return "\n".join(lines) + "\n"
