"""A hostile upload against a real ``mlladder serve``: one endless line must not take the server down.

A 720 KB one-line text once grew a worker to 23 GB and a 72 KB one grew the database by 1.2 GB: every skill mention
stored its whole sentence, and the sentence was the line. Now the server answers in bounded time with bounded
memory, the stored evidence stays small, and the server goes on answering.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.browser.support import serving

ONE_LINE = ("Python Kubernetes " * 60_000).encode("utf-8")  # about 1 MB, no line break


def peak_memory_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmHWM for process {pid}")


def test_a_one_megabyte_line_upload_is_bounded(tmp_path: Path) -> None:
    database = tmp_path / "team.db"
    with serving(tmp_path, f"sqlite:///{database}", "--workers", "1") as server, httpx.Client(timeout=120) as client:
        token = client.get(server.url("/api/session")).json()["csrf_token"]
        me = client.get(server.url("/api/people")).json()[0]["id"]
        size_before = database.stat().st_size
        response = client.post(
            server.url(f"/api/people/{me}/documents"),
            files={"file": ("one-line.txt", ONE_LINE, "text/plain")},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 201, response.text[:500]
        assert len(response.content) < len(ONE_LINE) + 300_000  # the text once, plus evidence: was 578 MB for 72 KB
        document = response.json()
        assert {mention["skill"] for mention in document["evidence"]["skills"]} == {"python", "kubernetes"}
        assert all(len(mention["citation"]["sentence"]) <= 800 for mention in document["evidence"]["skills"])
        growth = database.stat().st_size + _wal_size(database) - size_before
        assert growth < 2 * len(ONE_LINE) + 1_000_000  # the text and its original, not gigabytes of quotes
        assert peak_memory_kib(_server_pid(server.base_url)) < 1024 * 1024  # the worker once grew to 23 GB
        assert client.get(server.url("/api/people")).status_code == 200  # still answering


def _server_pid(base_url: str) -> int:
    """The ``mlladder serve`` process answering on ``base_url``'s port (with one worker, it serves itself)."""
    port = base_url.rsplit(":", 1)[1]
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            try:
                words = (process / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in words and b"--port" in words and port.encode() in words:
                return int(process.name)
    raise AssertionError(f"no mlladder serve process on port {port}")


def _wal_size(database: Path) -> int:
    wal = database.with_name(database.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0
