"""Turning pydantic's validation errors into a message and a fix hint a person can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from mlladder.errors import clipped

__all__ = ["COUNTRY_CODE", "describe_pydantic_error", "key_text"]

COUNTRY_CODE = r"^[A-Z]{2}$"
_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def key_text(key: object) -> str:
    """A key of the user's file as a message shows it: line breaks and other unprintable characters written as
    escapes (``\\n``) and a very long key cut short, so the message stays one readable line."""
    text = str(key)
    shown = text if text.isprintable() else text.encode("unicode_escape", "backslashreplace").decode("ascii")
    return clipped(shown)


def describe_pydantic_error(detail: ErrorDetails, root: type[BaseModel]) -> tuple[tuple[Any, ...], str, str]:
    """``(location, message, hint)`` for one pydantic error, phrased for someone editing a YAML file.

    ``root`` is the model of the whole document, used to list the keys allowed where an unknown one stands.
    """
    loc = tuple(part for part in detail["loc"] if part != "[key]")
    kind = detail["type"]
    value = detail.get("input")
    if kind == "extra_forbidden":
        return loc, f"unknown key '{key_text(loc[-1])}'", _unknown_key_hint(root, loc)
    if kind == "missing":
        return loc, f"required key '{loc[-1]}' is missing", f"add '{loc[-1]}'"
    if kind in _TYPE_NAMES:
        expected = _TYPE_NAMES[kind]
        return loc, f"expected {expected}, got {_show(value)}", _type_hint(kind, value)
    if kind == "literal_error":
        return loc, f"{_show(value)} is not allowed: {detail['msg'].lower()}", "use one of the listed values"
    if kind == "string_pattern_mismatch":
        if detail.get("ctx", {}).get("pattern") == COUNTRY_CODE:
            return loc, f"{_show(value)} is not a country code", "use a two-letter code such as US, GB, DE or IN"
        hint = "use letters, digits and - _ . + # only, starting with a letter or digit"
        return loc, f"{_show(value)} is not a valid id or code", hint
    if kind == "value_error":  # our own validators say what is wrong and end with "(fix: ...)"
        text = detail["msg"].removeprefix("Value error, ")
        message, _, hint = text.partition(" (fix: ")
        return loc, message, hint.removesuffix(")") or "correct the value"
    return loc, f"{detail['msg'][0].lower()}{detail['msg'][1:]} (got {_show(value)})", "correct the value"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_hint(kind: str, value: Any) -> str:
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return "quote the value so YAML reads it as text"
    if kind in {"int_type", "float_type"} and isinstance(value, str):
        return "write the number without quotes"
    return f"write {_TYPE_NAMES[kind]} here"


def _unknown_key_hint(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    model = _model_at(root, loc[:-1])
    if model is None:
        return "remove the key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'? (allowed: {', '.join(allowed)})"
    return f"remove it; allowed keys: {', '.join(allowed)}"


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``, following lists, dicts and optionals."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation
