"""The exceptions mlladder raises, named after the condition.

Tree::

    MlladderError
    ├── InputError                 bad input from the user: a file, a flag, an id (CLI exit code 2)
    │   ├── InvalidFile            an input file breaks its format's rules (``unreadable`` if not text at all)
    │   │   ├── FrameworkError     ... a framework file
    │   │   └── ProfileError       ... a profile file
    │   ├── FieldError             one named value is out of bounds: a flag, a form's field
    │   ├── DocumentError          a resume, brag document or job posting cannot be read as text
    │   ├── CannotWrite            an output file cannot be written (a folder, a device, a full disk, ...)
    │   ├── CannotOpenDatabase     the database given cannot be used (mlladder.store)
    │   ├── UnknownFramework       no built-in framework has that id
    │   ├── UnknownLevel           the framework has no level with that id
    │   ├── UnknownCompetency      the framework has no competency with that id
    │   ├── UnknownRegion          the market table has no such region (mlladder.guidance)
    │   ├── UnknownYears           ... no such work years
    │   ├── UnknownCurrency        ... no pay reports in that currency
    │   └── InvalidOffer           an offer that cannot be yearly pay (mlladder.guidance)
    ├── DiskFull                   the database's disk is full; nothing was saved (mlladder.store)
    └── ServerProcessesFailing     the web server's processes keep dying, so it stopped (mlladder.web.processes)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CannotWrite",
    "DocumentError",
    "FieldError",
    "FrameworkError",
    "InputError",
    "InvalidFile",
    "MlladderError",
    "Problem",
    "ProfileError",
    "UnknownCompetency",
    "UnknownFramework",
    "UnknownLevel",
    "clipped",
]


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


class InvalidFile(InputError):
    """An input file cannot be read, or it can but breaks its format's rules; ``problems`` lists them all."""

    list_command = "mlladder ladder validate"

    def __init__(self, problems: list[Problem], unreadable: bool = False) -> None:
        self.problems = problems
        self.unreadable = unreadable
        first = str(problems[0]) if problems else "invalid file"
        more = len(problems) - 1
        if more:
            first += f" [+{more} more; run '{self.list_command} {problems[0].file}' to list them]"
        super().__init__(first)


class FrameworkError(InvalidFile):
    """A framework file cannot be read or is not a valid framework."""


class ProfileError(InvalidFile):
    """A profile file cannot be read or is not a valid profile for the framework."""

    list_command = "mlladder profile validate"


class FieldError(InputError):
    """One named value is not allowed: ``str(error)`` is the usual one line (with its fix), while ``field`` names
    the value (``weekly_hours``) and ``advice`` says what to enter without naming a flag or a key ("enter a number
    from 1 to 80"), so a form can show the fix beside its own field, in its own words."""

    def __init__(self, message: str, field: str, advice: str) -> None:
        super().__init__(message, field, advice)  # all in ``args``, so the error pickles (worker processes)
        self.message, self.field, self.advice = message, field, advice

    def __str__(self) -> str:
        return self.message


class DocumentError(InputError):
    """A document given as evidence (resume, brag document, job posting) cannot be read as text.

    Missing, empty, too big, damaged, encrypted, scanned without a text layer, or in a format mlladder does not
    read. ``str(error)`` is one line: ``"resume.pdf: PDF is encrypted (fix: remove the password ...)"``.
    """

    def __init__(self, file: str, message: str, hint: str) -> None:
        super().__init__(file, message, hint)  # kept in ``args`` so the error pickles (worker processes)
        self.file, self.message, self.hint = file, message, hint

    def __str__(self) -> str:
        return f"{self.file}: {self.message} (fix: {self.hint})"


class CannotWrite(InputError):
    """An output path cannot be written: a folder, a device, a missing folder, no permission, a full disk.

    Nothing was written, and a file that was there is unchanged."""


class UnknownFramework(InputError):
    """No built-in framework has the requested id."""


class UnknownLevel(InputError):
    """The framework has no level with the requested id."""


class UnknownCompetency(InputError):
    """The framework has no competency with the requested id."""


def clipped(value: str, limit: int = 60) -> str:
    """``value`` as an error message quotes it: at most ``limit`` characters, so a pasted page stays one line."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
