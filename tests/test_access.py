"""The access policy: what each role may see of each audience (both ways), and the decisions built on it."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest

from mlladder import access
from mlladder.access import Audience, Owner, Role
from mlladder.errors import InputError
from mlladder.store import User

VIEWER_ID = 10
MANAGER_ID = 20  # the viewer's own manager
OTHER_ID = 30

# What the policy promises, written out case by case (the module keeps it as a table).
VISIBLE = {
    (Role.ENGINEER, Audience.SELF): True,
    (Role.ENGINEER, Audience.REPORTS): False,
    (Role.ENGINEER, Audience.EVERYONE): False,
    (Role.MANAGER, Audience.SELF): True,
    (Role.MANAGER, Audience.REPORTS): True,
    (Role.MANAGER, Audience.EVERYONE): False,
    (Role.ADMIN, Audience.SELF): True,
    (Role.ADMIN, Audience.REPORTS): True,
    (Role.ADMIN, Audience.EVERYONE): True,
}

# Data of each audience, seen from the account VIEWER_ID.
OWNERS: dict[Audience, list[Owner | None]] = {
    Audience.SELF: [Owner(user_id=VIEWER_ID, manager_id=MANAGER_ID), Owner(user_id=VIEWER_ID, manager_id=None)],
    Audience.REPORTS: [Owner(user_id=OTHER_ID, manager_id=VIEWER_ID)],
    Audience.EVERYONE: [
        Owner(user_id=OTHER_ID, manager_id=None),
        Owner(user_id=OTHER_ID, manager_id=MANAGER_ID),  # a peer: same manager, not the viewer's report
        Owner(user_id=MANAGER_ID, manager_id=None),  # the viewer's own manager
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
    assert set(VISIBLE) == {(role, audience) for role in Role for audience in Audience}
    assert set(access.SEES) == set(Role)


@pytest.mark.parametrize(("role", "whose"), list(VISIBLE))
def test_each_role_sees_exactly_its_audiences(role: Role, whose: Audience) -> None:
    assert access.sees(role, whose) is VISIBLE[role, whose]


@pytest.mark.parametrize("whose", list(Audience))
def test_the_audience_of_data_is_read_from_its_owner(whose: Audience) -> None:
    viewer = account(Role.ENGINEER)
    for owner in OWNERS[whose]:
        assert access.audience(viewer, owner) is whose, owner


@pytest.mark.parametrize(("role", "whose"), list(VISIBLE))
def test_can_view_follows_the_table_for_every_owner_of_the_audience(role: Role, whose: Audience) -> None:
    viewer = account(role)
    for owner in OWNERS[whose]:
        assert access.can_view(viewer, owner) is VISIBLE[role, whose], owner


def test_an_engineer_named_as_a_manager_still_sees_only_their_own_data() -> None:
    lead = account(Role.ENGINEER)
    assert not access.can_view(lead, Owner(user_id=OTHER_ID, manager_id=lead.id))


@pytest.mark.parametrize("role", list(Role))
def test_the_shortcuts_agree_with_the_table(role: Role) -> None:
    assert access.sees_everyone(role) is VISIBLE[role, Audience.EVERYONE]
    assert access.may_manage(role) is VISIBLE[role, Audience.REPORTS]
    assert access.sees_others(role) is (VISIBLE[role, Audience.REPORTS] or VISIBLE[role, Audience.EVERYONE])


def test_who_sees_others_and_who_may_manage() -> None:
    assert [role for role in Role if access.sees_others(role)] == [Role.MANAGER, Role.ADMIN]
    assert [role for role in Role if access.may_manage(role)] == [Role.MANAGER, Role.ADMIN]
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
    assert [access.parse_role(name) for name in ("engineer", "manager", "admin")] == list(Role)
    assert access.parse_role(Role.ADMIN) is Role.ADMIN
    with pytest.raises(InputError, match=r"unknown role 'boss' \(fix: use one of engineer, manager, admin\)"):
        access.parse_role("boss")
    with pytest.raises(InputError, match="unknown role 'Admin'"):
        access.parse_role("Admin")  # user input is not guessed at


def test_role_names_for_signatures_match_the_enum() -> None:
    assert list(get_args(access.RoleName)) == [role.value for role in Role]
    assert access.role_choices() == "engineer, manager or admin"


def test_a_stored_role_reads_back_as_the_enum_and_compares_as_text() -> None:
    user = account("manager")
    assert user.role is Role.MANAGER
    assert user.role.upper() == "MANAGER"  # a str, as code written for the names expects
    assert user.model_dump(mode="json")["role"] == "manager"
