"""Who sees whom through the chain of managers, read from the database: directors, managers of managers, and
the checks on setting an account's role and manager."""

from __future__ import annotations

import pytest

from mlladder.access import Role, Visibility
from mlladder.errors import InputError
from mlladder.store import Store, User

PASSWORD = "correct horse battery"


@pytest.fixture
def org(fresh_store: Store) -> dict[str, User]:
    """Dana directs; Lea (a manager) reports to her and leads Bo and Cy; Ed reports to Dana directly; Mo manages
    Fi in another part of the organisation; there is an admin; and a person without an account."""
    store = fresh_store
    made: dict[str, User] = {}

    def add(name: str, role: str, manager: str | None = None) -> None:
        made[name] = store.create_user(name, PASSWORD, role, made[manager].id if manager else None)  # type: ignore[arg-type]

    add("dana", "director")
    add("lea", "manager", "dana")
    add("bo", "engineer", "lea")
    add("cy", "engineer", "lea")
    add("ed", "engineer", "dana")
    add("mo", "manager")
    add("fi", "engineer", "mo")
    add("root", "admin")
    store.create_person("Loose")
    return made


def person(org: dict[str, User], name: str) -> int:
    found = org[name].person_id
    assert found is not None
    return found


def seen(store: Store, viewer: User, org: dict[str, User], **setting: bool) -> dict[str, Visibility]:
    names = {person(org, name): name for name in org}
    return {names.get(key, "Loose"): value for key, value in store.visibilities(viewer, **setting).items()}


R, A = Visibility.RECORDS, Visibility.AGGREGATE


def test_a_director_reads_direct_reports_and_sees_the_rest_of_the_chain_as_an_aggregate(
    fresh_store: Store, org: dict[str, User]
) -> None:
    dana = org["dana"]
    assert seen(fresh_store, dana, org) == {"dana": R, "lea": R, "ed": R, "bo": A, "cy": A}
    assert fresh_store.visibility(dana, person(org, "bo")) is A
    assert not fresh_store.can_view(dana, person(org, "bo"))
    assert fresh_store.can_view(dana, person(org, "lea"))
    assert fresh_store.visibility(dana, person(org, "fi")) is Visibility.NOTHING


def test_the_server_setting_lets_a_director_read_everyone_below(fresh_store: Store, org: dict[str, User]) -> None:
    dana = org["dana"]
    assert seen(fresh_store, dana, org, director_sees_people=True) == {"dana": R, "lea": R, "ed": R, "bo": R, "cy": R}
    assert fresh_store.can_view(dana, person(org, "bo"), director_sees_people=True)
    assert not fresh_store.can_view(dana, person(org, "fi"), director_sees_people=True)  # not below her


def test_managers_engineers_and_admins(fresh_store: Store, org: dict[str, User]) -> None:
    assert seen(fresh_store, org["lea"], org) == {"lea": R, "bo": R, "cy": R}
    assert seen(fresh_store, org["bo"], org) == {"bo": R}
    assert seen(fresh_store, org["root"], org) == dict.fromkeys([*org, "Loose"], R)
    assert next(iter(fresh_store.visibilities(org["root"]))) == person(org, "root")  # the viewer's own first
    assert not fresh_store.can_view(org["lea"], person(org, "dana"))  # nobody sees up the chain


def test_a_manager_of_managers_reads_the_whole_chain(fresh_store: Store, org: dict[str, User]) -> None:
    fresh_store.update_account(org["dana"].id, Role.MANAGER, None)
    dana = fresh_store.get_user(org["dana"].id)
    assert seen(fresh_store, dana, org) == {"dana": R, "lea": R, "ed": R, "bo": R, "cy": R}


def test_an_account_gets_another_role_and_manager(fresh_store: Store, org: dict[str, User]) -> None:
    moved = fresh_store.update_account(org["fi"].id, "engineer", org["lea"].id)
    assert (moved.role, moved.manager_id, moved.person_id) == (Role.ENGINEER, org["lea"].id, person(org, "fi"))
    assert fresh_store.can_view(org["lea"], person(org, "fi"))
    promoted = fresh_store.update_account(org["mo"].id, "director", None)
    assert promoted.role is Role.DIRECTOR
    assert fresh_store.update_account(org["ed"].id, "engineer", None).manager_id is None


@pytest.mark.parametrize(
    ("who", "role", "manager", "message"),
    [
        ("lea", "manager", "lea", "'lea' cannot be their own manager"),
        ("dana", "director", "bo", "'bo' is engineer, who cannot manage others"),
        ("dana", "director", "lea", "'lea' cannot manage 'dana': they report to 'dana'"),
        ("dana", "director", "cy", "'cy' is engineer"),
        ("lea", "engineer", "dana", "'lea' manages other accounts, so cannot become engineer"),
        ("bo", "boss", None, "unknown role 'boss'"),
    ],
)
def test_changes_that_would_break_the_chain_are_refused_and_change_nothing(
    fresh_store: Store, org: dict[str, User], who: str, role: str, manager: str | None, message: str
) -> None:
    before = fresh_store.list_users()
    with pytest.raises(InputError, match=message):
        fresh_store.update_account(org[who].id, role, org[manager].id if manager else None)  # type: ignore[arg-type]
    assert fresh_store.list_users() == before


def test_a_cycle_further_down_is_refused(fresh_store: Store, org: dict[str, User]) -> None:
    fresh_store.update_account(org["bo"].id, "manager", org["lea"].id)
    with pytest.raises(InputError, match="the managers would go round in a circle"):
        fresh_store.update_account(org["dana"].id, "director", org["bo"].id)  # bo is two levels below dana
