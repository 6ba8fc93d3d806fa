"""Failed sign-ins: the sign-in rate limit's memory, in the database so every server process counts the same."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from mlladder.limits import clean_text
from mlladder.store.database import Repository
from mlladder.store.models import LoginFailureRow
from mlladder.store.people import username_key

__all__ = [
    "LoginFailures",
]

FAILURE_KEY_LENGTH = 255  # user names and addresses of failed sign-ins are kept up to this length


class LoginFailures(Repository):
    """When sign-ins failed, by user name and address, for as long as they count."""

    def login_failures(self, username: str | None, address: str | None, since: dt.datetime) -> list[dt.datetime]:
        """When sign-ins failed at or after ``since``, oldest first: as ``username`` (None: as anyone) from
        ``address`` (None: from anywhere)."""
        query = select(LoginFailureRow.failed_at).where(LoginFailureRow.failed_at >= since)
        if username is not None:
            query = query.where(LoginFailureRow.username == _failed_name(username))
        if address is not None:
            query = query.where(LoginFailureRow.address == _failed_address(address))
        with self._db.read() as session:
            return list(session.scalars(query.order_by(LoginFailureRow.failed_at)))

    def record_login_failure(self, username: str, address: str, at: dt.datetime, forget_before: dt.datetime) -> None:
        """Note a failed sign-in, and forget every failure (of any name) older than ``forget_before``, which no
        longer counts: the table holds one rate-limit window of failures at most."""
        name, place = _failed_name(username), _failed_address(address)
        with self._db.write() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.failed_at < forget_before))
            session.add(LoginFailureRow(username=name, address=place, failed_at=at))

    def clear_login_failures(self, username: str, address: str) -> None:
        """Forget the failures of ``username`` from ``address`` (after a sign-in succeeds)."""
        name, place = _failed_name(username), _failed_address(address)
        with self._db.write() as session:
            session.execute(
                delete(LoginFailureRow).where(LoginFailureRow.username == name, LoginFailureRow.address == place)
            )


def _failed_name(username: str) -> str:
    """The user name of a failed sign-in as kept: one key however it is typed, cut to the column's size."""
    return username_key(username)[:FAILURE_KEY_LENGTH]


def _failed_address(address: str) -> str:
    return clean_text(address)[:FAILURE_KEY_LENGTH]
