"""``mlladder assess`` with no profile, in a real pseudo-terminal: answer every screen, get a saved profile."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import yaml

from mlladder import builtin_framework
from mlladder.framework.ladder import placed_competencies


def test_interactive_assessment_in_a_terminal_saves_and_assesses(tmp_path: Path) -> None:
    competencies = placed_competencies(builtin_framework())  # a goal on the main track: engineers are asked these
    # Name, title, years, weekly hours; goal: get hired (3) at L2; specialisations; region; then option 3
    # (proficiency 2) on every screen; then confirm.
    background = ["Terminal Tester", "ML Engineer", "3", "5", "3", "L2", "nlp, computer-vision", "gb"]
    answers = background + ["3"] * len(competencies) + ["y"]
    target = tmp_path / "me.yaml"
    leader, follower = pty.openpty()
    environment = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mlladder", "assess", "--save", str(target)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        close_fds=True,
    )
    os.close(follower)
    screen = b""
    deadline = time.monotonic() + 60
    for answer in answers:
        os.write(leader, answer.encode() + b"\n")
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=10)
    os.close(leader)
    text = screen.decode("utf-8", "replace")
    assert process.returncode == 0, text[-2000:]
    saved = yaml.safe_load(target.read_text())
    assert saved["name"] == "Terminal Tester"
    assert saved["ratings"]["self"] == {c.id: 2 for c in competencies}
    assert saved["goal"] == {"kind": "get-hired", "level": "L2"}
    assert saved["specialisation"] == ["nlp", "computer-vision"] and saved["region"] == "GB"
    assert "What do you want next?" in text and "Specialisations (pick any that fit your work)" in text
    assert "Saved the profile to" in text
    assert "Terminal Tester: L2 ML Engineer" in text
