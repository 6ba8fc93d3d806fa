"""People, accounts with argon2-hashed passwords, and who may see whose data."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mlladder.errors import InputError
from mlladder.store import RecordNotFound, Store, User, UsernameTaken

PASSWORD = "correct horse battery"


def test_people_are_created_listed_and_read_back(fresh_store: Store) -> None:
    ada = fresh_store.create_person("  Ada   Lovelace ")
    grace = fresh_store.create_person("Grace")
    assert ada.name == "Ada Lovelace" and ada.user_id is None
    assert fresh_store.get_person(ada.id) == ada
    assert fresh_store.list_people() == [ada, grace]
    assert ada.created_at < grace.created_at and ada.created_at.tzinfo is not None


def test_unknown_ids_and_empty_names_are_input_errors(fresh_store: Store) -> None:
    with pytest.raises(RecordNotFound, match="no person with id 99"):
        fresh_store.get_person(99)
    with pytest.raises(InputError, match="1 to 200 characters"):
        fresh_store.create_person("   ")
    with pytest.raises(RecordNotFound, match="no user with id 5"):
        fresh_store.create_person("Linked", user_id=5)
    assert fresh_store.list_people() == []


def test_default_person_is_created_once_as_me(fresh_store: Store) -> None:
    me = fresh_store.default_person()
    assert me.name == "Me" and me.user_id is None
    assert fresh_store.default_person() == me
    assert fresh_store.list_people() == [me]


def test_default_person_is_never_someone_with_an_account(fresh_store: Store) -> None:
    account = fresh_store.create_user("ada", PASSWORD)
    me = fresh_store.default_person()
    assert me.id != account.person_id and me.user_id is None


def test_create_user_hashes_the_password_with_argon2_and_creates_their_person(fresh_store: Store) -> None:
    user = fresh_store.create_user("Ada", PASSWORD, role="manager", name="Ada Lovelace")
    assert (user.username, user.role, user.manager_id) == ("ada", "manager", None)
    assert user.person_id is not None
    person = fresh_store.get_person(user.person_id)
    assert (person.name, person.user_id) == ("Ada Lovelace", user.id)
    with fresh_store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users WHERE id = :id"), {"id": user.id}).scalar()
    assert isinstance(stored, str) and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert fresh_store.get_user(user.id) == user


def test_authenticate(fresh_store: Store) -> None:
    user = fresh_store.create_user("ada", PASSWORD)
    assert fresh_store.authenticate("ada", PASSWORD) == user
    assert fresh_store.authenticate(" ADA ", PASSWORD) == user  # user names are not case-sensitive
    assert fresh_store.authenticate("ada", PASSWORD + "!") is None
    assert fresh_store.authenticate("nobody", PASSWORD) is None
    assert fresh_store.authenticate("ada", "") is None


def test_account_rules(fresh_store: Store) -> None:
    fresh_store.create_user("ada", PASSWORD)
    with pytest.raises(UsernameTaken, match="'ada' is taken"):
        fresh_store.create_user("ADA", PASSWORD)
    with pytest.raises(InputError, match="at least 8 characters"):
        fresh_store.create_user("bob", "short")
    with pytest.raises(InputError, match="unknown role 'boss'"):
        fresh_store.create_user("bob", PASSWORD, role="boss")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="cannot be a user name"):
        fresh_store.create_user("bob smith", PASSWORD)
    with pytest.raises(RecordNotFound, match="no user with id 42"):
        fresh_store.create_user("bob", PASSWORD, manager_id=42)
    with pytest.raises(RecordNotFound):
        fresh_store.get_user(42)
    assert [user.username for user in fresh_store.list_users()] == ["ada"]
    assert len(fresh_store.list_people()) == 1  # failed attempts left no person behind


@pytest.fixture
def team(fresh_store: Store) -> dict[str, User]:
    """An admin; a manager with two reports; another manager with one; an engineer managed by a report."""
    store = fresh_store
    admin = store.create_user("admin", PASSWORD, role="admin")
    manager = store.create_user("maya", PASSWORD, role="manager")
    other_manager = store.create_user("omar", PASSWORD, role="manager")
    return {
        "admin": admin,
        "manager": manager,
        "other_manager": other_manager,
        "report": store.create_user("rita", PASSWORD, manager_id=manager.id),
        "report2": store.create_user("ravi", PASSWORD, manager_id=manager.id),
        "stranger": store.create_user("sam", PASSWORD, manager_id=other_manager.id),
    }


def test_list_reports_gives_direct_reports(fresh_store: Store, team: dict[str, User]) -> None:
    assert fresh_store.list_reports(team["manager"].id) == [team["report"], team["report2"]]
    assert fresh_store.list_reports(team["other_manager"].id) == [team["stranger"]]
    assert fresh_store.list_reports(team["report"].id) == []
    with pytest.raises(RecordNotFound):
        fresh_store.list_reports(999)


def person(user: User) -> int:
    assert user.person_id is not None
    return user.person_id


def test_engineers_see_only_themselves(fresh_store: Store, team: dict[str, User]) -> None:
    engineer = team["report"]
    assert fresh_store.can_view(engineer, person(engineer))
    for other in ("report2", "manager", "stranger", "admin"):
        assert not fresh_store.can_view(engineer, person(team[other])), other
    assert not fresh_store.can_view(engineer, fresh_store.default_person().id)


def test_managers_see_themselves_and_their_reports(fresh_store: Store, team: dict[str, User]) -> None:
    manager = team["manager"]
    for visible in ("manager", "report", "report2"):
        assert fresh_store.can_view(manager, person(team[visible])), visible
    for hidden in ("stranger", "other_manager", "admin"):
        assert not fresh_store.can_view(manager, person(team[hidden])), hidden
    assert not fresh_store.can_view(manager, fresh_store.default_person().id)
    assert not fresh_store.can_view(manager, 10_000)


def test_admins_see_everyone(fresh_store: Store, team: dict[str, User]) -> None:
    admin = team["admin"]
    assert all(fresh_store.can_view(admin, person(user)) for user in team.values())
    assert fresh_store.can_view(admin, fresh_store.default_person().id)


def test_an_engineer_with_reports_is_still_only_an_engineer(fresh_store: Store, team: dict[str, User]) -> None:
    lead = team["report"]
    mentee = fresh_store.create_user("mo", PASSWORD, manager_id=lead.id)
    assert not fresh_store.can_view(lead, person(mentee))  # seeing reports' data comes with the manager role
