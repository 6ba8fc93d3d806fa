"""Uploaded documents: text, evidence, the optional original and its SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from mlladder import Framework
from mlladder.evidence.model import to_data
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.store import RecordNotFound, Store
from tests.store.conftest import DOCUMENTS


def test_a_document_is_kept_with_its_evidence_and_original(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    path = DOCUMENTS / "resume-senior.pdf"
    document, evidence = evidence_from_file(path, ml_ladder)
    original = path.read_bytes()
    record = fresh_store.save_document(me.id, path.name, "resume", document, evidence, original=original)
    assert (record.filename, record.kind, record.format) == ("resume-senior.pdf", "resume", "pdf")
    assert record.sha256 == hashlib.sha256(original).hexdigest()
    assert record.text == document.text and record.has_original
    assert record.evidence == to_data(evidence)
    assert fresh_store.document_original(record.id) == original
    assert fresh_store.get_document(record.id) == record


def test_without_the_original_the_hash_is_of_the_text(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", ml_ladder)
    record = fresh_store.save_document(me.id, "brag-mid.md", "brag", document, evidence)
    assert record.sha256 == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    assert not record.has_original and fresh_store.document_original(record.id) is None


@pytest.mark.parametrize(
    ("given", "kept"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\me\\cv.docx", "cv.docx"), ("", "document"), ("a" * 300, "a" * 255)],
)
def test_only_the_file_name_is_kept(fresh_store: Store, ml_ladder: Framework, given: str, kept: str) -> None:
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", ml_ladder)
    record = fresh_store.save_document(fresh_store.default_person().id, given, "brag", document, evidence)
    assert record.filename == kept


def test_document_evidence_rebuilds_the_extraction_and_leaves_out_postings(
    fresh_store: Store, ml_ladder: Framework
) -> None:
    me = fresh_store.default_person()
    saved = []
    for name, kind in (("resume-senior.md", "resume"), ("posting-staff.md", "posting"), ("brag-mid.md", "brag")):
        document, evidence = evidence_from_file(DOCUMENTS / name, ml_ladder, kind=kind)  # type: ignore[arg-type]
        fresh_store.save_document(me.id, name, kind, document, evidence)  # type: ignore[arg-type]
        saved.append(evidence)
    assert fresh_store.document_evidence(me.id) == [saved[0], saved[2]]
    assert fresh_store.document_evidence(me.id, include_postings=True) == saved
    assert [record.filename for record in fresh_store.list_documents(me.id)] == [
        "resume-senior.md",
        "posting-staff.md",
        "brag-mid.md",
    ]


def test_delete_document(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", ml_ladder)
    record = fresh_store.save_document(me.id, "brag-mid.md", "brag", document, evidence)
    fresh_store.delete_document(record.id)
    assert fresh_store.list_documents(me.id) == []
    with pytest.raises(RecordNotFound, match="no document with id"):
        fresh_store.get_document(record.id)
    with pytest.raises(RecordNotFound):
        fresh_store.delete_document(record.id)
    with pytest.raises(RecordNotFound):
        fresh_store.save_document(404, "x.md", "brag", document, evidence)
