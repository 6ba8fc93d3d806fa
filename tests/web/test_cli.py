"""``mlladder user add/list`` and ``mlladder serve``, through the real entry point and a real server."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from mlladder.store import Store
from tests.browser.support import free_port, worker_processes
from tests.conftest import RunCli
from tests.web.conftest import PG_URL

PASSWORD = "a long enough password"


def test_adding_users_from_the_command_line(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    result = run_cli("user", "add", "Mia", "--role", "manager", "--name", "Mia Manager", "--db", db)
    assert (result.code, result.out, result.err) == (0, "added mia (manager)\n", "")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    assert run_cli("user", "add", "bea", "--manager", "mia", "--db", db).out == "added bea (engineer)\n"
    listed = run_cli("user", "list", "--db", db)
    assert listed.out == "mia (manager)\nbea (engineer, manager mia)\n"
    assert [user["username"] for user in run_cli("user", "list", "--db", db, "--format", "json").json()] == [
        "mia",
        "bea",
    ]
    with Store(db) as store:
        assert store.authenticate("bea", PASSWORD) is not None
        assert store.get_person(store.list_users()[0].person_id or 0).name == "Mia Manager"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "x", "--role", "boss"], PASSWORD, "unknown role 'boss'"),
        (["user", "add", "x", "--manager", "nobody"], PASSWORD, "no account 'nobody'"),
        (["user", "add", "x"], "short", "too short"),
        (["user", "add", "x"], "", "no password given"),
        (["user", "add", "bad name!"], PASSWORD, "cannot be a user name"),
    ],
)
def test_user_add_errors(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n" if stdin else ""))
    result = run_cli(*args, "--db", f"sqlite:///{tmp_path / 'team.db'}")
    assert result.code == 2 and message in result.err and result.out == ""


def test_serve_refuses_bad_settings(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("serve", "--port", "0", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.code == 2 and result.err.startswith("error: setting port")
    missing = run_cli("serve", "--framework", "no-such-ladder", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert missing.code == 2 and "no-such-ladder: framework file not found" in missing.err


def test_serve_runs_a_real_server_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "mlladder", "serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 's.db'}"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        response = None
        deadline = time.monotonic() + 90  # a busy two-core machine can take most of a minute to start a server
        while response is None and time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/ladder", timeout=2)
            except httpx.TransportError:
                time.sleep(0.1)
        assert response is not None and response.status_code == 200
        assert "Machine-learning engineer ladder" in response.text
        assert "server" not in response.headers  # no version banner
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert out.startswith(f"mlladder: single-user mode at http://127.0.0.1:{port}/")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts processes through /proc (Linux)")
def test_serve_with_several_processes_shares_sessions_between_them(tmp_path: Path) -> None:
    port = free_port()
    db = f"sqlite:///{tmp_path / 'w.db'}"
    command = [sys.executable, "-m", "mlladder", "serve", "--port", str(port), "--db", db, "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/session", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        workers = worker_processes(server.pid)
        assert len(workers) == 2
        # A new connection per request, so the requests spread over both processes; each process must accept the
        # session and form token another one made.
        fresh_connections = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, limits=fresh_connections, timeout=10) as client:
            session = client.get("/api/session").json()
            for number in range(12):
                added = client.post(
                    f"/api/people/{session['person_id']}/journal",
                    json={"text": f"Shipped feature {number} to production", "entry_date": "2026-01-05"},
                    headers={"X-CSRF-Token": session["csrf_token"]},
                )
                assert added.status_code == 201, added.text
            assert len(client.get(f"/api/people/{session['person_id']}/journal").json()) == 12
    finally:
        server.terminate()
        out, err = server.communicate(timeout=20)
    assert out.startswith(f"mlladder: single-user mode at http://127.0.0.1:{port}/ (2 processes;")
    assert "Traceback" not in err and server.returncode == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]  # SIGTERM reached every process
    with Store(db) as store:
        assert len(store.list_journal(store.default_person().id)) == 12


def test_serve_refuses_a_bad_number_of_processes(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("serve", "--workers", "0", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.code == 2 and result.err.startswith("error: setting workers (flag or MLLADDER_WORKERS)")


def test_serve_refuses_a_port_in_use(run_cli: RunCli, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'x.db'}"
        result = run_cli("serve", "--port", str(port), "--workers", "2", "--db", db)
    assert result.code == 2
    assert (
        result.err.startswith(f"error: cannot listen on 127.0.0.1:{port}:")
        and "fix: choose another --port" in result.err
    )


def unusable_databases(tmp_path: Path) -> list[tuple[str, str]]:
    """(database given to --db, what the one line must say) for databases the commands cannot use."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "framework.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    cases = [
        (str(tmp_path / "nowhere" / "x.db"), "does not exist (fix: create it"),
        (str(tmp_path / "folder"), "is a folder, not a database file (fix: give a file path"),
        (str(tmp_path / "framework.yaml"), "is not an SQLite database (fix: give a new file name"),
        ("mysql://u@h/db", "mysql://u@h/db: mlladder does not run on 'mysql' databases (fix: give an SQLite file"),
        ("postgresql://postgres@127.0.0.1:1/test", "cannot reach the database server: Connection refused (fix:"),
    ]
    if PG_URL:
        missing = make_url(PG_URL).set(database="mlladder_no_such_database").render_as_string(hide_password=False)
        cases.append((missing, "the server has no database 'mlladder_no_such_database' (fix: create it:"))
    return cases


@pytest.mark.parametrize("command", [["serve"], ["user", "list"], ["user", "add", "lee"]])
def test_a_database_that_cannot_be_used_is_one_line_and_exit_code_2(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    for given, expected in unusable_databases(tmp_path):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        result = run_cli(*command, "--db", given)
        assert result.code == 2, (given, result.err)
        assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
        assert expected in result.err, result.err
        assert result.out == ""
