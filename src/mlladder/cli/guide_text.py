"""The terminal view of ``mlladder guide``: each part in the words of its own command, under a heading."""

from __future__ import annotations

from rich.console import RenderableType

from mlladder import PersonGuidance, track_view_data
from mlladder.cli.diagnose_text import diagnosis_text
from mlladder.cli.interview_text import prep_text
from mlladder.cli.ladder_text import track_view_text
from mlladder.cli.move_text import hiring_text, move_text
from mlladder.cli.pay_text import person_pay_text
from mlladder.guidance.text import pay_summary

__all__ = ["guidance_parts", "guidance_summary"]


def _section(title: str, body: str) -> list[str]:
    return [title, "=" * len(title), body.rstrip("\n"), ""]


def guidance_parts(guidance: PersonGuidance) -> list[str | RenderableType]:
    """Pay, situation, the move or the job search when it is the goal, the tracks from Senior up, then the
    interview preparation: plain text, but the tracks as the table ``ladder tracks`` prints."""
    lines = _section("Pay", person_pay_text(guidance.pay))
    lines += _section("Your situation", diagnosis_text(guidance.diagnosis))
    if guidance.move is not None:
        lines += _section("Moving into ML", move_text(guidance.move))
    if guidance.hiring is not None:
        lines += _section("Getting hired", hiring_text(guidance.hiring))
    parts: list[str | RenderableType] = ["\n".join(lines)]
    if guidance.tracks is not None:
        parts += ["\n".join(_section("Your tracks from here", "")[:2]) + "\n"]
        parts += [track_view_text(track_view_data(guidance.tracks)), "\n"]
    interview = _section(f"Interview preparation for {guidance.interview.level}", prep_text(guidance.interview))
    return [*parts, "\n".join(interview)]


def guidance_summary(guidance: PersonGuidance, profile: str) -> str:
    """A few lines under ``assess``, ``gap``, ``plan`` and ``report``: pay, the situations found, the interview
    questions waiting, and the command that shows all of it."""
    pay = guidance.pay
    lines = ["", f"Guidance ({pay.region_note[0].lower()}{pay.region_note[1:]})"]
    lines.append("  " + pay_summary(pay.current))
    if pay.target is not None:
        lines.append("  " + pay_summary(pay.target))
    found = [situation.title for situation in guidance.diagnosis.situations]
    lines.append("  Situations: " + ("; ".join(found) if found else "none of those the rules look for") + ".")
    prep = guidance.interview
    on_gaps = sum(len(group.questions) for group in prep.groups if group.focus)
    lines.append(f"  Interview: {len(prep.questions)} questions at {prep.level}, {on_gaps} of them on your gaps.")
    lines.append(f"  All of it, with the articles' advice: mlladder guide --profile {profile}")
    return "\n".join(lines) + "\n"
