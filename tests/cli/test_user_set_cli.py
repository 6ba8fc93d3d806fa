"""``mlladder user set``: another role or manager for an account, refused with one line when it would break the
chain of managers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlladder.access import Role
from mlladder.store import Store
from tests.conftest import RunCli

PASSWORD = "a long enough password"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with Store(url) as store:
        mia = store.create_user("mia", PASSWORD, "manager")
        store.create_user("bea", PASSWORD, "engineer", mia.id)
        store.create_user("dora", PASSWORD, "engineer")
    return url


def test_an_account_becomes_a_director_and_a_manager_reports_to_her(run_cli: RunCli, db: str) -> None:
    made = run_cli("user", "set", "Dora", "--role", "director", "--db", db)
    assert (made.code, made.out, made.err) == (0, "dora (director)\n", "")
    moved = run_cli("user", "set", "mia", "--manager", "dora", "--db", db)
    assert (moved.code, moved.out) == (0, "mia (manager, manager dora)\n")
    assert run_cli("user", "set", "mia", "--manager", "none", "--db", db).out == "mia (manager)\n"
    with Store(db) as store:
        assert {user.username: user.role for user in store.list_users()} == {
            "mia": Role.MANAGER,
            "bea": Role.ENGINEER,
            "dora": Role.DIRECTOR,
        }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--role", "admin"], "no account 'nobody'"),
        (["bea", "--role", "boss"], "unknown role 'boss'"),
        (["mia", "--manager", "bea"], "'bea' is an engineer, not a manager"),
        (["mia", "--role", "engineer"], "'mia' manages other accounts, so cannot become engineer"),
        (["mia", "--manager", "mia"], "'mia' cannot be their own manager"),
    ],
)
def test_changes_that_would_break_the_chain_are_one_line_and_exit_2(
    run_cli: RunCli, db: str, args: list[str], message: str
) -> None:
    with Store(db) as store:
        before = store.list_users()
    result = run_cli("user", "set", *args, "--db", db)
    assert result.code == 2 and message in result.err and result.out == ""
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    with Store(db) as store:
        assert store.list_users() == before


def test_a_cycle_is_refused(run_cli: RunCli, db: str) -> None:
    assert run_cli("user", "set", "bea", "--role", "manager", "--db", db).code == 0
    result = run_cli("user", "set", "mia", "--manager", "bea", "--db", db)
    assert result.code == 2 and "the managers would go round in a circle" in result.err
