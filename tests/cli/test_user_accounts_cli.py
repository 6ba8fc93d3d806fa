"""``mlladder user reset-password | disable | enable | remove``: what an admin does on the web's account page, from
the server's command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mlladder.store import RecordNotFound, Store
from tests.conftest import Result, RunCli

PASSWORD = "a long enough password"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with Store(url) as store:
        store.create_user("root", PASSWORD, "admin")
        mia = store.create_user("mia", PASSWORD, "manager", name="Mia Manager")
        store.create_user("bea", PASSWORD, "engineer", mia.id)
    return url


def one_line_error(result: Result, message: str) -> None:
    """Refused as bad input: exit 2, one line naming the problem and the fix, nothing on standard output."""
    assert result.code == 2 and result.out == "" and message in result.err, result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1


def test_a_password_is_reset_from_standard_input(run_cli: RunCli, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    result = run_cli("user", "reset-password", "BEA", "--db", db)
    assert (result.code, result.out, result.err) == (0, "new password set for bea\n", "")
    with Store(db) as store:
        assert store.authenticate("bea", PASSWORD) is None
        assert store.authenticate("bea", "another long password") is not None


def test_a_generated_password_is_printed_once(run_cli: RunCli, db: str) -> None:
    result = run_cli("user", "reset-password", "bea", "--generate", "--db", db)
    assert result.code == 0 and result.out.startswith("new password for bea: ")
    password = result.out.strip().split(": ", 1)[1]
    assert "Shown only now" in result.err
    with Store(db) as store:
        assert store.authenticate("bea", password) is not None


def test_a_short_password_or_an_unknown_account_is_one_line(
    run_cli: RunCli, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    one_line_error(run_cli("user", "reset-password", "bea", "--db", db), "the password is too short")
    one_line_error(run_cli("user", "disable", "nobody", "--db", db), "no account 'nobody'")
    with Store(db) as store:
        assert store.authenticate("bea", PASSWORD) is not None


def test_an_account_is_disabled_listed_as_such_and_enabled(run_cli: RunCli, db: str) -> None:
    assert run_cli("user", "disable", "mia", "--db", db).out == "disabled mia\n"
    listed = run_cli("user", "list", "--db", db)
    assert listed.out == "root (admin)\nmia (manager, disabled)\nbea (engineer, manager mia)\n"
    as_json = {user["username"]: user for user in run_cli("user", "list", "--db", db, "--format", "json").json()}
    assert as_json["mia"]["disabled_at"] is not None and as_json["bea"]["disabled_at"] is None
    assert "session_epoch" not in as_json["mia"]  # internal
    with Store(db) as store:
        assert store.authenticate("mia", PASSWORD) is None
    assert run_cli("user", "enable", "mia", "--db", db).out == "enabled mia\n"
    with Store(db) as store:
        assert store.authenticate("mia", PASSWORD) is not None


def test_the_last_enabled_admin_is_neither_disabled_nor_removed(run_cli: RunCli, db: str) -> None:
    one_line_error(run_cli("user", "disable", "root", "--db", db), "'root' is the last enabled admin")
    one_line_error(run_cli("user", "remove", "root", "--yes", "--db", db), "'root' is the last enabled admin")


def test_removal_needs_yes_when_not_at_a_terminal(run_cli: RunCli, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    one_line_error(run_cli("user", "remove", "mia", "--db", db), "removing 'mia' needs confirmation (fix: add --yes)")
    with Store(db) as store:
        assert [user.username for user in store.list_users()] == ["root", "mia", "bea"]


def test_a_removed_account_keeps_its_person_and_its_reports_move_up(run_cli: RunCli, db: str) -> None:
    with Store(db) as store:
        mia = next(user for user in store.list_users() if user.username == "mia")
    result = run_cli("user", "remove", "mia", "--yes", "--db", db)
    assert (result.code, result.out) == (0, "removed mia (their records kept as a person without an account)\n")
    assert run_cli("user", "list", "--db", db).out == "root (admin)\nbea (engineer)\n"  # Mia had no manager
    with Store(db) as store:
        kept = store.get_person(mia.person_id or 0)
        assert (kept.name, kept.user_id) == ("Mia Manager", None)


def test_a_removal_with_the_data_deletes_the_person(run_cli: RunCli, db: str) -> None:
    with Store(db) as store:
        bea = next(user for user in store.list_users() if user.username == "bea")
    result = run_cli("user", "remove", "bea", "--delete-data", "--yes", "--db", db)
    assert (result.code, result.out) == (0, "removed bea (their data deleted)\n")
    with Store(db) as store, pytest.raises(RecordNotFound):
        store.get_person(bea.person_id or 0)


def test_an_account_is_renamed_and_a_taken_name_is_refused(run_cli: RunCli, db: str) -> None:
    result = run_cli("user", "edit", "bea", "--username", "Bea.Ray", "--name", "Bea Ray", "--db", db)
    assert (result.code, result.out, result.err) == (0, "edited bea.ray\n", "")
    assert run_cli("user", "edit", "mia", "--username", "mia2", "--db", db).out == "edited mia2\n"
    one_line_error(run_cli("user", "edit", "mia2", "--username", "BEA.RAY", "--db", db), "'bea.ray' is taken")
    with Store(db) as store:
        names = {user.username: store.get_person(user.person_id or 0).name for user in store.list_users()}
        assert store.authenticate("bea.ray", PASSWORD) is not None
    assert names == {"root": "root", "mia2": "Mia Manager", "bea.ray": "Bea Ray"}  # Mia kept her name
