"""Mentor pairs in the database: the pairs a pairing proposed and what the people involved decided about them.

A proposal set replaces the undecided proposals of the mentees it covers and keeps every decision: an accepted
pair stays accepted, and a declined pair is never proposed again (callers also pass declined pairs to the pairing
as exclusions, so it finds those mentees someone else). Who may decide is :mod:`mlladder.access`'s answer: anyone
who may see the mentor's or the mentee's records, that is the two people themselves, the managers above them and
admins. In single-user mode there are no accounts and the one user decides.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from mlladder.access import Visibility
from mlladder.errors import InputError, clipped
from mlladder.limits import clean_text
from mlladder.store import engine as db
from mlladder.store.database import get_row, inserted, record, require_person
from mlladder.store.models import MentorPairRow, MentorPairStatus, PersonRow
from mlladder.store.people import People
from mlladder.store.records import User

__all__ = [
    "MAX_EXPLANATION",
    "Decision",
    "MentorPair",
    "MentorPairNotAllowed",
    "Mentoring",
    "NewMentorPair",
    "NoPersonNamed",
    "NoSuchMentorPair",
    "mentor_pair_rows",
    "person_named",
]

MAX_ID = 80  # characters of a framework or competency id (the columns' size)
MAX_EXPLANATION = 2_000  # characters: a sentence or two, as the pairing writes them
# PostgreSQL advisory lock id (after the engine's own): two proposal sets saved at once are written one after the
# other, so the second sees the first's pairs instead of failing on the unique (mentor, mentee, competency).
PROPOSALS_LOCK = 0x6D6C6C63
Decision = Literal["accepted", "declined"]


class MentorPairNotAllowed(InputError):
    """The account may not decide this pair: it is neither of the two people, nor above them, nor an admin."""


class NoPersonNamed(InputError):
    """A name given for a pair's mentor or mentee is nobody's in the database, or more than one person's."""


class NoSuchMentorPair(InputError):
    """The two people have no pair waiting for a decision (none at all, or one decided already)."""


class NewMentorPair(BaseModel):
    """A pair to propose, as the pairing chose and explained it."""

    model_config = ConfigDict(frozen=True)

    mentor_id: int
    mentee_id: int
    framework_id: str
    competency: str
    benefit: float
    explanation: str


class MentorPair(BaseModel):
    """A stored pair: who, on what, why, and its decision."""

    model_config = ConfigDict(frozen=True)

    id: int
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str
    framework_id: str
    competency: str
    benefit: float
    explanation: str
    status: MentorPairStatus
    proposed_at: dt.datetime
    decided_by: int | None  # the account that decided; None while proposed, in single-user mode, or once deleted
    decided_at: dt.datetime | None


class Mentoring(People):
    """Proposed mentor pairs and their decisions. It builds on :class:`People` to ask who may decide."""

    def save_mentor_proposals(self, pairs: Sequence[NewMentorPair], mentees: Collection[int] = ()) -> list[MentorPair]:
        """Propose ``pairs`` in one transaction, replacing the undecided proposals of every mentee they name and of
        ``mentees`` (the people the pairing covered, matched or not). A pair that was declined (on any competency)
        or that is already decided is left as it is; the pairs written are returned."""
        for pair in pairs:
            _check(pair)
        covered = set(mentees) | {pair.mentee_id for pair in pairs}
        with self._db.write() as session:
            db.lock_for_transaction(session.connection(), PROPOSALS_LOCK)
            for person_id in sorted({*covered, *(pair.mentor_id for pair in pairs)}):
                require_person(session, person_id)
            session.execute(
                delete(MentorPairRow).where(MentorPairRow.mentee_id.in_(covered), MentorPairRow.status == "proposed")
            )
            kept = list(session.scalars(select(MentorPairRow).where(MentorPairRow.mentee_id.in_(covered))))
            declined = {(row.mentor_id, row.mentee_id) for row in kept if row.status == "declined"}
            taken = {(row.mentor_id, row.mentee_id, row.competency) for row in kept}
            now = self._db.now()
            written = []
            for pair in pairs:
                key = (pair.mentor_id, pair.mentee_id, pair.competency)
                if (pair.mentor_id, pair.mentee_id) in declined or key in taken:
                    continue
                taken.add(key)
                written.append(inserted(session, MentorPairRow(**_values(pair), status="proposed", proposed_at=now)))
            return _pairs(session, written)

    def list_mentor_pairs(
        self,
        person_id: int | None = None,
        status: MentorPairStatus | None = None,
        viewer: User | None = None,
        *,
        director_sees_people: bool = False,
    ) -> list[MentorPair]:
        """The pairs a person is in (as mentor or mentee; default: every pair), with ``status`` when given, and
        with ``viewer`` only those the account may see (either person's records): a manager's view of their people.
        Largest benefit first. ``director_sees_people`` is the server's setting (see :mod:`mlladder.access`)."""
        query = select(MentorPairRow)
        if person_id is not None:
            query = query.where(or_(MentorPairRow.mentor_id == person_id, MentorPairRow.mentee_id == person_id))
        if status is not None:
            query = query.where(MentorPairRow.status == status)
        with self._db.read() as session:
            rows = list(session.scalars(query.order_by(MentorPairRow.benefit.desc(), MentorPairRow.id)))
            found = _pairs(session, rows)
        if viewer is None:
            return found
        seen = self.visibilities(viewer, director_sees_people=director_sees_people)
        visible = {person_id for person_id, what in seen.items() if what is Visibility.RECORDS}
        return [pair for pair in found if pair.mentor_id in visible or pair.mentee_id in visible]

    def person_id_named(self, name: str, role: str = "person") -> int:
        """The one person called ``name`` (matched without regard to case or surrounding spaces);
        :class:`NoPersonNamed`, naming ``role`` and the closest name, when nobody is or several people are."""
        wanted = name.strip().casefold()
        with self._db.read() as session:
            people: list[tuple[int, str]] = [
                (row.id, row.name)
                for row in session.execute(select(PersonRow.id, PersonRow.name).order_by(PersonRow.id))
            ]
        found = [person_id for person_id, known in people if known.strip().casefold() == wanted]
        if len(found) == 1:
            return found[0]
        if found:
            raise NoPersonNamed(
                f"{role} '{clipped(name)}': {len(found)} people have that name "
                "(fix: rename one of them, or decide the pair on the mentor pairs page)"
            )
        close = difflib.get_close_matches(name.strip(), [known for _, known in people], n=1)
        hint = f"did you mean '{clipped(close[0])}'?" if close else "give the name of someone in the database"
        raise NoPersonNamed(f"{role} '{clipped(name)}': nobody of that name is in the database (fix: {hint})")

    def proposed_pair_between(self, mentee: str, mentor: str) -> MentorPair:
        """The proposed pair in which ``mentor`` mentors ``mentee`` (by name, see :meth:`person_id_named`);
        :class:`NoSuchMentorPair` says why there is none: no pair of the two, one already decided, or one the
        other way round."""
        mentee_id = self.person_id_named(mentee, "mentee")
        mentor_id = self.person_id_named(mentor, "mentor")
        pairs = [pair for pair in self.list_mentor_pairs(mentee_id) if pair.mentor_id == mentor_id]
        proposed = [pair for pair in pairs if pair.status == "proposed"]
        if proposed:
            return proposed[0]
        who = f"{clipped(mentor)} mentoring {clipped(mentee)}"
        if pairs:
            pair = pairs[0]
            when = f" on {pair.decided_at:%Y-%m-%d}" if pair.decided_at is not None else ""
            raise NoSuchMentorPair(
                f"the pair of {who} was {pair.status}{when}, so is no longer proposed "
                "(fix: nothing to decide; the decision stands)"
            )
        reverse = [pair for pair in self.list_mentor_pairs(mentor_id) if pair.mentor_id == mentee_id]
        hint = (
            f"the proposal is the other way round: {clipped(mentee)} mentors {clipped(mentor)}; give the mentee first"
            if reverse
            else "see the saved pairs, or save a pairing first"
        )
        raise NoSuchMentorPair(f"no pair of {who} is proposed (fix: {hint})")

    def get_mentor_pair(self, pair_id: int) -> MentorPair:
        with self._db.read() as session:
            return _pairs(session, [get_row(session, MentorPairRow, pair_id, "mentor pair")])[0]

    def decide_mentor_pair(
        self, pair_id: int, decision: Decision, user: User | None = None, *, director_sees_people: bool = False
    ) -> MentorPair:
        """Accept or decline a pair (a decision may be changed later). ``user`` is the account deciding, None in
        single-user mode; :class:`MentorPairNotAllowed` when it may not see either person's records."""
        if decision not in ("accepted", "declined"):
            raise InputError(f"decision: '{decision}' is not a decision (fix: accept or decline the pair)")
        pair = self.get_mentor_pair(pair_id)
        if user is not None and not any(
            self.can_view(user, person_id, director_sees_people=director_sees_people)
            for person_id in (pair.mentee_id, pair.mentor_id)
        ):
            raise MentorPairNotAllowed(
                f"mentor pair {pair_id}: {user.username} may not decide it "
                "(fix: ask the mentor, the mentee or a manager above them)"
            )
        with self._db.write() as session:
            row = get_row(session, MentorPairRow, pair_id, "mentor pair")
            row.status, row.decided_at = decision, self._db.now()
            row.decided_by = None if user is None else user.id
            session.flush()
            return _pairs(session, [row])[0]


def _check(pair: NewMentorPair) -> None:
    """A pair that could not be stored is one readable error before anything is written."""
    if pair.mentor_id == pair.mentee_id:
        raise InputError(f"mentor pair: person {pair.mentor_id} cannot mentor themselves (fix: pair two people)")
    for name in ("framework_id", "competency"):
        if not 1 <= len(getattr(pair, name)) <= MAX_ID:
            raise InputError(f"mentor pair {name}: must be 1 to {MAX_ID} characters (fix: pass the framework's id)")
    if not pair.benefit >= 0:  # NaN too
        raise InputError(f"mentor pair benefit: {pair.benefit} is not a benefit (fix: pass 0 or more)")
    if not clean_text(pair.explanation).strip() or len(pair.explanation) > MAX_EXPLANATION:
        raise InputError(f"mentor pair explanation: must be 1 to {MAX_EXPLANATION:,} characters (fix: explain it)")


def _values(pair: NewMentorPair) -> dict[str, object]:
    values = pair.model_dump()
    values["explanation"] = clean_text(pair.explanation).strip()
    return values


def _pairs(session: Session, rows: list[MentorPairRow]) -> list[MentorPair]:
    """The rows as records, with both people's names (read once for all of them)."""
    ids = {row.mentor_id for row in rows} | {row.mentee_id for row in rows}
    names = dict(session.execute(select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(ids))).all())
    return [record(MentorPair, row, mentor_name=names[row.mentor_id], mentee_name=names[row.mentee_id]) for row in rows]


def mentor_pair_rows(session: Session, person_id: int) -> list[tuple[MentorPairRow, str]]:
    """The pairs a person is in, with the other person's name, in the order they were made (for an export)."""
    rows = list(
        session.scalars(
            select(MentorPairRow)
            .where(or_(MentorPairRow.mentor_id == person_id, MentorPairRow.mentee_id == person_id))
            .order_by(MentorPairRow.id)
        )
    )
    named = {pair.id: pair for pair in _pairs(session, rows)}
    return [
        (row, named[row.id].mentee_name if row.mentor_id == person_id else named[row.id].mentor_name) for row in rows
    ]


def person_named(session: Session, name: str, other_than: int) -> int | None:
    """The one person called ``name`` besides ``other_than``; None when there is nobody or more than one, since a
    pair must not be given to the wrong person."""
    found = list(
        session.scalars(select(PersonRow.id).where(PersonRow.name == name, PersonRow.id != other_than).limit(2))
    )
    return found[0] if len(found) == 1 else None
