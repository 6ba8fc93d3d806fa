"""Password hashing: argon2 hashes, the length rule, and the same answer time for unknown accounts."""

from __future__ import annotations

import pytest

from mlladder.errors import InputError
from mlladder.passwords import MIN_PASSWORD_LENGTH, Passwords

PASSWORD = "a long enough password"


def test_a_hash_matches_its_password_and_no_other() -> None:
    passwords = Passwords()
    stored = passwords.hash_new(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert passwords.matches(stored, PASSWORD)
    assert not passwords.matches(stored, PASSWORD.upper())
    assert not passwords.needs_rehash(stored)


def test_a_short_password_is_refused_before_hashing() -> None:
    with pytest.raises(InputError, match="too short"):
        Passwords().hash_new("x" * (MIN_PASSWORD_LENGTH - 1))
    assert Passwords().hash_new("x" * MIN_PASSWORD_LENGTH)


def test_nothing_stored_or_a_damaged_hash_never_matches() -> None:
    passwords = Passwords()
    assert not passwords.matches(None, "not a real password")  # the stand-in's own password does not open it
    assert not passwords.matches(None, PASSWORD)
    assert not passwords.matches("not a hash", PASSWORD)
