"""A form sent with a value that cannot be used comes back as it was sent: the same page (status 400), the message
beside the field it is about, in the form's words, and every value as it was typed. Nothing is stored.

A route builds a :class:`FormState` from what was posted and the error, and renders its own page with it as
``form``; the templates' ``_form_errors.html`` macros mark the field (``aria-invalid``, ``aria-describedby``) and
show the message (``role="alert"``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mlladder.errors import FieldError, InputError

__all__ = ["FORM_PROBLEM", "FormState", "advice_of", "form_words", "refused"]

FORM_PROBLEM = 400
GENERAL = ""  # the key of a message about the form as a whole
FIX = re.compile(r"\s*\(fix: (?P<hint>.*)\)\s*\.?\s*$", re.DOTALL)
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


@dataclass(frozen=True)
class FormState:
    """One form as it was sent back: which one (``key``, as a page may hold several), the values typed, and the
    messages by field name."""

    key: str
    values: Mapping[str, str | list[str] | bool]
    errors: Mapping[str, str] = field(default_factory=dict)

    def value(self, name: str, default: str = "") -> str:
        typed = self.values.get(name, default)
        return typed if isinstance(typed, str) else default

    def chosen(self, name: str) -> list[str]:
        """The options picked of a group of checkboxes or a multiple select."""
        typed = self.values.get(name, [])
        return typed if isinstance(typed, list) else [str(typed)] if isinstance(typed, str) else []

    def ticked(self, name: str) -> bool:
        return self.values.get(name) is True

    def error(self, name: str) -> str:
        return self.errors.get(name, "")

    @property
    def general(self) -> str:
        return self.errors.get(GENERAL, "")


def advice_of(error: InputError) -> str:
    """What to do about ``error`` in a form's words, to follow a field's label: a :class:`FieldError`'s advice;
    any other error's text with its "(fix: ...)" as a second sentence, unless that fix is a command-line flag,
    which a form has no use for."""
    if isinstance(error, FieldError):
        return error.advice
    message = str(error)
    found = FIX.search(message)
    text = message if found is None else message[: found.start()]
    if found is not None and not FLAG.search(found["hint"]):  # a fix that names a flag helps no one here
        text += f". {_sentence(found['hint'])}"
    return text


def form_words(error: InputError, label: str = "") -> str:
    """The message as a form shows it: what to enter, led by the field's label ("Hours a week: enter a number
    from 1 to 80."); a message without a field keeps its text and its fix (see :func:`advice_of`)."""
    text = advice_of(error)
    text = f"{label}: {text}" if label else _sentence(text)
    return text if text.endswith((".", "?", "!")) else text + "."


def refused(
    key: str,
    values: Mapping[str, str | list[str] | bool],
    error: InputError,
    labels: Mapping[str, str],
    fallback: str = GENERAL,
) -> FormState:
    """The form ``key`` sent back for ``error``: the message goes beside the field the error names when the form
    has it (``labels`` maps field names to the labels shown), else beside ``fallback`` (the form as a whole when
    not given)."""
    name = error.field if isinstance(error, FieldError) and error.field in labels else fallback
    return FormState(key=key, values=values, errors={name: form_words(error, labels.get(name, ""))})


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
