"""``mlladder serve`` and ``mlladder user``: run the web app, and manage its accounts for team mode."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mlladder import access
from mlladder.cli.output import OutputFormat, print_json
from mlladder.errors import InputError
from mlladder.store import Store, User

__all__ = [
    "DbOption",
    "register",
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="URL", help="Database URL or SQLite file. Default: $MLLADDER_DB, else the user data folder."
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``user`` commands to the root app."""
    app.command("serve")(serve_command)
    user_app = typer.Typer(help="Accounts for team mode (mlladder serve --multi-user).", no_args_is_help=True)
    user_app.command("add")(add_user_command)
    user_app.command("set")(set_user_command)
    user_app.command("list")(list_users_command)
    user_app.command("edit")(edit_user_command)
    user_app.command("reset-password")(reset_password_command)
    user_app.command("disable")(disable_user_command)
    user_app.command("enable")(enable_user_command)
    user_app.command("remove")(remove_user_command)
    app.add_typer(user_app, name="user")


def serve_command(
    host: Annotated[
        str | None,
        typer.Option(
            "--host", metavar="ADDRESS", help="Address to listen on. Default: 127.0.0.1 (this computer only)."
        ),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", metavar="PORT", help="Port to listen on. Default: 8765.")
    ] = None,
    db: DbOption = None,
    multi_user: Annotated[
        bool,
        typer.Option("--multi-user", help="Team mode: accounts, sign-in, roles. Default: single user, no sign-in."),
    ] = False,
    framework: Annotated[
        str | None, typer.Option("--framework", "-f", metavar="FILE", help="Framework file or built-in id.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", metavar="N", help="Server processes (1-64). Default: one per CPU, at most 4."),
    ] = None,
    trusted_proxies: Annotated[
        str | None,
        typer.Option(
            "--trusted-proxies",
            metavar="ADDRESSES",
            help="Proxies whose X-Forwarded-For/-Proto headers to believe: IP addresses or networks, "
            "comma-separated. Default: none.",
        ),
    ] = None,
    director_sees_people: Annotated[
        bool,
        typer.Option(
            "--director-sees-people",
            help="Team mode: directors read each person's records below them, not only their teams' aggregate.",
        ),
    ] = False,
) -> None:
    """Run the web app: the ladder, self-assessment, results, plan, journal, history and promotion packet."""
    # Imported here: every other command starts faster without the web stack.
    from mlladder.web import Settings, create_app
    from mlladder.web.processes import listen, serve
    from mlladder.web.settings import SettingsError, with_session_secret

    given = Settings.from_env(
        host=host,
        port=port,
        db_url=db,
        multi_user=True if multi_user else None,
        framework=framework,
        workers=workers,
        trusted_proxies=trusted_proxies,
        director_sees_people=True if director_sees_people else None,
    )
    settings = with_session_secret(given)
    app = create_app(settings)  # here, once: a bad setting, database or framework stops the command with one line
    try:
        listener = listen(settings)  # and a port in use, before the line that says where it serves
    except SettingsError:
        app.state.mlladder.store.close()
        raise
    if settings.multi_user and not app.state.mlladder.store.list_users():
        typer.echo("mlladder: no accounts yet; add one with: mlladder user add NAME --role admin", err=True)
    mode = "team mode (sign-in required)" if settings.multi_user else "single-user mode"
    scheme = "http" if settings.loopback else "https (behind your TLS proxy)"
    count = "1 process" if settings.workers == 1 else f"{settings.workers} processes"
    where = f"mlladder: {mode} at {scheme}://{settings.address}/ ({count}; Ctrl-C stops it)"
    serve(app, settings, listener, announce=lambda: typer.echo(where))


def add_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Letters, digits, '.', '_', '@' or '-'.")],
    role: Annotated[
        str, typer.Option("--role", metavar="ROLE", help=f"{access.role_choices()}.")
    ] = access.Role.ENGINEER.value,
    manager: Annotated[
        str | None, typer.Option("--manager", metavar="USERNAME", help="The user name of their manager.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="The person's name. Default: the user name.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Add an account. The password is asked for (or read from the first line of standard input)."""
    checked_role = access.parse_role(role)  # before the password is asked for
    password = _read_password()
    with Store(db) as store:
        manager_id = _manager_id(store, manager) if manager else None
        user = store.create_user(username, password, checked_role, manager_id, name)
    typer.echo(f"added {user.username} ({user.role})")


def set_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to change.")],
    role: Annotated[
        str | None, typer.Option("--role", metavar="ROLE", help=f"{access.role_choices()}. Default: unchanged.")
    ] = None,
    manager: Annotated[
        str | None,
        typer.Option(
            "--manager", metavar="USERNAME", help="The user name of their new manager, or 'none'. Default: unchanged."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Give an account another role or manager (a director, say, or a new team). A manager who cannot manage, or
    one who reports to the account (a cycle), is refused and nothing changes."""
    checked_role = access.parse_role(role) if role is not None else None
    with Store(db) as store:
        user = _account(store, username)
        if manager is None:
            manager_id = user.manager_id
        else:
            manager_id = None if manager.strip().lower() == "none" else _manager_id(store, manager)
        changed = store.update_account(user.id, checked_role or user.role, manager_id)
        typer.echo(_described(changed, {account.id: account.username for account in store.list_users()}))


def list_users_command(
    db: DbOption = None,
    output: Annotated[OutputFormat | None, typer.Option("--format", help="text or json.")] = None,
) -> None:
    """List the accounts: user name, role, manager and whether it is disabled."""
    with Store(db) as store:
        users = store.list_users()
    if output is OutputFormat.json:
        print_json([user.model_dump(mode="json") for user in users])
        return
    names = {user.id: user.username for user in users}
    for user in users:
        typer.echo(_described(user, names))


def edit_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to edit.")],
    new_username: Annotated[
        str | None,
        typer.Option("--username", metavar="USERNAME", help="Its new user name (unique). Default: unchanged."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="The person's new name. Default: unchanged.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Give an account another user name or its person another name. Its open sessions stay signed in."""
    with Store(db) as store:
        user = _account(store, username)
        current = store.get_person(user.person_id).name if user.person_id is not None else user.username
        edited = store.edit_account(user.id, new_username or user.username, name or current)
    typer.echo(f"edited {edited.username}")


def reset_password_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account whose password to reset.")],
    generate: Annotated[
        bool, typer.Option("--generate", help="Make a random password and print it, instead of asking for one.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Give an account a new password: asked for (or read from the first line of standard input), or generated
    and printed once. Every session of the account ends and its failed sign-ins are forgotten."""
    with Store(db) as store:
        user = _account(store, username)
        password = store.reset_password(user.id, None if generate else _read_password())
    if generate:
        typer.echo(f"new password for {user.username}: {password}")
        typer.echo("Shown only now: pass it on by a channel only they read.", err=True)
    else:
        typer.echo(f"new password set for {user.username}")


def disable_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to disable.")],
    db: DbOption = None,
) -> None:
    """Keep an account from signing in; its open sessions end at their next request. Its data, manager and
    reports stay. The last enabled admin cannot be disabled."""
    with Store(db) as store:
        user = store.set_disabled(_account(store, username).id, True)
    typer.echo(f"disabled {user.username}")


def enable_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to enable.")],
    db: DbOption = None,
) -> None:
    """Let a disabled account sign in again with its password."""
    with Store(db) as store:
        user = store.set_disabled(_account(store, username).id, False)
    typer.echo(f"enabled {user.username}")


def remove_user_command(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account to remove.")],
    delete_data: Annotated[
        bool,
        typer.Option(
            "--delete-data",
            help="Also delete the person and all their records. Default: keep them as a person without an account, "
            "whom only admins see.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to confirm (needed when not at a terminal).")] = False,
    db: DbOption = None,
) -> None:
    """Remove an account. Its reports move to its own manager (or to none). The last enabled admin cannot be
    removed."""
    with Store(db) as store:
        user = _account(store, username)
        _confirm_removal(user, delete_data, yes)
        store.remove_account(user.id, delete_data=delete_data)
    kept = "their data deleted" if delete_data else "their records kept as a person without an account"
    typer.echo(f"removed {user.username} ({kept})")


def _confirm_removal(user: User, delete_data: bool, yes: bool) -> None:
    """Ask at a terminal; elsewhere demand --yes, so a script cannot remove an account by accident."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError(f"removing '{user.username}' needs confirmation (fix: add --yes)")
    what = "and delete all their data" if delete_data else "(their records are kept)"
    typer.confirm(f"Remove the account '{user.username}' {what}?", default=False, abort=True)  # no: exit 1


def _described(user: User, names: dict[int, str]) -> str:
    """'bea (engineer, manager mia)': an account as the user commands print it; ', disabled' when it is."""
    manager = f", manager {names[user.manager_id]}" if user.manager_id in names else ""
    disabled = ", disabled" if user.disabled_at is not None else ""
    return f"{user.username} ({user.role}{manager}{disabled})"


def _account(store: Store, username: str) -> User:
    wanted = username.strip().lower()
    found = next((user for user in store.list_users() if user.username == wanted), None)
    if found is None:
        raise InputError(f"no account '{wanted}' (fix: check 'mlladder user list')")
    return found


def _read_password() -> str:
    """From a hidden prompt (typed twice) on a terminal; else the first line of standard input, for scripts."""
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InputError("no password given (fix: type it at the prompt, or pipe it on standard input)")
    return line


def _manager_id(store: Store, username: str) -> int:
    wanted = username.strip().lower()
    for user in store.list_users():
        if user.username == wanted:
            if not access.may_manage(user.role):
                raise InputError(
                    f"'{wanted}' is an engineer, not a manager (fix: give a manager's, director's or admin's user name)"
                )
            return user.id
    raise InputError(f"no account '{wanted}' (fix: add the manager first, or check 'mlladder user list')")
