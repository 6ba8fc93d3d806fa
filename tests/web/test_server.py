"""``mlladder serve`` as a real server on loopback: the port it binds, the headers and host names it trusts, and its
server processes when one of them dies."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from mlladder.store import Store
from tests.browser.support import free_port, server_environment, serving, worker_processes
from tests.conftest import RunCli
from tests.web.html import parse

PASSWORD = "a long enough password"
NEEDS_PROC = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds processes through /proc (Linux)")
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], timeout: float = 60.0, what: str = "the condition") -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


# -- the port ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_one_line_before_anything_says_serving(run_cli: RunCli, tmp_path: Path, workers: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--workers", workers, "--db", str(tmp_path / "x.db"))
    assert result.code == 2 and result.out == ""  # never "serving at" first
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert "(fix: choose another --port" in result.err


def test_trusted_proxies_must_be_addresses_or_networks(run_cli: RunCli, tmp_path: Path) -> None:
    for given in ("*", "proxy.example", "10.0.0.1,10.0.0.300"):
        result = run_cli("serve", "--trusted-proxies", given, "--db", str(tmp_path / "x.db"))
        assert result.code == 2 and result.err.count("\n") == 1
        assert result.err.startswith("error: setting trusted_proxies (flag or MLLADDER_TRUSTED_PROXIES): ")
        assert "is not an IP address or network" in result.err


def start_server(tmp_path: Path, workers: str) -> tuple[subprocess.Popen[str], str]:
    """``mlladder serve --workers N`` on a free port, in a process group of its own (which Ctrl-C signals as a
    whole, as a terminal does), and its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "mlladder", "serve", "--port", str(port), "--workers", workers]
    command += ["--db", f"sqlite:///{tmp_path / 'w.db'}"]
    server = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=server_environment(tmp_path),
        start_new_session=True,
    )
    return server, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_stop_that_was_asked_for_is_a_clean_end(tmp_path: Path, workers: str, stop: signal.Signals) -> None:
    server, base = start_server(tmp_path, workers)
    try:
        wait_for(lambda: answers(base), what="the server to answer")
        if stop == signal.SIGINT:
            os.killpg(server.pid, stop)
        else:
            server.send_signal(stop)
        out, err = server.communicate(timeout=30)
    finally:
        stop_all(server)
    assert server.returncode == 0, err
    assert out.startswith("mlladder: single-user mode at") and err == ""
    assert not answers(base)


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_while_the_server_starts_is_a_clean_end(tmp_path: Path, workers: str, delay: float) -> None:
    """Ctrl-C right after the line that says where it serves reaches every process of the group, including server
    processes still importing or building their app: none may print a traceback, and the command ends cleanly."""
    server, base = start_server(tmp_path, workers)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # said before the server processes start
        time.sleep(delay)
        os.killpg(server.pid, signal.SIGINT)
        _, err = server.communicate(timeout=60)
    finally:
        stop_all(server)
    assert first.startswith("mlladder: single-user mode at")
    assert server.returncode == 0 and err == "", err
    assert not answers(base)


# -- forwarded headers and the sign-in rate limit -----------------------------------------------------------------


@pytest.fixture
def team_db(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with Store(db) as store:
        store.create_user("bea", PASSWORD)
    return db


def sign_ins(base_url: str, attempts: list[tuple[str, str]]) -> list[int]:
    """Sign in as bea with each (password, X-Forwarded-For) in turn; the status of each answer."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        token = parse(client.get("/login").text).find("input", name="csrf_token").attrs["value"]
        return [
            client.post(
                "/login",
                data={"username": "bea", "password": password, "csrf_token": token, "next": "/"},
                headers={"X-Forwarded-For": forwarded},
                follow_redirects=False,
            ).status_code
            for password, forwarded in attempts
        ]


def failed_addresses(db: str) -> list[str]:
    """The client addresses the store counted failed sign-ins of bea from."""
    with Store(db) as store, store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT address FROM login_failures WHERE username = 'bea' ORDER BY id")
        return [row[0] for row in rows]


ROTATING = [("wrong password", f"203.0.113.{number}") for number in range(1, 21)]


def test_forwarded_headers_are_not_believed_unless_configured(tmp_path: Path, team_db: str) -> None:
    with serving(tmp_path, team_db, "--multi-user", "--workers", "1") as server:
        codes = sign_ins(server.base_url, [*ROTATING, (PASSWORD, "198.51.100.7")])
    assert codes == [401] * 5 + [429] * 16  # a new claimed address is no new start; the right password waits too
    assert failed_addresses(team_db) == ["127.0.0.1"] * 5  # the address the connection came from


def test_forwarded_headers_from_a_trusted_proxy_are_believed_and_the_name_stays_locked(
    tmp_path: Path, team_db: str
) -> None:
    with serving(tmp_path, team_db, "--multi-user", "--workers", "2", "--trusted-proxies", "127.0.0.1") as server:
        codes = sign_ins(server.base_url, [*ROTATING, (PASSWORD, "198.51.100.7")])
    assert codes == [401] * 5 + [429] * 16  # locked per name, whichever address the proxy says the guesses came from
    assert failed_addresses(team_db) == [f"203.0.113.{number}" for number in range(1, 6)]
    with Store(team_db) as store:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        assert len(store.login_failures("bea", None, since)) == 5


# -- host names ----------------------------------------------------------------------------------------------------


def can_listen_on(host: str) -> bool:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize("host", ["127.0.0.2", "::1"])
def test_the_address_the_server_listens_on_is_a_host_it_answers_to(tmp_path: Path, host: str) -> None:
    if not can_listen_on(host):
        pytest.skip(f"this machine cannot listen on {host}")
    with serving(tmp_path, f"sqlite:///{tmp_path / 'web.db'}", "--workers", "1", host=host) as server:
        assert httpx.get(server.url("/ladder"), timeout=10).status_code == 200
        port = server.base_url.rsplit(":", 1)[1]
        for allowed in ("localhost", f"127.0.0.1:{port}", f"[::1]:{port}"):
            assert httpx.get(server.url("/ladder"), headers={"host": allowed}, timeout=10).status_code == 200
        refused = httpx.get(server.url("/ladder"), headers={"host": "rebinding.example"}, timeout=10)
        assert refused.status_code == 400 and refused.headers["content-type"].startswith("text/html")
        assert refused.headers["x-frame-options"] == "DENY"


# -- server processes ----------------------------------------------------------------------------------------------


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``mlladder serve --workers 2`` answering on a free port, and its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "mlladder", "serve", "--port", str(port), "--workers", "2"]
    command += ["--db", f"sqlite:///{tmp_path / 'w.db'}"]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=server_environment(tmp_path)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(base), what="the server to answer")
        wait_for(lambda: len(worker_processes(server.pid)) == 2, what="two server processes")
        # One answering is not both listening: a test that kills one must know the other takes connections.
        wait_for(lambda: listening_sockets(worker_processes(server.pid)) == 2, what="both processes to listen")
        yield server, base
    finally:
        stop_all(server)


def stop_all(server: subprocess.Popen[str]) -> None:
    """Stop the server if a test left it running; its processes too, if it does not stop them in time."""
    if server.poll() is not None:
        return
    workers = worker_processes(server.pid)
    server.terminate()
    try:
        server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        for pid in [*workers, server.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.communicate(timeout=30)


def answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/session", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def gone(pid: int) -> bool:
    """Has the process ended (its sockets closed), even if its parent has not collected it yet?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def statuses(client: httpx.Client, count: int) -> list[int | str]:
    """The status of ``count`` requests, or the name of the error a request ended with."""
    found: list[int | str] = []
    for _ in range(count):
        try:
            found.append(client.get("/api/session").status_code)
        except httpx.TransportError as error:
            found.append(type(error).__name__)
    return found


@NEEDS_PROC
def test_a_killed_server_process_is_replaced_and_the_others_keep_answering(
    two_processes: tuple[subprocess.Popen[str], str],
) -> None:
    server, base = two_processes
    killed, survivor = worker_processes(server.pid)
    sockets = listening_inodes([killed])
    os.kill(killed, signal.SIGKILL)
    wait_for(lambda: gone(killed), what="the killed process to end")
    # Its threads may outlive the zombie a moment, and its socket with them: until that socket is gone, the
    # kernel may still hand it a connection, which is then reset.
    wait_for(lambda: not sockets & listening_inodes_on_this_machine(), what="the killed process's socket to close")

    def new_pair() -> list[int] | None:
        found = worker_processes(server.pid)
        return found if len(found) == 2 and killed not in found else None

    fresh_connections = httpx.Limits(max_keepalive_connections=0)  # each request may land on any process
    with httpx.Client(base_url=base, limits=fresh_connections, timeout=10) as client:
        meanwhile = statuses(client, 20)
        replaced = wait_for(new_pair, what="a new server process")
        wait_for(lambda: listening_sockets(replaced) == 2, what="the new process to listen")
        after = statuses(client, 20)
    server.terminate()  # SIGTERM still stops everything, cleanly
    _, err = server.communicate(timeout=30)
    assert meanwhile == after == [200] * 20, err
    assert survivor in replaced
    assert server.returncode == 0, err
    assert f"server process {killed} was stopped by SIGKILL; starting another" in err
    assert "Traceback" not in err and "error:" not in err
    assert not [pid for pid in replaced if Path(f"/proc/{pid}").exists()]


def listening_inodes_on_this_machine() -> set[str]:
    """The inodes of every listening TCP socket (IPv4) on this machine."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return {row.split()[9] for row in rows if row.split()[3] == "0A"}


def listening_inodes(pids: list[int]) -> set[str]:
    """The inodes of the listening sockets the processes hold open."""
    listening = listening_inodes_on_this_machine()
    found: set[str] = set()
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            links = [str(fd.readlink()) for fd in Path(f"/proc/{pid}/fd").iterdir()]
            found.update(link[8:-1] for link in links if link.startswith("socket:[") and link[8:-1] in listening)
    return found


def listening_sockets(pids: list[int]) -> int:
    """How many of the processes have a listening socket open."""
    return sum(bool(listening_inodes([pid])) for pid in pids)


@NEEDS_PROC
def test_the_server_gives_up_when_its_processes_keep_dying(two_processes: tuple[subprocess.Popen[str], str]) -> None:
    server, _ = two_processes
    killed: set[int] = set()
    deadline = time.monotonic() + 60
    while server.poll() is None and time.monotonic() < deadline:
        for pid in set(worker_processes(server.pid)) - killed:
            os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        time.sleep(0.05)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 2, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: server processes keep stopping: 6 in the last 60 s")
    assert "Traceback" not in err
    assert not [pid for pid in killed if not gone(pid)]
