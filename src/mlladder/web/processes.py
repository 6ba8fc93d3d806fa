"""``mlladder serve --workers N``: several server processes answering on one port.

On Linux each process listens on a socket of its own bound to the same port (``SO_REUSEPORT``), and the kernel
hands every new connection to one of them, spreading connections evenly. With one listening socket shared by all
(uvicorn's own ``workers``, used elsewhere), whichever process wakes first takes a whole burst of new connections,
and the clients that land on the busier process wait longer: with 100 clients connecting at once, one process
got about twice as many as the other.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

import uvicorn

from mlladder.web.app import HANDOFF_VARIABLE, create_app, freeze_start_up_objects
from mlladder.web.settings import Settings, SettingsError, from_handoff, to_handoff

STOP_TIMEOUT = 15.0  # seconds a process gets to finish its requests before it is killed
SERVER_OPTIONS: dict[str, Any] = {"log_level": "warning", "server_header": False}


def shares_ports_evenly() -> bool:
    """Does this system spread connections over sockets sharing a port? (Linux does; macOS and Windows not.)"""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def serve_in_processes(settings: Settings) -> None:
    """Run ``settings.workers`` server processes until Ctrl-C or SIGTERM; ``settings`` must carry the session
    key (see :func:`~mlladder.web.settings.with_session_secret`) so that every process accepts every cookie."""
    if not shares_ports_evenly():
        os.environ[HANDOFF_VARIABLE] = to_handoff(settings)  # uvicorn's processes inherit the environment
        uvicorn.run(
            "mlladder.web.app:app_from_handoff",
            factory=True,
            workers=settings.workers,
            host=settings.host,
            port=settings.port,
            **SERVER_OPTIONS,
        )
        return
    _bound_socket(settings, share=False).close()  # the port is free (else one clear error now, not N tracebacks)
    context = multiprocessing.get_context("spawn")
    handoff = to_handoff(settings)
    processes = [
        context.Process(target=_serve_one, args=(handoff,), name=f"mlladder-serve-{number}")
        for number in range(1, settings.workers + 1)
    ]
    for process in processes:
        process.start()
    _wait_then_stop(processes)


def _serve_one(handoff: str) -> None:
    """One server process: the app, and a listening socket of its own on the shared port."""
    settings = from_handoff(handoff)
    app = create_app(settings)
    freeze_start_up_objects()
    config = uvicorn.Config(app, host=settings.host, port=settings.port, **SERVER_OPTIONS)
    uvicorn.Server(config).run(sockets=[_bound_socket(settings, share=True)])


def _bound_socket(settings: Settings, share: bool) -> socket.socket:
    """A socket bound to the server's address; ``share``: one of a group sharing the port. Unshared, binding
    fails while anything listens there, a group of ours included, so two servers never split one port."""
    family, kind, protocol, _, address = socket.getaddrinfo(
        settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, protocol)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise SettingsError(
            f"cannot listen on {settings.host}:{settings.port}: {error.strerror} (fix: choose another --port)"
        ) from None
    return sock


def _wait_then_stop(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Wait until a process ends (Ctrl-C reaches them all; SIGTERM is passed on), then stop the others."""

    def pass_on(signum: int, _: FrameType | None) -> None:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signum)

    previous = signal.signal(signal.SIGTERM, pass_on)
    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reached every process: they are stopping already
            multiprocessing.connection.wait([process.sentinel for process in processes])
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            process.join(STOP_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
    finally:
        signal.signal(signal.SIGTERM, previous)
