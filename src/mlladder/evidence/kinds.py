"""The kinds of document, in one place: what extraction, the store, the CLI and the web all name a document.

A kind decides how a document is read (a posting's years are asked for, a resume's are worked out) and whether it
says anything about the person: resumes, brag documents and plain documents do; a job posting describes a job.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

__all__ = [
    "DocumentKind",
    "KindChoice",
    "KindText",
    "KindValue",
    "describes_person",
]


class DocumentKind(StrEnum):
    resume = "resume"
    brag = "brag"
    posting = "posting"
    document = "document"  # anything else: read like a resume, without a posting's cues

    @property
    def describes_person(self) -> bool:
        """Whether the document is evidence of what the person did (a posting is what a job asks for)."""
        return self is not DocumentKind.posting


# The same kinds spelled out: stored records hold the text, and callers may write "resume" rather than the member.
# tests/evidence/test_kinds.py keeps this list equal to the enum's.
KindText = Literal["resume", "brag", "posting", "document"]
KindValue = DocumentKind | KindText


def describes_person(kind: KindValue) -> bool:
    """:attr:`DocumentKind.describes_person` for a kind given as the member or as its text."""
    return DocumentKind(kind).describes_person


class KindChoice(StrEnum):
    """What a person may say a document is when handing it in; ``auto`` leaves it to the file name and wording."""

    auto = "auto"
    resume = DocumentKind.resume.value
    brag = DocumentKind.brag.value
    posting = DocumentKind.posting.value

    @property
    def kind(self) -> DocumentKind | None:
        """The kind chosen, or None for ``auto`` (guess it)."""
        return None if self is KindChoice.auto else DocumentKind(self.value)
