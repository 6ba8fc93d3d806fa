"""``mlladder serve``: the socket the server listens on, and the server processes, one or several.

The command binds the socket before it says where it serves, so a port in use is one clear error, never a
"serving at" line followed by a traceback. With one process, that socket is the one it serves on.

With several (``--workers N``), on Linux each process listens on a socket of its own bound to the same port
(``SO_REUSEPORT``), and the kernel hands every new connection to one of them, spreading connections evenly. With one
listening socket shared by all (uvicorn's own ``workers``, used elsewhere), whichever process wakes first takes a
whole burst of new connections, and the clients that land on the busier process wait longer: with 100 clients
connecting at once, one process got about twice as many as the other.

The command's own process watches the server processes: one that stops without being asked to (killed, out of
memory, crashed) is replaced by a new one, while the others go on answering. If they keep stopping (more than
:data:`RESTART_LIMIT` times within :data:`RESTART_WINDOW` seconds), a new process would not fix what is wrong: the
server stops, and the command ends with one line saying so. SIGTERM or Ctrl-C stops every process.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI

from mlladder import MlladderError
from mlladder.web.app import HANDOFF_VARIABLE, create_app, freeze_start_up_objects
from mlladder.web.settings import Settings, SettingsError, from_handoff, to_handoff

__all__ = ["listen", "serve"]

STOP_TIMEOUT = 15.0  # seconds a process gets to finish its requests before it is killed
RESTART_LIMIT = 5  # server processes replaced within RESTART_WINDOW seconds before the server gives up
RESTART_WINDOW = 60.0

log = logging.getLogger("mlladder.serve")


class ServerProcessesFailing(MlladderError):
    """Server processes keep stopping unexpectedly; the server stopped rather than replace them forever."""


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for ``settings``: warnings only, no version banner, and forwarded headers believed only from
    the proxies configured (uvicorn would otherwise believe any X-Forwarded-For from 127.0.0.1, so every client on
    this machine could claim any address)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "server_header": False,
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
    }


def listen(settings: Settings) -> socket.socket:
    """The server's socket, bound now: a port in use (or an address not on this machine) is a
    :class:`SettingsError`, before anything says the server is running."""
    return _bound_socket(settings, share=False)


def serve(app: FastAPI, settings: Settings, listener: socket.socket, announce: Callable[[], None] = print) -> None:
    """Serve until Ctrl-C or SIGTERM: ``app`` on ``listener`` in this process when ``settings.workers`` is 1, else
    ``settings.workers`` processes, each building its own app (see :func:`serve_in_processes`).

    ``announce`` says where it serves, once Ctrl-C is in hand: from then on a Ctrl-C is a clean stop (exit code 0),
    never an interrupted start."""
    if settings.workers == 1:
        freeze_start_up_objects()
        _serve_until_stopped(uvicorn.Server(uvicorn.Config(app, **server_options(settings))), listener, announce)
        return

    def hand_over() -> None:  # each process builds an app and binds a socket of its own (or uvicorn's one)
        app.state.mlladder.store.close()
        listener.close()

    serve_in_processes(settings, announce, hand_over)


def _serve_until_stopped(
    server: uvicorn.Server, listener: socket.socket, announce: Callable[[], None] = lambda: None
) -> None:
    """Serve until SIGTERM or Ctrl-C, then return: a stop that was asked for is a clean end (exit code 0), as with
    several processes. Until uvicorn takes the signals over (and after it gives them back, raising the one it got
    again) they only ask the server to exit, so one that comes while it starts ends it cleanly too."""

    def ask_to_exit(*_: object) -> None:
        server.should_exit = True

    previous = {number: signal.signal(number, ask_to_exit) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        announce()
        if not server.should_exit:
            server.run(sockets=[listener])
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def shares_ports_evenly() -> bool:
    """Does this system spread connections over sockets sharing a port? (Linux does; macOS and Windows not.)"""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def serve_in_processes(
    settings: Settings, announce: Callable[[], None] = lambda: None, hand_over: Callable[[], None] = lambda: None
) -> None:
    """Run ``settings.workers`` server processes until Ctrl-C or SIGTERM; ``settings`` must carry the session
    key (see :func:`~mlladder.web.settings.with_session_secret`) so that every process accepts every cookie.
    ``announce`` and then ``hand_over`` (what this process gives up to them) run once Ctrl-C is in hand.

    Raises :class:`ServerProcessesFailing` when they keep stopping unexpectedly (Linux; elsewhere uvicorn watches
    its own processes)."""
    if not shares_ports_evenly():
        hand_over()
        announce()
        os.environ[HANDOFF_VARIABLE] = to_handoff(settings)  # uvicorn's processes inherit the environment
        uvicorn.run(
            "mlladder.web.app:app_from_handoff", factory=True, workers=settings.workers, **server_options(settings)
        )
        return
    supervisor = _Supervisor(to_handoff(settings), settings.workers)
    with supervisor.stop_signals():  # from here on, Ctrl-C asks for a stop; it never interrupts a step half-done
        announce()
        hand_over()
        supervisor.run()


def _serve_one(handoff: str) -> None:
    """One server process: the app, and a listening socket of its own on the shared port.

    It starts with Ctrl-C ignored (see :meth:`_Supervisor._start`) and keeps ignoring it until uvicorn takes it
    over, so that a Ctrl-C while the process imports or builds its app ends nothing half-way with a traceback: the
    supervisor, which gets it too, stops this process with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as it started; said again so that it holds however it started
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        settings = from_handoff(handoff)
        app = create_app(settings)
        listener = _bound_socket(settings, share=True)
    except MlladderError as error:  # e.g. the database went away: one line, not a traceback per process
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    freeze_start_up_objects()
    _serve_until_stopped(uvicorn.Server(uvicorn.Config(app, **server_options(settings))), listener)


def _bound_socket(settings: Settings, share: bool) -> socket.socket:
    """A socket bound to the server's address; ``share``: one of a group sharing the port. Unshared, binding
    fails while anything listens there, a group of ours included, so two servers never split one port."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise SettingsError(
            f"cannot listen on {settings.address}: {error.strerror} (fix: give an address of this computer to --host)"
        ) from None
    sock = socket.socket(family, kind, protocol)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise SettingsError(
            f"cannot listen on {settings.address}: {error.strerror} (fix: choose another --port, or another --host)"
        ) from None
    return sock


class _Supervisor:
    """Starts the server processes, replaces one that stops unexpectedly, and stops them all on SIGTERM or Ctrl-C."""

    def __init__(self, handoff: str, count: int) -> None:
        self.handoff, self.count = handoff, count
        self.context = multiprocessing.get_context("spawn")
        self.running: dict[int, BaseProcess] = {}  # number (1..count) -> its current process
        self.replaced: collections.deque[float] = collections.deque()  # when processes were replaced lately
        self.stopping = False

    @contextlib.contextmanager
    def stop_signals(self) -> Iterator[None]:
        """Within: SIGTERM and Ctrl-C ask every process to stop (and no KeyboardInterrupt interrupts this one)."""
        previous = {number: signal.signal(number, self._stop_on_signal) for number in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def run(self) -> None:
        _bound_socket(from_handoff(self.handoff), share=False).close()  # the port is free (else one clear error)
        try:
            for number in range(1, self.count + 1):
                if self.stopping:
                    break
                self._start(number)
            while not self.stopping:
                sentinels = [process.sentinel for process in self.running.values()]
                ended = multiprocessing.connection.wait(sentinels)
                self._replace_ended(set(ended))
        finally:
            self.stopping = True
            _stop(self.running.values())

    def _start(self, number: int) -> None:
        """Start server process ``number`` with Ctrl-C ignored, which it keeps through ``exec`` and its imports until
        :func:`_serve_one` hands it to uvicorn. Meanwhile Ctrl-C is also held back here: Linux keeps a held-back
        signal pending even while it is ignored, so this process's own handler still gets it afterwards."""
        process = self.context.Process(target=_serve_one, args=(self.handoff,), name=f"mlladder-serve-{number}")
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            process.start()
        finally:
            signal.signal(signal.SIGINT, handler)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        self.running[number] = process

    def _replace_ended(self, ended: set[Any]) -> None:
        for number, process in list(self.running.items()):
            if self.stopping:
                return
            if process.sentinel not in ended:
                continue
            process.join()
            self._count_replacement(process)
            log.warning("mlladder: server process %s %s; starting another", process.pid, _how_it_ended(process))
            self._start(number)

    def _count_replacement(self, process: BaseProcess) -> None:
        """Give up when processes keep stopping: whatever stops them (memory, the database, a crash) would stop
        a new one too, and a server restarting processes forever looks alive while answering nothing."""
        now = time.monotonic()
        self.replaced.append(now)
        while self.replaced and self.replaced[0] < now - RESTART_WINDOW:
            self.replaced.popleft()
        if len(self.replaced) > RESTART_LIMIT:
            raise ServerProcessesFailing(
                f"server processes keep stopping: {len(self.replaced)} in the last {RESTART_WINDOW:.0f} s, the "
                f"last one {_how_it_ended(process)}; the server stopped (fix: see the messages above; check memory "
                "and the database)"
            )

    def _stop_on_signal(self, signum: int, _: FrameType | None) -> None:
        """SIGTERM or Ctrl-C: stop asking for replacements, and send SIGTERM to each process so it finishes its
        requests. (Ctrl-C from a terminal reached them already; a second SIGINT would make uvicorn stop at once.)"""
        self.stopping = True
        for process in self.running.values():
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)


def _how_it_ended(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        return f"was stopped by {signal.Signals(-code).name}"
    return f"ended with exit code {code}"


def _stop(processes: Iterable[BaseProcess]) -> None:
    """SIGTERM to every process still running, then wait for each (killing those that take too long)."""
    processes = list(processes)
    for process in processes:
        if process.is_alive() and process.pid is not None:
            os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        process.join(STOP_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
