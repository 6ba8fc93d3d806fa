"""The kinds of document: one list, what each says about the person, and what a person may choose."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from mlladder import builtin_framework
from mlladder.evidence.kinds import DocumentKind, KindChoice, KindText, describes_person
from mlladder.evidence.model import to_data
from mlladder.evidence.pipeline import evidence_from_text


def test_the_spelled_out_kinds_are_the_enums() -> None:
    assert get_args(KindText) == tuple(kind.value for kind in DocumentKind)


@pytest.mark.parametrize(
    ("kind", "about_the_person"),
    [("resume", True), ("brag", True), ("document", True), ("posting", False)],
)
def test_only_a_posting_does_not_describe_the_person(kind: KindText, about_the_person: bool) -> None:
    assert DocumentKind(kind).describes_person is about_the_person
    assert describes_person(kind) is about_the_person  # as stored records spell it
    assert describes_person(DocumentKind(kind)) is about_the_person


def test_a_person_chooses_among_the_kinds_or_auto() -> None:
    assert [choice.value for choice in KindChoice] == ["auto", "resume", "brag", "posting"]
    assert KindChoice.auto.kind is None
    assert KindChoice("posting").kind is DocumentKind.posting
    assert {choice.kind for choice in KindChoice} - {None} == set(DocumentKind) - {DocumentKind.document}


def test_extraction_gives_the_member_and_json_gives_its_text() -> None:
    _, evidence = evidence_from_text("cv.md", "Built ranking models in PyTorch.", builtin_framework(), "resume")
    assert evidence.kind is DocumentKind.resume
    assert json.loads(json.dumps(to_data(evidence)))["kind"] == "resume"
    assert f"{evidence.kind}" == "resume"  # shown in text views and pages as the word itself


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="job"):
        evidence_from_text("x.md", "text", builtin_framework(), "job")  # type: ignore[arg-type]
