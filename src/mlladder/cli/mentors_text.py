"""The mentor pairing as terminal text: the pairs with their reasons, who is left without a mentor and why, and
each mentor's load."""

from __future__ import annotations

from mlladder.limits import visible
from mlladder.team.mentors import MentorLoad, Pair, Pairing

__all__ = ["pairing_text"]


def pairing_text(pairing: Pairing, saved: int | None = None) -> str:
    """The whole view, each line safe for a terminal (control characters in names are shown as escapes)."""
    lines = [_headline(pairing), ""]
    for number, pair in enumerate(pairing.pairs, 1):
        lines += _pair_lines(number, pair)
    if pairing.unmatched:
        lines += ["", f"Without a mentor ({len(pairing.unmatched)}):"]
        lines += [f"  {item.mentee}: {item.explanation}" for item in pairing.unmatched]
    lines += _load_lines(pairing.mentors)
    if saved is not None:
        lines += [
            "",
            f"Saved {saved} proposal(s) in place of the undecided ones; accepted and declined pairs are kept.",
        ]
    return "".join(visible(line) + "\n" for line in lines)


def _headline(pairing: Pairing) -> str:
    people = len(pairing.pairs) + len(pairing.unmatched)
    if not pairing.pairs:
        return f"No mentor pairs for {people} people."
    capacity = pairing.options.capacity
    return (
        f"{len(pairing.pairs)} mentor pair(s) for {people} people, total benefit {pairing.total_benefit:g} "
        f"(each mentor takes at most {capacity} unless set otherwise; benefit = gap x the mentor's margin)"
    )


def _pair_lines(number: int, pair: Pair) -> list[str]:
    details = f"benefit {pair.benefit:g}"
    if pair.also:
        details += f"; also strong in {', '.join(pair.also)}"
    return [f"{number:>3}. {pair.explanation}", f"     {details}"]


def _load_lines(mentors: list[MentorLoad]) -> list[str]:
    busy = [load for load in mentors if load.assigned or load.ongoing]
    free = [load for load in mentors if not load.assigned and not load.ongoing and load.capacity]
    lines = []
    if busy:
        lines += ["", "Mentors (places taken of their capacity):"]
        lines += [f"  {load.name} ({load.level}): {_taken(load)}" for load in busy]
    if free:
        lines += ["", f"Could also mentor, with room: {', '.join(load.name for load in free)}"]
    return lines


def _taken(load: MentorLoad) -> str:
    ongoing = f", {load.ongoing} already agreed" if load.ongoing else ""
    return f"{load.assigned + load.ongoing} of {load.capacity}{ongoing}"
