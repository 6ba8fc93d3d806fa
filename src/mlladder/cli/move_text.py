"""Plain-text views of the move-into-ML and get-hired guidance: short sections, each text with its sources."""

from __future__ import annotations

from mlladder import HiringGuidance, MoveGuidance
from mlladder.cli.pay_text import person_pay_text
from mlladder.framework.sources import WRITTEN_HERE, Citation
from mlladder.guidance.moves import CitedText
from mlladder.guidance.projects import ProjectPick

__all__ = ["hiring_text", "move_text"]


def sources_note(citations: tuple[Citation, ...]) -> str:
    """' [Career Path: ML Engineer; written for this ladder]': article titles without their descriptions."""
    names = [c.title.split(" (", 1)[0] if c.article else WRITTEN_HERE for c in citations]
    unique = list(dict.fromkeys(names))
    return f" [{'; '.join(unique)}]" if unique else ""


def _line(item: CitedText, indent: str = "  ") -> str:
    return f"{indent}{item.text}{sources_note(item.citations)}"


def _projects(level: str, picks: tuple[ProjectPick, ...]) -> list[str]:
    if not picks:
        return [f"Portfolio projects at {level}: the framework has none that fit your specialisations."]
    return [f"Portfolio projects at {level}:", *(f"  - {pick.why}{sources_note(pick.citations)}" for pick in picks)]


def move_text(move: MoveGuidance) -> str:
    who = move.name or "This profile"
    lines = [
        f"{who}: moving into ML {move.timeline.name[0].lower()}{move.timeline.name[1:]}",
        f"Placed {move.placed} now; the plan measures the gaps against {move.plan_target}.",
        "",
        "Timeline:",
        _line(move.timeline.text),
        *(_line(item, "  - ") for item in move.timeline.advice),
        "",
    ]
    if move.foundations:
        lines.append("Foundations first:")
        lines += [f"  {number}. {_line(item.text, '')}" for number, item in enumerate(move.foundations, 1)]
        names = {skill.id: skill.name for item in move.foundations for skill in item.skills}
        lines.append("  In prerequisite order: " + ", ".join(names[skill] for skill in move.foundation_skills) + ".")
    else:
        lines.append(f"Foundations first: your core competencies already meet the {move.plan_target} expectation.")
    role = move.first_role
    lines += ["", f"First role: {role.title} ({role.level})", _line(role.text)]
    lines += [f"  {'yes' if check.met else 'no '}  {_line(check.text, '')}" for check in role.checks]
    lines += ["", *_projects(role.level, move.projects)]
    return "\n".join(lines) + "\n"


def hiring_text(hiring: HiringGuidance) -> str:
    who = hiring.name or "This profile"
    lines = [f"{who}: getting hired as {hiring.level_title} ({hiring.level})", ""]
    lines += [*_projects(hiring.level, hiring.projects), ""]
    lines += ["Interview preparation:", _line(hiring.interviews.text), ""]
    pay = person_pay_text(hiring.pay).rstrip("\n").split("\n")[1:]  # the first line repeats the name and levels
    lines += [f"Pay for the first offer at {hiring.pay.aimed.level.id}:", *pay, ""]
    if hiring.negotiation:
        lines += ["Negotiating the offer:", *(_line(item, "  - ") for item in hiring.negotiation)]
    else:
        lines.append("The framework holds no negotiation advice.")
    return "\n".join(lines) + "\n"
