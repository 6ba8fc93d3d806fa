"""Hostile uploads against a real ``mlladder serve``: one endless line must not take the server down, and a file
far over the limit is refused on the upload form without being read.

A 720 KB one-line text once grew a worker to 23 GB and a 72 KB one grew the database by 1.2 GB: every skill mention
stored its whole sentence, and the sentence was the line. Now the server answers in bounded time with bounded
memory, the stored evidence stays small, and the server goes on answering.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.browser.support import serving
from tests.web.html import parse

ONE_LINE = ("Python Kubernetes " * 60_000).encode("utf-8")  # about 1 MB, no line break
LIMIT_ADVICE = "The file: Uploads are limited to 97.7 KB. Upload a shorter document, or save it as text."


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


def test_an_upload_far_over_the_limit_is_answered_with_the_form_unread(tmp_path: Path) -> None:
    """100 MB against a 100 kB limit, said in Content-Length and streamed without it: the upload form comes back
    (413) with the limit beside the file field, the server's memory does not grow with the body, nothing is kept
    and the server goes on answering."""
    database = tmp_path / "web.db"
    limit = {"MLLADDER_UPLOAD_LIMIT": "100000"}
    serve = serving(tmp_path, f"sqlite:///{database}", "--workers", "1", settings=limit)
    with serve as server, httpx.Client(timeout=120) as client:
        session = client.get(server.url("/api/session")).json()
        me, token = session["person_id"], session["csrf_token"]
        before = peak_memory_kib(_server_pid(server.base_url))
        boundary = "mlladder-far-over"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        chunk = b"x" * (1024 * 1024)

        def body() -> Iterator[bytes]:
            yield head
            yield from (chunk for _ in range(100))
            yield tail

        content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        length = {"Content-Length": str(len(head) + 100 * len(chunk) + len(tail))}
        for headers in ({**content_type, **length}, content_type):
            response = client.post(server.url(f"/people/{me}/documents"), content=body(), headers=headers)
            assert response.status_code == 413, response.text[:300]
            assert parse(response.text).by_id("file-error").text == LIMIT_ADVICE
            assert client.get(server.url("/api/people")).status_code == 200  # still answering
        growth = peak_memory_kib(_server_pid(server.base_url)) - before
        assert growth < 50 * 1024, f"the server grew by {growth} KiB"  # not the 100 MB body
        assert client.get(server.url(f"/api/people/{me}/documents")).json() == []
