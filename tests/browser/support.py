"""What the browser tests stand on: Debian's Chromium, and a real ``mlladder serve`` on a free loopback port.

Nothing here imports Playwright, so a machine without it can still collect the tests and skip them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from mlladder.web.settings import host_in_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
SECRET = "browser-test-secret-" + "k" * 32
PASSWORD = "correct horse battery staple"
START_TIMEOUT = 90.0  # a loaded two-core machine can take most of a minute to start a server; an idle one, 2 s
PORT_ATTEMPTS = 3


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (fix: pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (fix: apt-get install chromium)"
    return None


def require_browser() -> None:
    """Skip the calling test module when Chromium or Playwright is missing; in CI that is an error instead,
    so the browser tests cannot silently stop running there."""
    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)


# -- the server ----------------------------------------------------------------------------------------------------


@dataclass
class Server:
    """A running ``mlladder serve``: where it answers, its database and its log."""

    base_url: str
    db_url: str
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def server_environment(workdir: Path) -> dict[str, str]:
    """The caller's environment without MLLADDER_* settings, with a fixed session key and the user data folder
    (where platformdirs would put a database or key) inside ``workdir``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MLLADDER_")}
    env["XDG_DATA_HOME"] = str(workdir / "data")
    env["MLLADDER_SECRET_KEY"] = SECRET
    return env


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    name: str
    manager: str | None = None

    def arguments(self, db_url: str) -> list[str]:
        manager = ["--manager", self.manager] if self.manager else []
        return ["user", "add", self.username, "--role", self.role, "--name", self.name, *manager, "--db", db_url]


def add_users(workdir: Path, db_url: str, *accounts: Account) -> None:
    """``mlladder user add`` for each account, all at once (each pays the command's start-up time), with the
    password on standard input as a script would give it."""
    commands = [[sys.executable, "-m", "mlladder", *account.arguments(db_url)] for account in accounts]
    env = server_environment(workdir)
    running = [
        subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        for command in commands
    ]
    for account, process in zip(accounts, running, strict=True):
        out, err = process.communicate(PASSWORD + "\n", timeout=60)
        assert process.returncode == 0, err
        assert out.strip() == f"added {account.username} ({account.role})"


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(
    workdir: Path, db_url: str, *flags: str, host: str = HOST, settings: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """``mlladder serve`` on a free port of a loopback address (``host``) until the block ends; tries another port
    if one was taken between choosing it and the server binding it. ``settings`` are MLLADDER_* variables to set
    (``{"MLLADDER_UPLOAD_LIMIT": "100000"}``)."""
    for attempt in range(PORT_ATTEMPTS):
        log = workdir / f"serve-{attempt}.log"
        port = free_port(host)
        command = [sys.executable, "-m", "mlladder", "serve", "--host", host, "--port", str(port), "--db", db_url]
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, *flags],
                stdout=output,
                stderr=subprocess.STDOUT,
                env={**server_environment(workdir), **(settings or {})},
            )
            try:
                server = Server(f"http://{host_in_url(host)}:{port}", db_url, log)
                if wait_until_answering(server, process):
                    yield server
                    return
            finally:
                stop(process)
    raise AssertionError(f"mlladder serve did not start:\n{log.read_text(encoding='utf-8', errors='replace')}")


def wait_until_answering(server: Server, process: subprocess.Popen[bytes]) -> bool:
    """True once the server answers; False if it exited first (a port taken meanwhile, say)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(server.url("/static/style.css"), timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise AssertionError(f"mlladder serve did not answer within {START_TIMEOUT:.0f} s:\n{server.log_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_processes(pid: int) -> list[int]:
    """The server processes started by the ``mlladder serve`` process ``pid`` (not multiprocessing's helper)."""
    children = [
        int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split()
    ]
    workers = []
    for child in children:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # it ended meanwhile
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(child)
    return workers


def server_errors(log: str) -> list[str]:
    """Tracebacks in the server's log: any means a request failed with a server error."""
    return [block for block in log.split("\n\n") if "Traceback (most recent call last)" in block]
