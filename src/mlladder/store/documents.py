"""Documents: a file's text and extracted evidence (and the file itself when kept), with its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from sqlalchemy import select

from mlladder.evidence.document import Document
from mlladder.evidence.kinds import KindValue, describes_person
from mlladder.evidence.model import Evidence, to_data
from mlladder.limits import clean_text
from mlladder.store.database import Repository, inserted, oldest_first, record, require_person
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.models import DocumentRow
from mlladder.store.records import DocumentRecord

__all__ = [
    "Documents",
]


class Documents(Repository):
    """A person's documents: résumés, brag documents, job postings and others."""

    def save_document(
        self,
        person_id: int,
        filename: str,
        kind: KindValue,
        document: Document,
        evidence: Evidence,
        original: bytes | None = None,
    ) -> DocumentRecord:
        """Keep a document's text and evidence (and the original file if given), with its SHA-256."""
        text = clean_text(document.text)  # as it is kept, so the hash of a document without its original matches it
        digest = hashlib.sha256(original if original is not None else text.encode("utf-8")).hexdigest()
        with self._db.write() as session:
            require_person(session, person_id)
            row = DocumentRow(
                person_id=person_id,
                created_at=self._db.now(),
                filename=_clean_filename(filename),
                kind=kind,
                format=document.format,
                sha256=digest,
                text=text,
                evidence=to_data(evidence),
                original=original,
            )
            return _document(inserted(session, row))

    def get_document(self, document_id: int) -> DocumentRecord:
        return self._fetch(DocumentRow, document_id, "document", _document)

    def list_documents(self, person_id: int) -> list[DocumentRecord]:
        """A person's documents, oldest first."""
        with self._db.read() as session:
            query = select(DocumentRow).where(DocumentRow.person_id == person_id)
            return [_document(row) for row in session.scalars(query.order_by(*oldest_first(DocumentRow)))]

    def document_original(self, document_id: int) -> bytes | None:
        """The file as uploaded, if it was kept."""
        return self._fetch(DocumentRow, document_id, "document", lambda row: row.original)

    def delete_document(self, document_id: int) -> None:
        self._delete(DocumentRow, document_id, "document")

    def document_evidence(self, person_id: int, include_postings: bool = False) -> list[Evidence]:
        """The evidence of a person's documents, for an assessment (job postings describe a job, not the person,
        so they are left out unless asked for)."""
        records = self.list_documents(person_id)
        return [evidence_from_data(r.evidence) for r in records if include_postings or describes_person(r.kind)]


def _document(row: DocumentRow) -> DocumentRecord:
    return record(DocumentRecord, row, has_original=row.original is not None)


def _clean_filename(filename: str) -> str:
    """Only the file's own name (never a path from the uploader's machine), at most 255 characters."""
    name = PurePosixPath(clean_text(filename).replace("\\", "/")).name.strip() or "document"
    return name[-255:]
