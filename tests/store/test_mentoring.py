"""Mentor pairs in the store: the migration that adds them, proposals, decisions and who may make them."""

from __future__ import annotations

import re
import threading

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from mlladder.errors import InputError
from mlladder.store import InvalidExport, Store
from mlladder.store.engine import alembic_config, writer
from mlladder.store.mentoring import MentorPairNotAllowed, NewMentorPair, NoPersonNamed, NoSuchMentorPair
from tests.store.conftest import MakeStore, MakeUrl


def migrate_to(store: Store, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with writer(store.engine).begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_migration_adds_the_pairs_table_and_takes_it_away_again(make_store: MakeStore) -> None:
    store = make_store(migrate=False)
    migrate_to(store, "0003")
    ada = store.create_person("Ada")
    migrate_to(store, "0004")
    assert store.schema_revision() == "0004"
    assert "mentor_pairs" in inspect(store.engine).get_table_names()
    migrate_to(store, "0003", down=True)
    assert store.schema_revision() == "0003"
    assert "mentor_pairs" not in inspect(store.engine).get_table_names()
    assert store.list_people() == [ada]  # going down keeps everything else
    migrate_to(store, "0004")
    assert "mentor_pairs" in inspect(store.engine).get_table_names()


# -- proposals and decisions ----------------------------------------------------------------------------------------


def proposal(mentor: int, mentee: int, competency: str = "mlops", benefit: float = 6.0) -> NewMentorPair:
    return NewMentorPair(
        mentor_id=mentor,
        mentee_id=mentee,
        framework_id="ml-engineer",
        competency=competency,
        benefit=benefit,
        explanation=f"person {mentor} mentors person {mentee} on {competency}",
    )


@pytest.fixture
def people(fresh_store: Store) -> dict[str, int]:
    return {name: fresh_store.create_person(name).id for name in ("Ana", "Ben", "Cy", "Dee")}


def test_proposals_are_saved_with_both_names_and_listed_by_person(fresh_store: Store, people: dict[str, int]) -> None:
    ana, ben, cy, dee = people.values()
    saved = fresh_store.save_mentor_proposals([proposal(ana, ben), proposal(cy, dee, "research", 2.0)])
    assert [(p.mentor_name, p.mentee_name, p.status, p.decided_at) for p in saved] == [
        ("Ana", "Ben", "proposed", None),
        ("Cy", "Dee", "proposed", None),
    ]
    assert [p.mentee_name for p in fresh_store.list_mentor_pairs()] == ["Ben", "Dee"]  # largest benefit first
    assert [p.id for p in fresh_store.list_mentor_pairs(person_id=ana)] == [saved[0].id]
    assert [p.id for p in fresh_store.list_mentor_pairs(person_id=dee)] == [saved[1].id]
    assert fresh_store.get_mentor_pair(saved[1].id) == saved[1]


def test_a_new_proposal_set_replaces_undecided_pairs_and_keeps_decisions(
    fresh_store: Store, people: dict[str, int]
) -> None:
    ana, ben, cy, dee = people.values()
    first = fresh_store.save_mentor_proposals([proposal(ana, ben), proposal(ana, dee), proposal(cy, ben, "research")])
    accepted = fresh_store.decide_mentor_pair(first[0].id, "accepted")
    declined = fresh_store.decide_mentor_pair(first[1].id, "declined")
    assert (accepted.status, declined.status) == ("accepted", "declined")
    assert accepted.decided_at is not None and accepted.decided_by is None  # single-user mode: no account
    # Again: Ana-Ben is decided already, Ana-Dee was declined (on any competency it stays declined).
    again = fresh_store.save_mentor_proposals(
        [proposal(ana, ben), proposal(ana, dee, "research"), proposal(cy, dee, "leadership")]
    )
    assert [(p.mentor_name, p.mentee_name, p.competency) for p in again] == [("Cy", "Dee", "leadership")]
    pairs = {(p.mentor_name, p.mentee_name, p.competency): p.status for p in fresh_store.list_mentor_pairs()}
    assert pairs == {
        ("Ana", "Ben", "mlops"): "accepted",
        ("Ana", "Dee", "mlops"): "declined",
        ("Cy", "Dee", "leadership"): "proposed",
    }  # Cy-Ben on research was undecided and Ben was covered again: replaced


def test_a_mentee_covered_but_not_paired_loses_their_old_proposal(fresh_store: Store, people: dict[str, int]) -> None:
    ana, ben, cy, dee = people.values()
    fresh_store.save_mentor_proposals([proposal(ana, ben), proposal(cy, dee)])
    assert fresh_store.save_mentor_proposals([], mentees=[ben]) == []
    assert [p.mentee_name for p in fresh_store.list_mentor_pairs()] == ["Dee"]  # Dee was not covered: kept


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"mentee_id": "mentor"}, "cannot mentor themselves"),
        ({"competency": ""}, "mentor pair competency: must be 1 to 80 characters"),
        ({"benefit": float("nan")}, "mentor pair benefit: nan is not a benefit"),
        ({"explanation": "\x00\x01 "}, "mentor pair explanation: must be 1 to 2,000 characters"),
        ({"mentor_id": 9999}, "no person with id 9999"),
    ],
)
def test_a_bad_pair_writes_nothing_of_its_set(
    fresh_store: Store, people: dict[str, int], bad: dict[str, object], message: str
) -> None:
    ana, ben, cy, _ = people.values()
    fresh_store.save_mentor_proposals([proposal(cy, ben, "research")])
    values = proposal(ana, ben).model_dump() | {k: (ana if v == "mentor" else v) for k, v in bad.items()}
    with pytest.raises(InputError, match=re.escape(message)):
        fresh_store.save_mentor_proposals([proposal(ana, ben, "leadership"), NewMentorPair(**values)])
    assert [(p.mentor_name, p.competency) for p in fresh_store.list_mentor_pairs()] == [("Cy", "research")]


def test_the_two_people_and_the_managers_above_them_may_decide_and_nobody_else(fresh_store: Store) -> None:
    store = fresh_store
    password = "correct horse battery"
    lead = store.create_user("lea", password, "manager", name="Lea Lead")
    mentor = store.create_user("ana", password, "engineer", name="Ana")
    mentee = store.create_user("ben", password, "engineer", lead.id, name="Ben")
    stranger = store.create_user("sam", password, "engineer", name="Sam")
    admin = store.create_user("root", password, "admin", name="Root")
    assert mentor.person_id is not None and mentee.person_id is not None
    [pair] = store.save_mentor_proposals([proposal(mentor.person_id, mentee.person_id)])
    with pytest.raises(MentorPairNotAllowed, match=f"^mentor pair {pair.id}: sam may not decide it"):
        store.decide_mentor_pair(pair.id, "accepted", stranger)
    assert store.get_mentor_pair(pair.id).status == "proposed"  # untouched
    for user, decision in ((mentee, "accepted"), (mentor, "declined"), (lead, "accepted"), (admin, "declined")):
        decided = store.decide_mentor_pair(pair.id, decision, user)  # type: ignore[arg-type]
        assert (decided.status, decided.decided_by) == (decision, user.id)
    with pytest.raises(InputError, match="'maybe' is not a decision"):
        store.decide_mentor_pair(pair.id, "maybe", lead)  # type: ignore[arg-type]
    # What each account is shown: its own pairs, its reports' pairs, everything for an admin.
    assert [p.id for p in store.list_mentor_pairs(viewer=lead)] == [pair.id]
    assert store.list_mentor_pairs(viewer=stranger) == []
    assert [p.id for p in store.list_mentor_pairs(viewer=admin, status="declined")] == [pair.id]
    assert store.list_mentor_pairs(viewer=admin, status="proposed") == []


def test_a_director_decides_for_people_further_down_only_where_the_server_allows_it(fresh_store: Store) -> None:
    store = fresh_store
    password = "correct horse battery"
    director = store.create_user("dan", password, "director", name="Dan Director")
    lead = store.create_user("lea", password, "manager", director.id, name="Lea Lead")
    mentor = store.create_user("ana", password, "engineer", lead.id, name="Ana")
    mentee = store.create_user("ben", password, "engineer", lead.id, name="Ben")
    assert mentor.person_id is not None and mentee.person_id is not None
    [pair] = store.save_mentor_proposals([proposal(mentor.person_id, mentee.person_id)])
    with pytest.raises(MentorPairNotAllowed):
        store.decide_mentor_pair(pair.id, "accepted", director)  # an aggregate only, by default
    assert store.list_mentor_pairs(viewer=director) == []
    decided = store.decide_mentor_pair(pair.id, "accepted", director, director_sees_people=True)
    assert (decided.status, decided.decided_by) == ("accepted", director.id)
    assert [p.id for p in store.list_mentor_pairs(viewer=director, director_sees_people=True)] == [pair.id]


def test_two_proposal_sets_saved_at_once_are_written_one_after_the_other(
    make_url: MakeUrl, make_store: MakeStore
) -> None:
    url = make_url()
    stores = [make_store(url), make_store(url)]
    ana, ben, cy, dee = (stores[0].create_person(name).id for name in ("Ana", "Ben", "Cy", "Dee"))
    pairs = [proposal(ana, ben), proposal(cy, dee)]
    start = threading.Barrier(len(stores))
    failures: list[BaseException] = []

    def save(store: Store) -> None:
        start.wait()
        try:
            for _ in range(5):
                store.save_mentor_proposals(pairs)
        except BaseException as error:  # any failure of either writer fails the test
            failures.append(error)

    threads = [threading.Thread(target=save, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted((p.mentor_name, p.mentee_name) for p in stores[1].list_mentor_pairs()) == [
        ("Ana", "Ben"),
        ("Cy", "Dee"),
    ]


def test_the_database_refuses_a_decision_without_its_time(fresh_store: Store, people: dict[str, int]) -> None:
    [pair] = fresh_store.save_mentor_proposals([proposal(people["Ana"], people["Ben"])])
    with pytest.raises(IntegrityError), fresh_store.engine.begin() as connection:
        connection.execute(text("UPDATE mentor_pairs SET status = 'accepted' WHERE id = :id"), {"id": pair.id})
    with pytest.raises(IntegrityError), fresh_store.engine.begin() as connection:
        connection.execute(text("UPDATE mentor_pairs SET status = 'maybe' WHERE id = :id"), {"id": pair.id})


# -- export and import ----------------------------------------------------------------------------------------------


def test_an_export_carries_the_pairs_and_an_import_restores_them_where_the_partner_is(
    fresh_store: Store, make_store: MakeStore, people: dict[str, int]
) -> None:
    ana, ben, cy, _ = people.values()
    pairs = fresh_store.save_mentor_proposals([proposal(ana, ben), proposal(cy, ana, "research", 2.0)])
    fresh_store.decide_mentor_pair(pairs[0].id, "accepted")
    data = fresh_store.export_person(ana)
    assert [(p["role"], p["partner"], p["status"]) for p in data["mentoring"]] == [
        ("mentor", "Ben", "accepted"),
        ("mentee", "Cy", "proposed"),
    ]
    other = make_store()
    other.create_person("Ben")  # Cy is not in the other database: that pair stays behind
    new_ana = other.import_person(data)
    [restored] = other.list_mentor_pairs(person_id=new_ana)
    original = fresh_store.get_mentor_pair(pairs[0].id)
    assert (restored.mentor_name, restored.mentee_name, restored.status) == ("Ana", "Ben", "accepted")
    assert (restored.decided_at, restored.proposed_at, restored.explanation) == (
        original.decided_at,
        original.proposed_at,
        original.explanation,
    )
    assert other.export_person(new_ana)["mentoring"][0]["partner"] == "Ben"
    # An export from before mentor pairs imports with none.
    older = {key: value for key, value in data.items() if key != "mentoring"}
    assert other.list_mentor_pairs(person_id=other.import_person(older)) == []


def test_an_export_with_a_decision_missing_its_time_is_refused(fresh_store: Store, people: dict[str, int]) -> None:
    fresh_store.save_mentor_proposals([proposal(people["Ana"], people["Ben"])])
    data = fresh_store.export_person(people["Ana"])
    data["mentoring"][0]["status"] = "accepted"
    with pytest.raises(InvalidExport, match="a decision needs its time"):
        fresh_store.import_person(data)


# -- finding a pair by the names of its people (as the command line does) ------------------------------------------


def test_a_proposed_pair_is_found_by_names_on_every_backend(fresh_store: Store, people: dict[str, int]) -> None:
    ana, ben, cy, dee = people.values()
    saved = fresh_store.save_mentor_proposals([proposal(ana, ben), proposal(cy, dee, "research", 2.0)])
    assert fresh_store.person_id_named("  ana ") == ana  # any case, surrounding spaces ignored
    assert fresh_store.proposed_pair_between("BEN", "Ana").id == saved[0].id
    with pytest.raises(
        NoSuchMentorPair,
        match=r"no pair of Ben mentoring Ana .* the other way round: Ana mentors Ben; give the mentee first",
    ):
        fresh_store.proposed_pair_between("Ana", "Ben")
    with pytest.raises(NoSuchMentorPair, match="no pair of Cy mentoring Ben is proposed"):
        fresh_store.proposed_pair_between("Ben", "Cy")
    fresh_store.decide_mentor_pair(saved[1].id, "declined")
    with pytest.raises(NoSuchMentorPair, match=r"the pair of Cy mentoring Dee was declined on \d{4}-\d\d-\d\d"):
        fresh_store.proposed_pair_between("Dee", "Cy")


def test_a_name_that_is_nobody_or_several_people_is_refused(fresh_store: Store, people: dict[str, int]) -> None:
    with pytest.raises(NoPersonNamed, match=r"mentee 'Bne': nobody of that name .* did you mean 'Ben'"):
        fresh_store.person_id_named("Bne", "mentee")
    fresh_store.create_person("ben")
    with pytest.raises(NoPersonNamed, match="mentor 'Ben': 2 people have that name"):
        fresh_store.person_id_named("Ben", "mentor")
