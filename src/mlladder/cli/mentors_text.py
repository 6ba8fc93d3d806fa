"""The mentor pairing as terminal text: the pairs with their reasons, who is left without a mentor and why, and
each mentor's load; and the pairs saved in a database with their decisions."""

from __future__ import annotations

from mlladder.limits import visible
from mlladder.store.mentoring import MentorPair
from mlladder.team.mentors import MentorLoad, Pair, Pairing

__all__ = ["decided_text", "pairing_text", "pairs_text"]


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


def pairs_text(pairs: list[MentorPair]) -> str:
    """The saved pairs, one line each: status, the pair's explanation, benefit and date."""
    if not pairs:
        return "No saved mentor pairs (save some with 'mlladder mentors --db URL --save').\n"
    counts = {status: sum(pair.status == status for pair in pairs) for status in ("proposed", "accepted", "declined")}
    lines = [f"{len(pairs)} saved mentor pair(s): " + ", ".join(f"{n} {status}" for status, n in counts.items()), ""]
    lines += [
        f"  {pair.status:<8}  {pair.explanation}" + f" (benefit {pair.benefit:g}; {_when(pair)})" for pair in pairs
    ]
    return "".join(visible(line) + "\n" for line in lines)


def decided_text(pair: MentorPair) -> str:
    """What a decision did, in one line."""
    after = (
        f"{pair.mentee_name} keeps {pair.mentor_name} as mentor when pairs are proposed again"
        if pair.status == "accepted"
        else "the two are not proposed together again"
    )
    return visible(f"{pair.status.capitalize()}: {pair.explanation} ({after})") + "\n"


def _when(pair: MentorPair) -> str:
    if pair.decided_at is not None:
        return f"{pair.status} {pair.decided_at:%Y-%m-%d}"
    return f"proposed {pair.proposed_at:%Y-%m-%d}"
