"""The access policy: what each role may see of each audience (both ways), and the decisions built on it."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest

from mlladder import access
from mlladder.access import Audience, Owner, Role, Visibility
from mlladder.errors import InputError
from mlladder.store import User

VIEWER_ID = 10
MANAGER_ID = 20  # the viewer's own manager
OTHER_ID = 30
LEAD_ID = 40  # a manager who reports to the viewer

R, A, N = Visibility.RECORDS, Visibility.AGGREGATE, Visibility.NOTHING

# What the policy promises by default, written out case by case (the module keeps it as a table).
DECIDED = {
    (Role.ENGINEER, Audience.SELF): R,
    (Role.ENGINEER, Audience.REPORTS): N,
    (Role.ENGINEER, Audience.INDIRECT): N,
    (Role.ENGINEER, Audience.EVERYONE): N,
    (Role.MANAGER, Audience.SELF): R,
    (Role.MANAGER, Audience.REPORTS): R,
    (Role.MANAGER, Audience.INDIRECT): R,
    (Role.MANAGER, Audience.EVERYONE): N,
    (Role.DIRECTOR, Audience.SELF): R,
    (Role.DIRECTOR, Audience.REPORTS): R,
    (Role.DIRECTOR, Audience.INDIRECT): A,
    (Role.DIRECTOR, Audience.EVERYONE): N,
    (Role.ADMIN, Audience.SELF): R,
    (Role.ADMIN, Audience.REPORTS): R,
    (Role.ADMIN, Audience.INDIRECT): R,
    (Role.ADMIN, Audience.EVERYONE): R,
}

# Data of each audience, seen from the account VIEWER_ID.
OWNERS: dict[Audience, list[Owner | None]] = {
    Audience.SELF: [Owner(user_id=VIEWER_ID, manager_id=MANAGER_ID), Owner(user_id=VIEWER_ID, manager_id=None)],
    Audience.REPORTS: [Owner(user_id=OTHER_ID, manager_id=VIEWER_ID)],
    Audience.INDIRECT: [
        Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(VIEWER_ID,)),  # a report's report
        Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(41, VIEWER_ID, MANAGER_ID)),  # three levels down
    ],
    Audience.EVERYONE: [
        Owner(user_id=OTHER_ID, manager_id=None),
        Owner(user_id=OTHER_ID, manager_id=MANAGER_ID),  # a peer: same manager, not the viewer's report
        Owner(user_id=MANAGER_ID, manager_id=None),  # the viewer's own manager
        Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(MANAGER_ID,)),  # in a peer's team
        None,  # a person without an account, or no such person
    ],
}


def account(role: Role | str, user_id: int = VIEWER_ID) -> User:
    return User.model_validate(
        {
            "id": user_id,
            "username": f"user{user_id}",
            "role": role,
            "manager_id": MANAGER_ID,
            "person_id": user_id + 100,
            "created_at": dt.datetime(2025, 1, 6, tzinfo=dt.UTC),
        }
    )


def test_the_table_covers_every_role_and_audience() -> None:
    assert set(DECIDED) == {(role, audience) for role in Role for audience in Audience}
    assert set(access.SEES) == set(Role)
    assert all(set(row) == set(Audience) for row in access.SEES.values())


@pytest.mark.parametrize(("role", "whose"), list(DECIDED))
def test_each_role_sees_exactly_its_audiences(role: Role, whose: Audience) -> None:
    assert access.decide(role, whose) is DECIDED[role, whose]
    assert access.sees(role, whose) is (DECIDED[role, whose] is R)


@pytest.mark.parametrize(("role", "whose"), list(DECIDED))
def test_the_director_setting_turns_only_a_directors_aggregate_into_records(role: Role, whose: Audience) -> None:
    allowed = access.decide(role, whose, director_sees_people=True)
    expected = R if (role, whose) == (Role.DIRECTOR, Audience.INDIRECT) else DECIDED[role, whose]
    assert allowed is expected


@pytest.mark.parametrize("whose", list(Audience))
def test_the_audience_of_data_is_read_from_its_owner(whose: Audience) -> None:
    viewer = account(Role.ENGINEER)
    for owner in OWNERS[whose]:
        assert access.audience(viewer, owner) is whose, owner


@pytest.mark.parametrize(("role", "whose"), list(DECIDED))
def test_can_view_follows_the_table_for_every_owner_of_the_audience(role: Role, whose: Audience) -> None:
    viewer = account(role)
    for owner in OWNERS[whose]:
        assert access.visibility(viewer, owner) is DECIDED[role, whose], owner
        assert access.can_view(viewer, owner) is (DECIDED[role, whose] is R), owner


def test_a_director_sees_the_teams_below_as_an_aggregate_unless_the_server_allows_records() -> None:
    director = account(Role.DIRECTOR)
    below = Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(VIEWER_ID,))
    lead = Owner(user_id=LEAD_ID, manager_id=VIEWER_ID)
    assert access.visibility(director, below) is Visibility.AGGREGATE
    assert not access.can_view(director, below)
    assert access.visibility(director, below, director_sees_people=True) is Visibility.RECORDS
    assert access.can_view(director, below, director_sees_people=True)
    assert access.can_view(director, lead)  # the director's own report, with or without the setting
    outside = Owner(user_id=OTHER_ID, manager_id=MANAGER_ID, above=())
    assert access.visibility(director, outside, director_sees_people=True) is Visibility.NOTHING


def test_a_manager_of_managers_reads_the_whole_chain_below() -> None:
    manager = account(Role.MANAGER)
    below = Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(VIEWER_ID,))
    assert access.can_view(manager, below)
    assert not access.can_change(manager.role, own=False)


def test_an_engineer_named_as_a_manager_still_sees_only_their_own_data() -> None:
    lead = account(Role.ENGINEER)
    assert not access.can_view(lead, Owner(user_id=OTHER_ID, manager_id=lead.id))
    assert not access.can_view(lead, Owner(user_id=OTHER_ID, manager_id=LEAD_ID, above=(lead.id,)))


def test_the_chain_of_managers_is_read_nearest_first_and_ends_even_on_a_cycle() -> None:
    manager_of: dict[int, int | None] = {1: 2, 2: 3, 3: None, 4: 5, 5: 6, 6: 4, 7: 99}
    assert access.managers_above(manager_of, 1) == (2, 3)
    assert access.managers_above(manager_of, 3) == ()
    assert access.managers_above(manager_of, 4) == (5, 6)  # 6 -> 4 closes a cycle: the walk stops before it
    assert access.managers_above(manager_of, 7) == (99,)  # a manager the map does not know ends the chain
    assert access.managers_above(manager_of, 42) == ()


def test_aggregates_need_a_group_of_at_least_three() -> None:
    assert access.MIN_GROUP == 3
    assert [size for size in range(6) if access.shows_aggregate(size)] == [3, 4, 5]


@pytest.mark.parametrize("role", list(Role))
def test_the_shortcuts_agree_with_the_table(role: Role) -> None:
    assert access.sees_everyone(role) is (DECIDED[role, Audience.EVERYONE] is R)
    assert access.may_manage(role) is (DECIDED[role, Audience.REPORTS] is R)
    others = [DECIDED[role, whose] for whose in Audience if whose is not Audience.SELF]
    assert access.sees_others(role) is any(seen is not N for seen in others)


def test_who_sees_others_who_may_manage_and_who_needs_the_chain() -> None:
    assert [role for role in Role if access.sees_others(role)] == [Role.MANAGER, Role.DIRECTOR, Role.ADMIN]
    assert [role for role in Role if access.may_manage(role)] == [Role.MANAGER, Role.DIRECTOR, Role.ADMIN]
    assert [role for role in Role if access.needs_chain(role)] == [Role.MANAGER, Role.DIRECTOR]
    assert [role for role in Role if access.manages_accounts(role)] == [Role.ADMIN]


@pytest.mark.parametrize("role", list(Role))
def test_everyone_changes_their_own_data_only_admins_change_others(role: Role) -> None:
    assert access.can_change(role, own=True)
    assert access.can_change(role, own=False) is (role is Role.ADMIN)


def test_a_manager_sees_a_report_but_does_not_change_their_data() -> None:
    manager = account(Role.MANAGER)
    report = Owner(user_id=OTHER_ID, manager_id=manager.id)
    assert access.can_view(manager, report)
    assert not access.can_change(manager.role, own=False)


def test_roles_are_read_from_their_names_and_nothing_else() -> None:
    assert [access.parse_role(name) for name in ("engineer", "manager", "director", "admin")] == list(Role)
    assert access.parse_role(Role.ADMIN) is Role.ADMIN
    with pytest.raises(InputError, match=r"unknown role 'boss' \(fix: use one of engineer, manager, director, admin\)"):
        access.parse_role("boss")
    with pytest.raises(InputError, match="unknown role 'Admin'"):
        access.parse_role("Admin")  # user input is not guessed at


def test_role_names_for_signatures_match_the_enum() -> None:
    assert list(get_args(access.RoleName)) == [role.value for role in Role]
    assert access.role_choices() == "engineer, manager, director or admin"


def test_a_stored_role_reads_back_as_the_enum_and_compares_as_text() -> None:
    user = account("director")
    assert user.role is Role.DIRECTOR
    assert user.role.upper() == "DIRECTOR"  # a str, as code written for the names expects
    assert user.model_dump(mode="json")["role"] == "director"
