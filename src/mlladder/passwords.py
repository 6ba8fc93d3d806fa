"""Passwords of team-mode accounts: what a new one must be, and argon2 hashes, slow to compute on purpose.

Apart from the store, which keeps the hash it is given and reads it back: how passwords are hashed and checked is
a security decision, not a storage one, and a test or another store can use it as it is.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mlladder.errors import InputError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Passwords",
]

MIN_PASSWORD_LENGTH = 8


class Passwords:
    """argon2id hashing with the library's recommended cost, and checks that take as long for unknown accounts."""

    def __init__(self) -> None:
        self._hasher = PasswordHasher()
        self._dummy_hash: str | None = None

    def hash_new(self, password: str) -> str:
        """The hash to keep for a new password; one too short to be safe is bad input."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError(f"the password is too short (fix: use at least {MIN_PASSWORD_LENGTH} characters)")
        return self.hash(password)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def matches(self, stored: str | None, password: str) -> bool:
        """Is ``password`` the one ``stored`` was made from? With nothing stored (no such account) a stand-in hash
        is checked all the same, so an unknown name takes as long as a wrong password, and the answer is no."""
        try:
            self._hasher.verify(stored if stored is not None else self._stand_in(), password)
        except (VerificationError, InvalidHashError):
            return False
        return stored is not None

    def needs_rehash(self, stored: str) -> bool:
        """Was ``stored`` made with weaker settings than today's (so it should be made again at the next sign-in)?"""
        return self._hasher.check_needs_rehash(stored)

    def _stand_in(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not a real password")
        return self._dummy_hash
