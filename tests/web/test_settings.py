"""Settings: flags over MLLADDER_* variables over defaults, loud errors, and the team-mode secret key."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from mlladder import FrameworkError
from mlladder.web import Settings, SettingsError, create_app
from mlladder.web.settings import (
    DEFAULT_PORT,
    DEFAULT_UPLOAD_LIMIT,
    default_workers,
    from_handoff,
    session_secret,
    to_handoff,
    with_session_secret,
)


def test_defaults_environment_and_flags() -> None:
    assert Settings.from_env({}) == Settings()
    defaults = Settings()
    assert (defaults.host, defaults.port, defaults.multi_user, defaults.upload_limit_bytes) == (
        "127.0.0.1",
        DEFAULT_PORT,
        False,
        DEFAULT_UPLOAD_LIMIT,
    )
    assert defaults.loopback and defaults.db_url is None
    environ = {"MLLADDER_DB": "sqlite:///x.db", "MLLADDER_PORT": "9000", "MLLADDER_MULTI_USER": "true"}
    from_env = Settings.from_env(environ)
    assert (from_env.db_url, from_env.port, from_env.multi_user) == ("sqlite:///x.db", 9000, True)
    flagged = Settings.from_env(environ, port=9100, db_url=None, host="0.0.0.0")  # team mode, from the environment
    assert (flagged.port, flagged.db_url, flagged.host, flagged.loopback) == (9100, "sqlite:///x.db", "0.0.0.0", False)
    assert Settings(host="::1").loopback and Settings(host="localhost").loopback


@pytest.mark.parametrize(
    ("environ", "field"),
    [
        ({"MLLADDER_PORT": "http"}, "port (flag or MLLADDER_PORT)"),
        ({"MLLADDER_PORT": "70000"}, "port"),
        ({"MLLADDER_SECRET_KEY": "short"}, "secret_key"),
        ({"MLLADDER_UPLOAD_LIMIT": "0"}, "upload_limit_bytes"),
        ({"MLLADDER_MULTI_USER": "perhaps"}, "multi_user"),
        ({"MLLADDER_WORKERS": "0"}, "workers (flag or MLLADDER_WORKERS)"),
        ({"MLLADDER_WORKERS": "65"}, "workers"),
        ({"MLLADDER_WORKERS": "many"}, "workers"),
    ],
)
def test_bad_settings_fail_loudly(environ: dict[str, str], field: str) -> None:
    with pytest.raises(SettingsError, match=f"^setting {re.escape(field)}.*fix: give a valid value"):
        Settings.from_env(environ)


def test_single_user_mode_never_listens_beyond_this_computer() -> None:
    with pytest.raises(SettingsError, match=r"^settings: single-user mode has no sign-in.*fix: add --multi-user"):
        Settings.from_env({}, host="0.0.0.0")
    assert not Settings.from_env({}, host="0.0.0.0", multi_user=True).loopback  # team mode may, over HTTPS


def test_unknown_settings_are_errors() -> None:
    with pytest.raises(SettingsError, match="colour"):
        Settings.from_env({}, colour="blue")


def test_team_mode_keeps_a_generated_secret(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "secret_key"
    settings = Settings(multi_user=True, secret_key_file=key_file)
    first = session_secret(settings)
    assert len(first) >= 32 and key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert session_secret(settings) == first  # sessions survive a restart
    assert session_secret(Settings(multi_user=True, secret_key="k" * 40, secret_key_file=key_file)) == "k" * 40
    single = Settings(secret_key_file=tmp_path / "unused")
    assert session_secret(single) != session_secret(single)  # single-user: a fresh key per process
    assert not (tmp_path / "unused").exists()
    key_file.write_text("short\n")
    with pytest.raises(SettingsError, match="shorter than 32"):
        session_secret(settings)


def test_a_bad_framework_or_database_fails_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="framework file not found"):
        create_app(Settings(db_url=f"sqlite:///{tmp_path / 'a.db'}", framework="no-such-ladder"))
    bad = tmp_path / "ladder.yaml"
    bad.write_text("schema_version: 1\n")
    with pytest.raises(FrameworkError, match=r"ladder\.yaml"):
        create_app(Settings(db_url=f"sqlite:///{tmp_path / 'b.db'}", framework=str(bad)))


def test_a_framework_file_is_served(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.conftest import EXAMPLE_FRAMEWORK

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'c.db'}", framework=str(EXAMPLE_FRAMEWORK)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        ladder = client.get("/api/ladder").json()
        assert ladder["id"] != "ml-engineer"
        assert client.get("/ladder").status_code == 200


def test_server_processes_default_to_the_cpus_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    for cpus, expected in ((None, 1), (1, 1), (2, 2), (16, 4)):
        monkeypatch.setattr("os.cpu_count", lambda cpus=cpus: cpus)
        assert default_workers() == expected
        assert Settings().workers == expected
    assert Settings.from_env({"MLLADDER_WORKERS": "3"}).workers == 3
    assert Settings.from_env({"MLLADDER_WORKERS": "3"}, workers=1).workers == 1


def test_server_processes_get_the_same_settings_and_session_key(tmp_path: Path) -> None:
    """``mlladder serve --workers N`` hands its settings to each process: every one must sign cookies with the
    same key, or a form from one process would be refused by the next."""
    given = Settings(
        db_url="sqlite:///x.db",
        port=9001,
        multi_user=True,
        secret_key_file=tmp_path / "key",
        allowed_hosts=("career.example",),
        upload_limit_bytes=1234,
        workers=3,
    )
    resolved = with_session_secret(given)
    assert resolved.secret_key is not None and (tmp_path / "key").read_text().strip() == session_secret(given)
    assert from_handoff(to_handoff(resolved)) == resolved
    single = with_session_secret(Settings(workers=2))
    assert from_handoff(to_handoff(single)) == single
    assert session_secret(from_handoff(to_handoff(single))) == session_secret(single)
