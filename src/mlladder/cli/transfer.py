"""``mlladder export`` and ``mlladder import``: all of a person's data as one JSON file, and back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mlladder import Store
from mlladder.cli.serve import DbOption
from mlladder.files import write_atomically
from mlladder.store.transfer import read_export

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)


def export_command(
    person: Annotated[
        int | None, typer.Option("--person", metavar="ID", help="Person id. Default: the single-user person.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export all of a person's data (assessments, documents, journal, plans, interview practice) as JSON."""
    with Store(db) as store:
        person_id = person if person is not None else store.default_person().id
        text = json.dumps(store.export_person(person_id), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(output, text)
        typer.echo(f"wrote {output}")


def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by mlladder export.")],
    db: DbOption = None,
) -> None:
    """Import a person exported with mlladder export, as a new person (new ids, no account)."""
    data = read_export(file)
    with Store(db) as store:
        person_id = store.import_person(data)
    typer.echo(f"imported {file} as person {person_id}")
