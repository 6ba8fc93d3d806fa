"""What an admin does to an account once it exists: edit it, reset its password, disable, enable and remove it."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Connection, text

from mlladder import Framework, Profile, assess
from mlladder.errors import InputError
from mlladder.passwords import MIN_PASSWORD_LENGTH
from mlladder.store import RecordNotFound, Store, User, UsernameTaken
from mlladder.store.people import GENERATED_PASSWORD_GROUPS
from tests.store.conftest import MakeStore, MakeUrl

PASSWORD = "correct horse battery"
PROFILE = Profile(framework="ml-engineer", years_experience=4, ratings={"self": {"mlops": 2}})


@pytest.fixture
def team(fresh_store: Store) -> dict[str, User]:
    """An admin, a director, a manager reporting to her and the manager's report."""
    admin = fresh_store.create_user("root", PASSWORD, "admin", name="Rita Root")
    dora = fresh_store.create_user("dora", PASSWORD, "director", name="Dora Director")
    mia = fresh_store.create_user("mia", PASSWORD, "manager", dora.id, name="Mia Manager")
    bea = fresh_store.create_user("bea", PASSWORD, "engineer", mia.id, name="Bea Report")
    return {"root": admin, "dora": dora, "mia": mia, "bea": bea}


def test_an_account_gets_another_user_name_and_name(fresh_store: Store, team: dict[str, User]) -> None:
    bea = team["bea"]
    edited = fresh_store.edit_account(bea.id, " Bea.Ray ", "  Bea   Ray ")
    assert (edited.username, edited.person_id, edited.manager_id) == ("bea.ray", bea.person_id, bea.manager_id)
    assert bea.person_id is not None and fresh_store.get_person(bea.person_id).name == "Bea Ray"
    assert fresh_store.authenticate("bea.ray", PASSWORD) == edited
    assert fresh_store.authenticate("bea", PASSWORD) is None
    assert fresh_store.edit_account(bea.id, "bea.ray", "Bea Ray") == edited  # its own name is not "taken"


def test_a_taken_or_bad_user_name_changes_nothing(fresh_store: Store, team: dict[str, User]) -> None:
    before = fresh_store.list_users()
    with pytest.raises(UsernameTaken, match="the user name 'mia' is taken"):
        fresh_store.edit_account(team["bea"].id, "MIA", "Bea Report")
    with pytest.raises(InputError, match="cannot be a user name"):
        fresh_store.edit_account(team["bea"].id, "bea ray", "Bea Report")
    with pytest.raises(InputError, match="1 to 200 characters"):
        fresh_store.edit_account(team["bea"].id, "bea2", "   ")
    with pytest.raises(RecordNotFound, match="no user with id 99"):
        fresh_store.edit_account(99, "nobody", "Nobody")
    assert fresh_store.list_users() == before
    assert [person.name for person in fresh_store.list_people()][-1] == "Bea Report"


def test_a_password_reset_ends_sessions_and_forgets_failed_sign_ins(fresh_store: Store, team: dict[str, User]) -> None:
    bea = team["bea"]
    now = dt.datetime.now(dt.UTC)
    fresh_store.record_login_failure("BEA", "10.0.0.1", now, now - dt.timedelta(hours=1))
    fresh_store.record_login_failure("mia", "10.0.0.1", now, now - dt.timedelta(hours=1))
    given = fresh_store.reset_password(bea.id, "a brand new secret")
    assert given == "a brand new secret"
    assert fresh_store.authenticate("bea", PASSWORD) is None
    after = fresh_store.authenticate("bea", given)
    assert after is not None and after.session_epoch == bea.session_epoch + 1
    assert fresh_store.login_failures("bea", None, since=now - dt.timedelta(minutes=1)) == []
    assert len(fresh_store.login_failures("mia", None, since=now - dt.timedelta(minutes=1))) == 1  # others' stay


def test_a_generated_password_is_returned_once_and_works(fresh_store: Store, team: dict[str, User]) -> None:
    first = fresh_store.reset_password(team["bea"].id)
    second = fresh_store.reset_password(team["bea"].id)
    assert first != second and len(first.split("-")) == GENERATED_PASSWORD_GROUPS
    assert len(first.replace("-", "")) >= 2 * MIN_PASSWORD_LENGTH
    assert fresh_store.authenticate("bea", first) is None and fresh_store.authenticate("bea", second) is not None
    with fresh_store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users WHERE username = 'bea'")).scalar()
    assert isinstance(stored, str) and second not in stored


def test_a_short_password_is_refused_and_the_old_one_still_works(fresh_store: Store, team: dict[str, User]) -> None:
    with pytest.raises(InputError, match=f"at least {MIN_PASSWORD_LENGTH} characters"):
        fresh_store.reset_password(team["bea"].id, "short")
    assert fresh_store.authenticate("bea", PASSWORD) == fresh_store.get_user(team["bea"].id)


def test_a_disabled_account_cannot_sign_in_and_keeps_its_data_and_team(
    fresh_store: Store, team: dict[str, User], ml_ladder: Framework
) -> None:
    mia = team["mia"]
    assert mia.person_id is not None
    record = fresh_store.save_assessment(mia.person_id, PROFILE, assess(PROFILE, ml_ladder))
    disabled = fresh_store.set_disabled(mia.id, True, by=team["root"].id)
    assert disabled.disabled_at is not None and disabled.session_epoch == mia.session_epoch + 1
    assert fresh_store.authenticate("mia", PASSWORD) is None  # the right password, and still no
    assert fresh_store.get_user(team["bea"].id).manager_id == mia.id  # her report keeps her as manager
    assert disabled.manager_id == team["dora"].id
    assert [found.id for found in fresh_store.list_assessments(mia.person_id)] == [record.id]
    again = fresh_store.set_disabled(mia.id, True)  # disabling twice keeps the first moment
    assert again.disabled_at == disabled.disabled_at and again.session_epoch == disabled.session_epoch
    enabled = fresh_store.set_disabled(mia.id, False)
    assert enabled.disabled_at is None and enabled.session_epoch == disabled.session_epoch  # old sessions stay ended
    assert fresh_store.authenticate("mia", PASSWORD) == enabled


def test_nobody_disables_or_removes_themselves_or_the_last_enabled_admin(
    fresh_store: Store, team: dict[str, User]
) -> None:
    root = team["root"]
    with pytest.raises(InputError, match="you cannot disable your own account"):
        fresh_store.set_disabled(root.id, True, by=root.id)
    with pytest.raises(InputError, match="you cannot remove your own account"):
        fresh_store.remove_account(root.id, by=root.id)
    with pytest.raises(InputError, match="'root' is the last enabled admin, so cannot be disabled"):
        fresh_store.set_disabled(root.id, True)
    with pytest.raises(InputError, match="'root' is the last enabled admin, so cannot be removed"):
        fresh_store.remove_account(root.id)
    with pytest.raises(InputError, match="'root' is the last enabled admin, so cannot stop being an admin"):
        fresh_store.update_account(root.id, "engineer", None)
    assert fresh_store.get_user(root.id) == root
    # A second admin, once disabled, does not count: the first is still the last enabled one.
    second = fresh_store.create_user("ops", PASSWORD, "admin")
    fresh_store.set_disabled(second.id, True, by=root.id)
    with pytest.raises(InputError, match="last enabled admin"):
        fresh_store.set_disabled(root.id, True, by=second.id)
    fresh_store.set_disabled(second.id, False)
    assert fresh_store.set_disabled(root.id, True, by=second.id).disabled_at is not None


def test_removing_an_account_keeps_its_records_and_moves_its_reports_up(
    fresh_store: Store, team: dict[str, User], ml_ladder: Framework
) -> None:
    mia = team["mia"]
    assert mia.person_id is not None
    record = fresh_store.save_assessment(mia.person_id, PROFILE, assess(PROFILE, ml_ladder))
    fresh_store.remove_account(mia.id, by=team["root"].id)
    with pytest.raises(RecordNotFound):
        fresh_store.get_user(mia.id)
    assert fresh_store.get_user(team["bea"].id).manager_id == team["dora"].id  # to Mia's own manager
    kept = fresh_store.get_person(mia.person_id)
    assert (kept.name, kept.user_id) == ("Mia Manager", None)
    assert [found.id for found in fresh_store.list_assessments(mia.person_id)] == [record.id]
    assert fresh_store.can_view(team["root"], mia.person_id)  # admins still read it
    assert not fresh_store.can_view(team["dora"], mia.person_id)  # her former director no longer does
    assert fresh_store.authenticate("mia", PASSWORD) is None
    assert fresh_store.create_user("mia", PASSWORD).username == "mia"  # the name is free again


def test_removing_an_account_with_its_data_deletes_the_person_and_records(
    fresh_store: Store, team: dict[str, User], ml_ladder: Framework
) -> None:
    bea, dora = team["bea"], team["dora"]
    assert bea.person_id is not None
    fresh_store.save_assessment(bea.person_id, PROFILE, assess(PROFILE, ml_ladder))
    fresh_store.add_journal_entry(bea.person_id, dt.date(2025, 2, 1), "Shipped the feature store", "", ml_ladder)
    fresh_store.remove_account(dora.id, delete_data=True)  # a director's reports move to nobody
    assert fresh_store.get_user(team["mia"].id).manager_id is None
    fresh_store.remove_account(bea.id, delete_data=True)
    with pytest.raises(RecordNotFound):
        fresh_store.get_person(bea.person_id)
    with fresh_store.engine.connect() as connection:
        for table in ("assessments", "journal_entries"):
            count = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE person_id = :id"), {"id": bea.person_id}
            )
            assert count.scalar() == 0, table
    assert {user.username for user in fresh_store.list_users()} == {"root", "mia"}


def test_a_disabled_admin_may_be_removed_while_another_is_enabled(fresh_store: Store, team: dict[str, User]) -> None:
    second = fresh_store.create_user("ops", PASSWORD, "admin")
    fresh_store.set_disabled(second.id, True, by=team["root"].id)
    fresh_store.remove_account(second.id, by=team["root"].id)
    assert [user.username for user in fresh_store.list_users() if user.role == "admin"] == ["root"]


def test_two_admins_disabling_each_other_at_once_leave_one_enabled(
    backend: str, make_url: MakeUrl, make_store: MakeStore
) -> None:
    """While one admin's disable is uncommitted, the other's waits for it and then sees it (PostgreSQL: SQLite lets
    one writer in at a time anyway)."""
    if backend != "postgresql":
        pytest.skip("SQLite serialises every write transaction")
    url = make_url()
    store, other = make_store(url), make_store(url)
    first = store.create_user("root", PASSWORD, "admin")
    second = store.create_user("ops", PASSWORD, "admin")
    with store.engine.connect() as connection, connection.begin():
        # The first admin's disable, in flight: the admins' rows locked, 'root' disabled, nothing committed yet.
        connection.execute(text("SELECT id FROM users WHERE role = 'admin' FOR UPDATE"))
        connection.execute(text("UPDATE users SET disabled_at = now(), session_epoch = 1 WHERE username = 'root'"))
        with ThreadPoolExecutor(max_workers=1) as pool:
            racing = pool.submit(other.set_disabled, second.id, True, by=first.id)
            wait_until_blocked(connection)
            connection.commit()
            with pytest.raises(InputError, match="'ops' is the last enabled admin"):
                racing.result()
    assert [user.username for user in store.list_users() if user.disabled_at is None] == ["ops"]


def wait_until_blocked(connection: Connection) -> None:
    """Return once another session is waiting for a lock this connection holds (the race is then set up)."""
    holder = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    query = text("SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))")
    for _ in range(600):
        with connection.engine.connect() as watcher:
            if watcher.execute(query, {"holder": holder}).scalar():
                return
        threading.Event().wait(0.05)
    pytest.fail("the second disable never waited for the first")
