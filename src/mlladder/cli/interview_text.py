"""Plain-text views of interview preparation and practice history for the terminal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mlladder import InterviewPrep, PracticeHistory
from mlladder.guidance.practice import QuestionState

__all__ = ["history_text", "prep_text"]

DUE_SHOWN = 10  # questions listed under "due next" per level


def prep_text(prep: InterviewPrep, competency: str | None = None) -> str:
    lines = [f"{prep.level} {prep.level_title}: {len(prep.questions)} interview questions"]
    if prep.focus:
        lines.append("Your gaps first: " + ", ".join(group.name for group in prep.groups if group.focus))
    for group in prep.groups:
        if competency is not None and group.competency != competency:
            continue
        mark = " (a gap)" if group.focus else ""
        lines += ["", f"{group.name}{mark}"]
        for question in group.questions:
            lines.append(f"  - {question.question}")
            lines.append(f"    [{question.kind.replace('_', ' ')}; {question.provenance}]")
    return "\n".join(lines) + "\n"


def _strength(value: float | None) -> str:
    return "not practised" if value is None else f"{value:.1f} of 4"


def _when(state: QuestionState, now: dt.datetime) -> str:
    if state.due is None:
        return ""
    if state.is_due(now):
        return "due now"
    days = (state.due - now).total_seconds() / 86400
    return f"due {state.due.date().isoformat()} (in {max(1, round(days))} day{'s' if round(days) > 1 else ''})"


def history_text(histories: Sequence[PracticeHistory], now: dt.datetime) -> str:
    if not histories:
        return "No practice yet. Start with: mlladder interview --level L3\n"
    lines: list[str] = []
    for history in histories:
        if lines:
            lines.append("")
        lines.append(f"{history.level}: {history.answers} answer{'s' if history.answers != 1 else ''}")
        width = max(len(topic.name) for topic in history.topics)
        for topic in history.topics:
            weak = "  weak" if topic.weak else ""
            due = f"  {topic.due} due" if topic.due else ""
            practised = f"{topic.practised}/{topic.questions} questions"
            lines.append(f"  {topic.name.ljust(width)}  {_strength(topic.strength):13}  {practised}{weak}{due}")
        if history.due_next:
            lines.append("  Due next:")
            for state in history.due_next[:DUE_SHOWN]:
                lines.append(f"    {state.question_id}  box {state.box}  {_when(state, now)}")
    return "\n".join(lines) + "\n"
