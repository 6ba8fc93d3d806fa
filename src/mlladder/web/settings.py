"""The web app's settings: one typed object, read from flags and ``MLLADDER_*`` variables, that fails loudly.

Nothing here is read at import time: :meth:`Settings.from_env` reads the environment when it is called, and
:func:`session_secret` makes or loads the secret key only when an app is built.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from mlladder import InputError
from mlladder.addresses import is_loopback
from mlladder.limits import MAX_FILE_BYTES

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_UPLOAD_LIMIT",
    "Settings",
    "SettingsError",
    "default_workers",
    "from_handoff",
    "host_in_url",
    "session_secret",
    "to_handoff",
    "with_session_secret",
]

DEFAULT_PORT = 8765
DEFAULT_UPLOAD_LIMIT = MAX_FILE_BYTES
MIN_SECRET_LENGTH = 32
SECRET_FILENAME = "secret_key"

# Environment variable -> settings field; flags given on the command line win over these.
ENVIRONMENT = {
    "MLLADDER_DB": "db_url",
    "MLLADDER_HOST": "host",
    "MLLADDER_PORT": "port",
    "MLLADDER_MULTI_USER": "multi_user",
    "MLLADDER_SECRET_KEY": "secret_key",
    "MLLADDER_UPLOAD_LIMIT": "upload_limit_bytes",
    "MLLADDER_FRAMEWORK": "framework",
    "MLLADDER_WORKERS": "workers",
    "MLLADDER_TRUSTED_PROXIES": "trusted_proxies",
    "MLLADDER_DIRECTOR_SEES_PEOPLE": "director_sees_people",
}
MAX_WORKERS = 64


def default_workers() -> int:
    """One server process per CPU, at most four: Python answers one request at a time per process, and a
    career tool on a laptop or a team's small server gains little from more."""
    return max(1, min(4, os.cpu_count() or 1))


class SettingsError(InputError):
    """A setting has a value the web app cannot run with."""


class Settings(BaseModel):
    """How ``mlladder serve`` runs. Build it with :meth:`from_env` to include ``MLLADDER_*`` variables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db_url: str | None = Field(default=None, description="Database URL or SQLite path; None: the Store default.")
    host: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = DEFAULT_PORT
    multi_user: bool = False
    secret_key: SecretStr | None = Field(default=None, description="Signs session cookies (team mode needs one).")
    secret_key_file: Path | None = Field(default=None, description="Where a generated key is kept.")
    upload_limit_bytes: Annotated[int, Field(gt=0, le=1024 * 1024 * 1024)] = DEFAULT_UPLOAD_LIMIT
    framework: str | None = Field(default=None, description="Built-in framework id or framework file.")
    allowed_hosts: tuple[str, ...] = Field(default=(), description="Host names the app answers to, besides loopback.")
    login_attempts: Annotated[int, Field(ge=1)] = 5
    login_window_seconds: Annotated[int, Field(ge=1)] = 15 * 60
    session_max_age_seconds: Annotated[int, Field(ge=60)] = 12 * 60 * 60
    workers: Annotated[int, Field(ge=1, le=MAX_WORKERS)] = Field(
        default_factory=default_workers, description="Server processes answering requests."
    )
    trusted_proxies: tuple[str, ...] = Field(
        default=(),
        description="Addresses or networks of the proxies whose X-Forwarded-For and X-Forwarded-Proto headers are "
        "believed; none by default, so a client cannot claim another address.",
    )

    director_sees_people: bool = Field(
        default=False,
        description="Directors read the records of everyone below them, not only their teams' aggregate "
        "(see mlladder.access).",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        """A flag or variable gives them comma-separated: "10.0.0.1, 10.1.0.0/16"."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Addresses and networks only: a wildcard would let every client claim any address, and with it get past
        the sign-in rate limit's count per address."""
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"'{entry}' is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)") from None
        return value

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"the secret key must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @model_validator(mode="after")
    def _single_user_stays_local(self) -> Settings:
        """Single-user mode has no sign-in, so it must not be reachable from other machines."""
        if not self.multi_user and not self.loopback:
            raise ValueError(
                f"single-user mode has no sign-in, so it only listens on this computer, not on {self.host} "
                "(fix: add --multi-user for a team, or use --host 127.0.0.1)"
            )
        return self

    @property
    def loopback(self) -> bool:
        """Does the server listen on this machine only? Then cookies may travel over plain HTTP."""
        return is_loopback(self.host)

    @property
    def address(self) -> str:
        """Where the server listens, as written in a URL: ``127.0.0.1:8765``, ``[::1]:8765``."""
        return f"{host_in_url(self.host)}:{self.port}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
        """Settings from ``given`` values (None means "not given"), then ``MLLADDER_*`` variables, then defaults.

        Raises :class:`SettingsError` naming the setting and the fix, never a traceback's worth of detail.
        """
        environ = os.environ if environ is None else environ
        values = {field: environ[name] for name, field in ENVIRONMENT.items() if environ.get(name)}
        values.update({field: value for field, value in given.items() if value is not None})
        return parse_settings(values)


def parse_settings(values: Mapping[str, Any]) -> Settings:
    """Validate settings given as plain values; one readable error for the first problem."""
    try:
        return Settings.model_validate(dict(values))
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        if not field:  # a rule about several settings at once: its message says what to fix
            raise SettingsError(f"settings: {first['msg'].removeprefix('Value error, ')}") from None
        variable = next((name for name, known in ENVIRONMENT.items() if known == field), None)
        where = f"{field} (flag or {variable})" if variable else field
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"setting {where}: {message} (fix: give a valid value)") from None


def host_in_url(host: str) -> str:
    """A host as a URL and a Host header write it: IPv6 addresses in brackets, names in lower case."""
    bare = host.strip("[]").lower()
    return f"[{bare}]" if ":" in bare else bare


def default_secret_file() -> Path:
    return Path(platformdirs.user_data_dir("mlladder")) / SECRET_FILENAME


def with_session_secret(settings: Settings) -> Settings:
    """``settings`` with the session key resolved (see :func:`session_secret`), so that every server process
    started from them signs and checks cookies with the same key."""
    return settings.model_copy(update={"secret_key": SecretStr(session_secret(settings))})


def to_handoff(settings: Settings) -> str:
    """``settings`` as JSON, secret key included, for the server processes ``mlladder serve`` starts."""
    data = settings.model_dump(mode="json")
    data["secret_key"] = None if settings.secret_key is None else settings.secret_key.get_secret_value()
    return json.dumps(data)


def from_handoff(text: str) -> Settings:
    return parse_settings(json.loads(text))


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies.

    A given key wins. Team mode otherwise keeps a generated key in the user data directory, so sessions survive a
    restart; single-user mode uses a fresh key per server start, since its session holds nothing but form tokens.
    """
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    if not settings.multi_user:
        return secrets.token_urlsafe(48)
    return _stored_secret(settings.secret_key_file or default_secret_file())


def _stored_secret(path: Path) -> str:
    """The key kept in ``path``, made (readable by its owner only) if the file does not exist yet."""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    except OSError as error:
        raise SettingsError(
            f"{path}: cannot read the secret key: {error.strerror} (fix: check its permissions)"
        ) from None
    if key:
        if len(key) < MIN_SECRET_LENGTH:
            raise SettingsError(
                f"{path}: the secret key is shorter than {MIN_SECRET_LENGTH} characters (fix: delete the file)"
            )
        return key
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # EXCL: never overwrite a key
    except FileExistsError:  # another server made it meanwhile: use theirs
        return _stored_secret(path)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(key + "\n")
    return key
