"""The exceptions mlladder raises, named after the condition.

Tree::

    MlladderError
    └── InputError                 bad input from the user: a file, a flag, an id (CLI exit code 2)
        ├── FrameworkError         a framework file is not a valid framework
        │   └── UnreadableFile     a file cannot be read as text at all (missing, binary, too large, ...)
        ├── UnknownFramework       no built-in framework has that id
        ├── UnknownLevel           the framework has no level with that id
        └── UnknownCompetency      the framework has no competency with that id
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is, what is wrong and how to fix it."""

    file: str
    line: int | None
    path: str
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} (fix: {self.hint})"


class MlladderError(Exception):
    """Base of every error mlladder raises on purpose. ``str(error)`` is one readable line."""


class InputError(MlladderError):
    """The user gave input mlladder cannot use; the message says where and how to fix it."""


class FrameworkError(InputError):
    """A framework file cannot be read, or it can but breaks the format's rules."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid framework"
        more = len(problems) - 1
        if more:
            first += f" [+{more} more; run 'mlladder ladder validate {problems[0].file}' to list them]"
        super().__init__(first)


class UnreadableFile(FrameworkError):
    """A file cannot be read as text at all: missing, a directory, binary, too large or not UTF-8."""


class UnknownFramework(InputError):
    """No built-in framework has the requested id."""


class UnknownLevel(InputError):
    """The framework has no level with the requested id."""


class UnknownCompetency(InputError):
    """The framework has no competency with the requested id."""
