"""Benchmark: ``mlladder serve`` under 100 concurrent clients on loopback.

Starts a real server (single-user mode) on 127.0.0.1 with a fresh database, saves one assessment through the
API, then lets ``--clients`` clients, each on its own keep-alive connection, send GET requests one after another
(each waits for its answer before sending the next) to three endpoints in turn:

- baseline ``/static/style.css``: a static file, no database and no template: what every request pays;
- the results page ``/assessments/{id}``: the page made from the assessment and the plans made from it,
  remembered and answered again while the database's change mark (read on every request) stays the same;
- ``/api/assessments/{id}``: the assessment and the JSON encoding;
- the manager's home ``/team``, on a second server in team mode: a manager signed in, with ``--team-reports``
  reports (default 50) each assessed, sees the matrix of them all (ratings against each level, readiness,
  coverage and risks), remembered like the results page until the database changes; beside it, as that server's
  baseline, ``/api/session`` in the same session (what every signed-in request pays).

For each it prints the requests, errors, requests per second, p50/p95/p99 latency and the server's CPU time per
request, and says whether the p99 is under the target (100 ms) with no errors.

With ``--writes W`` another process's worth of writing goes on during every measurement: W commits a second to
the same database (an activity of a plan made from the assessment ticked and unticked, as someone working through
their plan elsewhere would), each of which changes the database's change mark, so every server process makes the
results page again after each commit.

Two kinds of load:
- ``--think 0`` (the default): a closed loop, each client sends its next request as soon as the last one is
  answered (like ``hey -c 100``). This is the server at full load: latency is mostly waiting in line, so by
  Little's law p50 is close to clients / (requests per second).
- ``--think S``: each client pauses about S seconds (0.5 S to 1.5 S, at random) between requests, like a person
  reading a page; the offered load is about clients / S requests per second.

The clients speak plain HTTP/1.1 over asyncio streams (on uvloop) rather than through an HTTP library, so that on a
small machine the load generator takes little of the CPU the server needs. Every run is bounded: ``--requests`` per
client and ``--seconds`` at most per endpoint. Nothing leaves the machine.

Run: .venv/bin/python benchmarks/bench_web.py [--clients 100] [--requests 50] [--think 0] [--workers N]
     [--writes W] [--team-reports 50] [--pg postgresql://...]

With ``--pg`` the server uses that PostgreSQL database, in a schema made for the run and dropped after it.
``--workers`` is passed to ``mlladder serve`` (default: its own, one process per CPU up to four).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import text

from mlladder import assess, builtin_framework, load_profile, plan
from mlladder.store import Store
from mlladder.store.engine import create_store_engine, resolve_url

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"
HOST = "127.0.0.1"
TARGET_P99_MS = 100.0
START_TIMEOUT = 120.0  # a busy shared machine can take most of a minute to start the server processes
REQUEST_TIMEOUT = 30.0
WARMUP_REQUESTS = 5  # per client and endpoint
MANAGER = "mia"
TEAM_PASSWORD = "benchmark password of the team"
PROFILES = ROOT / "examples" / "profiles"


# -- the server ----------------------------------------------------------------------------------------------------


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    db_url: str

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def cpu_seconds(self) -> float | None:
        """CPU time the server's processes (the command and the worker processes it started) have used so far,
        user + system, where /proc tells it (Linux)."""
        try:
            return sum(process_cpu_seconds(pid) for pid in process_tree(self.process.pid))
        except OSError:
            return None

    def processes(self) -> int:
        """Server processes answering requests: the command itself, or the workers it started."""
        try:
            tree = process_tree(self.process.pid)
        except OSError:
            return 1
        workers = [pid for pid in tree[1:] if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
        return len(workers) or 1


def run_on_fast_loop(work: Coroutine[Any, Any, list[Figures]]) -> list[Figures]:
    """Run the clients on uvloop where it is installed (it comes with mlladder on Linux and macOS): the load
    generator shares the machine with the server, and uvloop leaves more of it to the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += process_tree(int(child))
    return found


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of stat(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(db_url: str, workdir: Path, workers: int | None, *flags: str) -> Iterator[Server]:
    """A real ``mlladder serve`` on a free loopback port, stopped afterwards."""
    port = free_port()
    log_path = workdir / "serve.log"
    # The server's settings come from the flags alone: no MLLADDER_* variable of the caller leaks in.
    env = {name: value for name, value in os.environ.items() if not name.startswith("MLLADDER_")}
    env["XDG_DATA_HOME"] = str(workdir / "data")  # whatever platformdirs would write stays in the temp folder
    command = [sys.executable, "-m", "mlladder", "serve", "--host", HOST, "--port", str(port), "--db", db_url]
    if workers is not None:
        command += ["--workers", str(workers)]
    command += flags
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        server = Server(f"http://{HOST}:{port}", process, db_url)
        try:
            wait_until_answering(server, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_answering(server: Server, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"mlladder serve exited with {server.process.returncode}:\n{log.read_text('utf-8')}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.base}/static/style.css", timeout=2).status_code == 200:  # any mode, signed in or not
                return
        time.sleep(0.1)
    raise SystemExit(f"mlladder serve did not answer within {START_TIMEOUT:.0f} s")


@contextlib.contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A URL for a new, empty schema in the PostgreSQL database at ``url``, dropped when the run ends."""
    admin = create_store_engine(resolve_url(url))
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = resolve_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def save_assessment(base: str) -> int:
    """Assess the example profile through the API, as a client would; returns the assessment's id."""
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        session = client.get("/api/session").json()
        response = client.post(
            f"/api/people/{session['person_id']}/assessments",
            content=json.dumps({"profile": profile}, default=str),  # default=str: YAML dates as ISO text
            headers={"X-CSRF-Token": session["csrf_token"], "Content-Type": "application/json"},
        )
        response.raise_for_status()
        assessment_id: int = response.json()["id"]
        return assessment_id


def seed_team(db_url: str, reports: int) -> None:
    """A manager and ``reports`` engineers reporting to her, each with an assessment (the example profiles in
    turn), written before the server starts."""
    framework = builtin_framework("ml-engineer")
    examples = [load_profile(path, framework) for path in sorted(PROFILES.glob("*.yaml"))]
    assessed = [(profile, assess(profile, framework)) for profile in examples]
    with Store(db_url) as store:
        manager = store.create_user(MANAGER, TEAM_PASSWORD, "manager", name="Mia Manager")
        for number in range(reports):
            user = store.create_user(
                f"report{number:03d}", TEAM_PASSWORD, "engineer", manager.id, name=f"Report {number:03d}"
            )
            assert user.person_id is not None
            profile, result = assessed[number % len(assessed)]
            store.save_assessment(user.person_id, profile, result)


def signed_in_cookie(base: str) -> str:
    """The manager signs in through the form, as a browser would; returns the Cookie header of her session."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        if found is None:
            raise SystemExit("the sign-in page has no form token")
        fields = {"username": MANAGER, "password": TEAM_PASSWORD, "csrf_token": found.group(1), "next": "/"}
        signed = client.post("/login", data=fields)
        if signed.status_code != 303 or signed.headers.get("location") != "/":
            raise SystemExit(f"the manager could not sign in: {signed.status_code}")
        home = client.get("/team")
        if home.status_code != 200 or home.text.count('data-testid="matrix-row"') < 1:
            raise SystemExit(f"the manager's home did not show her team: {home.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


class Writer:
    """Commits ``per_second`` changes a second to the database from a thread of its own while the block runs:
    an activity of a plan made from the assessment, ticked as doing and back to do, over and over. The plan is
    made, and the store opened, before the block starts, so none of that lands in a measurement."""

    def __init__(self, db_url: str, assessment_id: int, per_second: float) -> None:
        self.db_url, self.assessment_id, self.per_second = db_url, assessment_id, per_second
        self.commits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write, daemon=True)

    def __enter__(self) -> Writer:
        if self.per_second > 0:
            framework = builtin_framework("ml-engineer")
            self._store = Store(self.db_url)
            record = self._store.get_assessment(self.assessment_id)
            made = plan(load_profile(PROFILE, framework), framework)
            self._plan = self._store.save_plan(record.person_id, made, record.id)
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self.per_second > 0:
            self._thread.join()
            self._store.close()

    def _write(self) -> None:
        key = self._plan.activities[0].key
        interval = 1 / self.per_second
        next_at = time.monotonic()
        while not self._stop.wait(max(0.0, next_at - time.monotonic())):
            self._store.set_activity_status(self._plan.id, key, "doing" if self.commits % 2 == 0 else "todo")
            self.commits += 1
            next_at += interval


# -- a minimal HTTP/1.1 client -------------------------------------------------------------------------------------


class ProtocolError(Exception):
    """The server's answer could not be read as HTTP/1.1."""


class Connection:
    """One keep-alive connection sending GET requests, opened on first use and again after the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, cookie: str = "") -> int:
        """Send ``GET path`` (with ``cookie``, a signed-in session's, when given) and read the whole answer;
        returns the status code."""
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        extra = f"Cookie: {cookie}\r\n" if cookie else ""
        head = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAccept: */*\r\n{extra}\r\n"
        writer.write(head.encode("ascii"))
        await writer.drain()
        status, headers = await read_head(reader)
        await read_body(reader, headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            writer = self.streams[1]
            self.streams = None
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    parts = status_line.split()
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ProtocolError(f"not an HTTP status line: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() != "chunked":
        raise ProtocolError("an answer with neither Content-Length nor chunked encoding")
    chunks = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        chunks.append(await reader.readexactly(size))
        await reader.readline()  # the CRLF after each chunk
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):  # trailers, if any
        pass
    return b"".join(chunks)


# -- the load ------------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    """What one endpoint did under load."""

    label: str
    path: str
    cookie: str = ""  # the session a signed-in client sends
    latencies: list[float] = field(default_factory=list)  # seconds, of requests answered with 200
    errors: dict[str, int] = field(default_factory=dict)  # what went wrong -> how often
    wall: float = 0.0
    server_cpu: float | None = None  # seconds
    commits: int = 0  # by the writer (--writes) while the clients ran

    @property
    def count(self) -> int:
        return len(self.latencies) + self.error_count

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def percentile_ms(self, share: float) -> float:
        """The latency that ``share`` of the answered requests stayed within (nearest rank), in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(len(ordered), max(1, -(-len(ordered) * share // 1)))  # ceil(n * share), at least 1
        return ordered[int(rank) - 1] * 1000

    @property
    def rate(self) -> float:
        return self.count / self.wall if self.wall else 0.0

    @property
    def cpu_ms_per_request(self) -> float | None:
        return None if self.server_cpu is None or not self.count else self.server_cpu / self.count * 1000

    @property
    def meets_target(self) -> bool:
        return self.error_count == 0 and self.percentile_ms(0.99) < TARGET_P99_MS


async def one_client(port: int, figures: Figures, requests: int, think: float, deadline: float) -> None:
    """One client on its own connection: its requests one after another, until done or out of time."""
    connection = Connection(port)
    if think:
        await asyncio.sleep(random.uniform(0, think))  # people do not all arrive in the same millisecond
    try:
        for _ in range(requests):
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(figures.path, figures.cookie), REQUEST_TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ProtocolError) as error:
                figures.error(type(error).__name__)
                await connection.close()
                continue
            if status == 200:
                figures.latencies.append(time.perf_counter() - started)
            else:
                figures.error(f"HTTP {status}")
            if think:
                await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
    finally:
        await connection.close()


async def load(
    server: Server, writer: Writer, label: str, path: str, settings: argparse.Namespace, cookie: str = ""
) -> Figures:
    """``settings.clients`` clients at once on ``path``."""
    figures = Figures(label, path, cookie)
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    deadline = time.monotonic() + settings.seconds
    clients = (
        one_client(server.port, figures, settings.requests, settings.think, deadline) for _ in range(settings.clients)
    )
    commits_before = writer.commits
    await asyncio.gather(*clients)
    figures.wall = time.perf_counter() - started
    figures.commits = writer.commits - commits_before
    cpu_after = server.cpu_seconds()
    if cpu_before is not None and cpu_after is not None:
        figures.server_cpu = cpu_after - cpu_before
    return figures


async def measure(server: Server, assessment_id: int, settings: argparse.Namespace) -> list[Figures]:
    endpoints = [
        ("baseline", "/static/style.css"),
        ("results page", f"/assessments/{assessment_id}"),
        ("API", f"/api/assessments/{assessment_id}"),
    ]
    with Writer(server.db_url, assessment_id, settings.writes) as writer:
        await warm_up(server, [path for _, path in endpoints], settings)
        return [await load(server, writer, label, path, settings) for label, path in endpoints]


async def measure_team(server: Server, cookie: str, settings: argparse.Namespace) -> list[Figures]:
    """The manager's home under the same load, every client in her session (no writer: its plan is elsewhere),
    beside ``/api/session`` in the same session: what any signed-in request pays (the session cookie read, the
    account looked up) before a page's own work."""
    endpoints = [
        ("signed-in baseline", "/api/session"),
        (f"manager home, {settings.team_reports} reports", "/team"),
    ]
    with Writer(server.db_url, 0, 0) as idle:
        await warm_up(server, [path for _, path in endpoints], settings, cookie)
        return [await load(server, idle, label, path, settings, cookie) for label, path in endpoints]


async def warm_up(server: Server, paths: list[str], settings: argparse.Namespace, cookie: str = "") -> None:
    """A few requests per client to every endpoint, not counted: every server process has then answered each kind
    of request and accepted a burst of connections, so the first endpoint measured does not pay for start-up
    (it did: a p99 two to four times the others')."""
    deadline = time.monotonic() + settings.seconds
    for path in paths:
        ignored = Figures("warm-up", path, cookie)
        await asyncio.gather(
            *(one_client(server.port, ignored, WARMUP_REQUESTS, 0, deadline) for _ in range(settings.clients))
        )


# -- the report ----------------------------------------------------------------------------------------------------


def describe_load(settings: argparse.Namespace) -> str:
    if not settings.think:
        pace = "closed loop, no pause between requests"
    else:
        offered = settings.clients / settings.think
        pace = f"about {settings.think:g} s between a client's requests, ~{offered:.0f} req/s offered"
    return pace + (f"; {settings.writes:g} commits/s from another process" if settings.writes else "")


def report(backend: str, settings: argparse.Namespace, results: list[Figures]) -> None:
    print(
        f"mlladder serve on {backend}, {settings.processes} server process(es): {settings.clients} concurrent clients"
        f" on loopback ({describe_load(settings)})"
    )
    print(
        f"  {'endpoint':<38} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        f" {'server CPU ms/req':>17}" + (f" {'commits':>7}" if settings.writes else "")
    )
    for figures in results:
        cpu = figures.cpu_ms_per_request
        print(
            f"  {figures.label + ' ' + figures.path:<38} {figures.count:>8} {figures.error_count:>6} "
            f"{figures.rate:>7.0f} {figures.percentile_ms(0.50):>7.1f} {figures.percentile_ms(0.95):>7.1f} "
            f"{figures.percentile_ms(0.99):>7.1f} {'n/a' if cpu is None else f'{cpu:.1f}':>17}"
            + (f" {figures.commits:>7}" if settings.writes else "")
        )
    for figures in results[1:]:
        verdict = "meets" if figures.meets_target else "MISSES"
        errors = ", ".join(f"{name} x{count}" for name, count in figures.errors.items()) or "no errors"
        print(f"  {verdict} the target (p99 < {TARGET_P99_MS:.0f} ms, no errors): {figures.label} ({errors})")


def run(db_url: str, team_url: str, backend: str, settings: argparse.Namespace, workdir: Path) -> list[Figures]:
    with serving(db_url, workdir, settings.workers) as server:
        assessment_id = save_assessment(server.base)
        processes = server.processes()
        results = run_on_fast_loop(measure(server, assessment_id, settings))
    if settings.team_reports:
        seed_team(team_url, settings.team_reports)
        with serving(team_url, workdir, settings.workers, "--multi-user") as server:
            cookie = signed_in_cookie(server.base)
            results += run_on_fast_loop(measure_team(server, cookie, settings))
    settings.processes = processes
    report(backend, settings, results)
    return results


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="mlladder serve under concurrent clients on loopback.")
    parser.add_argument("--clients", type=int, default=100, help="concurrent clients (default 100)")
    parser.add_argument("--requests", type=int, default=50, help="requests per client and endpoint (default 50)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between a client's requests (default 0)")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most this long per endpoint (default 60)")
    parser.add_argument("--workers", type=int, help="server processes (default: mlladder serve's own default)")
    parser.add_argument("--writes", type=float, default=0.0, help="commits a second by another writer (default 0)")
    parser.add_argument(
        "--team-reports", type=int, default=50, help="reports of the manager whose home is measured (0: skip it)"
    )
    parser.add_argument("--pg", metavar="URL", help="use this PostgreSQL database (a schema is made for the run)")
    settings = parser.parse_args()
    counts, rates = (settings.clients, settings.requests), (settings.think, settings.writes)
    if min(counts) < 1 or min(rates) < 0 or settings.seconds <= 0 or settings.team_reports < 0:
        parser.error(
            "--clients and --requests must be at least 1, --think, --writes and --team-reports at least 0,"
            " --seconds above 0"
        )
    return settings


def main() -> None:
    settings = arguments()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        workdir = Path(folder)
        if settings.pg:
            with postgres_schema(settings.pg) as url, postgres_schema(settings.pg) as team_url:
                run(url, team_url, "PostgreSQL", settings, workdir)
        else:
            run(f"sqlite:///{workdir / 'bench.db'}", f"sqlite:///{workdir / 'team.db'}", "SQLite", settings, workdir)


if __name__ == "__main__":
    main()
