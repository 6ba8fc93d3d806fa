"""Opening a database that cannot be used: one error naming the database, the problem and the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlladder.errors import InputError
from mlladder.store import Store
from mlladder.store.engine import CannotOpenDatabase, resolve_url

PG_URL = os.environ.get("MLLADDER_TEST_PG_URL")


def unusable(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Name -> (database given, what the error must say)."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "ladder.yaml").write_text("schema_version: 1\nid: my-ladder\n", encoding="utf-8")
    return {
        "missing folder": (str(tmp_path / "nowhere" / "x.db"), f"the folder {tmp_path / 'nowhere'} does not exist"),
        "folder": (str(tmp_path / "folder"), "is a folder, not a database file"),
        "not a database": (str(tmp_path / "ladder.yaml"), "is not an SQLite database"),
        "sqlite url of a folder": (f"sqlite:///{tmp_path / 'folder'}", "is a folder"),
        "unsupported scheme": ("mysql://u:secret@h/db", "mlladder does not run on 'mysql' databases"),
        "not a url": ("postgresql://u:secret@h:port/db", "not a database URL"),
        "refused port": ("postgresql://postgres:secret@127.0.0.1:1/test", "cannot reach the database server"),
    }


CASES = [
    "missing folder",
    "folder",
    "not a database",
    "sqlite url of a folder",
    "unsupported scheme",
    "not a url",
    "refused port",
]


@pytest.mark.parametrize("case", CASES)
def test_a_database_that_cannot_be_used_is_one_clear_input_error(tmp_path: Path, case: str) -> None:
    given, expected = unusable(tmp_path)[case]
    with pytest.raises(CannotOpenDatabase) as caught:
        Store(given)
    message = str(caught.value)
    assert isinstance(caught.value, InputError)
    assert expected in message and "(fix: " in message and "\n" not in message
    assert "secret" not in message  # a password never shows


def test_nothing_is_written_where_the_database_could_not_be_opened(tmp_path: Path) -> None:
    given, _ = unusable(tmp_path)["not a database"]
    before = Path(given).read_bytes()
    with pytest.raises(CannotOpenDatabase):
        Store(given)
    assert Path(given).read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder", "ladder.yaml"]


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    with Store(str(tmp_path / "empty.db")) as store:
        assert store.schema_revision() is not None


@pytest.mark.skipif(not PG_URL, reason="MLLADDER_TEST_PG_URL is not set")
def test_a_postgresql_database_the_server_does_not_have(tmp_path: Path) -> None:
    url = resolve_url(PG_URL).set(database="mlladder_no_such_database").render_as_string(hide_password=False)
    with pytest.raises(CannotOpenDatabase, match="the server has no database 'mlladder_no_such_database'"):
        Store(url)
