"""Readers turn real files, built here with the real libraries, into located text or one clear error."""

from __future__ import annotations

import io
import logging
import pickle
import random
import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF

from mlladder.errors import DocumentError, InputError
from mlladder.evidence.document import Document, document_from_blocks
from mlladder.evidence.readers import read_document
from mlladder.limits import MAX_PDF_PAGES
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "documents"
LONG_BULLET = (
    "• Led the rebuild of the search ranking service used by every product team, cutting p99 latency by 35% "
    "and saving $1.2M a year in serving costs"
)


# --- building real files --------------------------------------------------------------------------------------


class _FooterPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def write_pdf(path: Path, pages: list[list[str]], footer: bool = False) -> Path:
    """One multi_cell per string; capitals and bullets in the strings are what make headings and list items."""
    pdf = _FooterPdf() if footer else FPDF()
    pdf.core_fonts_encoding = "windows-1252"  # core fonts can then draw €, ë, • and –
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.set_font("helvetica", "B" if line.isupper() else "", 11)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def resume_pdf(path: Path) -> Path:
    return write_pdf(
        path,
        [
            ["ZOË EXAMPLE", "Senior ML Engineer in Lisbon", "EXPERIENCE", LONG_BULLET, "• Mentored 4 engineers"],
            ["Skills:", "Python, PyTorch, Kubernetes", "– Budget of €40k owned", "1. Shipped the ranking model"],
        ],
        footer=True,
    )


def encrypt_pdf(source: Path, target: Path, user_password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def resume_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Zoë Example", 0)
    document.add_paragraph("Senior ML Engineer, Lisbon")
    document.add_heading("Experience", 1)
    document.add_heading("Tidewater Commerce, Mar 2019 – Present", 2)
    document.add_paragraph("Cut ranking latency by 35%", style="List Bullet")
    document.add_paragraph("Saved €1.2M a year", style="List Bullet")
    document.add_paragraph("Designed the feature store", style="List Number")
    document.add_paragraph("• Typed bullet in a plain paragraph")
    section = document.styles.add_style("Resume Section", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = document.styles["Heading 2"]
    document.add_paragraph("Skills", style="Resume Section")
    table = document.add_table(rows=3, cols=2)
    for row, (skill, years) in enumerate([("Skill", "Years"), ("PyTorch", "6"), ("", "")]):
        table.cell(row, 0).text, table.cell(row, 1).text = skill, years
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Kubernetes, 4 years"
    document.add_paragraph("References on request")
    document.save(str(path))
    return path


def assert_blocks_locate_text(document: Document) -> None:
    """The invariants every reader keeps: blocks tile the text in order, each one a single clean line."""
    assert document.text
    assert "\n".join(document.text[block.start : block.end] for block in document.blocks) == document.text
    for number, block in enumerate(document.blocks, start=1):
        piece = document.text[block.start : block.end]
        assert piece == piece.strip() and piece and "\n" not in piece
        assert block.paragraph == number
        assert document.block_at(block.start) == block and document.block_at(block.end - 1) == block


def texts(document: Document, kind: str) -> list[str]:
    return [document.text[block.start : block.end] for block in document.blocks if block.kind == kind]


def read_error(path: Path, max_bytes: int = 20 * 1024 * 1024, kind_hint: str | None = None) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path, max_bytes=max_bytes, kind_hint=kind_hint)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ") and "(fix: " in message
    return message


# --- PDF ------------------------------------------------------------------------------------------------------


def test_pdf_pages_headings_bullets_and_non_ascii(tmp_path: Path) -> None:
    document = read_document(resume_pdf(tmp_path / "resume.pdf"))
    assert document.format == "pdf" and document.name == str(tmp_path / "resume.pdf")
    assert_blocks_locate_text(document)
    assert all(block.page in {1, 2} for block in document.blocks)
    assert "Zoë" in document.text.title() and "€40k" in document.text
    assert texts(document, "heading") == ["ZOË EXAMPLE", "EXPERIENCE", "Skills:"]
    bullets = texts(document, "list_item")
    assert bullets[0] == LONG_BULLET.removeprefix("• ")  # the wrapped bullet is one block, its marker dropped
    assert bullets[1:] == ["Mentored 4 engineers", "Budget of €40k owned", "Shipped the ranking model"]
    assert "Page 1 of 2" not in document.text and "Page 2" not in document.text  # running footers are not evidence
    second = next(block for block in document.blocks if document.text[block.start : block.end].startswith("Python"))
    assert second.page == 2 and second.kind == "paragraph"


def test_offsets_map_back_to_pages_and_paragraphs(tmp_path: Path) -> None:
    document = read_document(resume_pdf(tmp_path / "resume.pdf"))
    offset = document.text.index("Kubernetes")
    block = document.block_at(offset)
    assert block is not None and block.page == 2
    assert document.where(offset) == f"page 2, paragraph {block.paragraph}"
    newline = document.text.index("\n")
    assert document.block_at(newline) is None and document.where(newline) == f"offset {newline}"
    assert document.block_at(len(document.text) + 5) is None

    markdown = tmp_path / "notes.md"
    markdown.write_text("# Wins\n\n- Cut latency by 35%\n", encoding="utf-8")
    notes = read_document(markdown)
    assert notes.where(notes.text.index("latency")) == "paragraph 2"


def test_pdf_locked_only_against_editing_is_read(tmp_path: Path) -> None:
    locked = encrypt_pdf(resume_pdf(tmp_path / "plain.pdf"), tmp_path / "locked.pdf", user_password="")
    assert "Mentored 4 engineers" in read_document(locked).text


def test_pdf_page_cap(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "book.pdf", [[f"Chapter {number} text"] for number in range(1, MAX_PDF_PAGES + 6)])
    document = read_document(path)
    assert document.blocks[-1].page == MAX_PDF_PAGES
    assert f"Chapter {MAX_PDF_PAGES} text" in document.text and f"Chapter {MAX_PDF_PAGES + 1} " not in document.text


# --- DOCX -----------------------------------------------------------------------------------------------------


def test_docx_headings_lists_and_table(tmp_path: Path) -> None:
    document = read_document(resume_docx(tmp_path / "resume.docx"))
    assert document.format == "docx" and all(block.page is None for block in document.blocks)
    assert_blocks_locate_text(document)
    headings = [(document.text[b.start : b.end], b.heading_level) for b in document.blocks if b.kind == "heading"]
    assert headings == [
        ("Zoë Example", 1),
        ("Experience", 1),
        ("Tidewater Commerce, Mar 2019 – Present", 2),
        ("Skills", 2),  # a custom style built on Heading 2
    ]
    assert texts(document, "list_item") == [
        "Cut ranking latency by 35%",
        "Saved €1.2M a year",
        "Designed the feature store",
        "Typed bullet in a plain paragraph",
    ]
    assert texts(document, "table_cell") == ["Skill", "Years", "PyTorch", "6", "Kubernetes, 4 years"]  # merged: once
    assert document.text.endswith("Kubernetes, 4 years\nReferences on request")  # body order kept around the table


# --- HTML -----------------------------------------------------------------------------------------------------

POSTING_HTML = """<!DOCTYPE html>
<html><head><title>Ignored title</title><style>h1 { color: red }</style></head>
<body>
<h1>Junior ML Engineer</h1>
<script>var tracking = "not evidence";</script>
<p>Salary &pound;40k &amp; a mentor<br>Remote friendly</p>
<h3>Requirements</h3>
<ul><li>0-2 years of <b>Python</b><li>Curiosity</ul>
<table><tr><th>Team</th><td>Vision</td></tr></table>
</body></html>
"""


def test_html_blocks_skip_scripts_and_styles(tmp_path: Path) -> None:
    path = tmp_path / "posting.html"
    path.write_text(POSTING_HTML, encoding="utf-8")
    document = read_document(path)
    assert document.format == "html"
    assert_blocks_locate_text(document)
    assert "Ignored title" not in document.text and "tracking" not in document.text and "color" not in document.text
    headings = [(document.text[b.start : b.end], b.heading_level) for b in document.blocks if b.kind == "heading"]
    assert headings == [("Junior ML Engineer", 1), ("Requirements", 3)]
    assert texts(document, "paragraph") == ["Salary £40k & a mentor", "Remote friendly"]
    assert texts(document, "list_item") == ["0-2 years of Python", "Curiosity"]
    assert texts(document, "table_cell") == ["Team", "Vision"]
    assert [block.line for block in document.blocks][:2] == [4, 6]


# --- Markdown -------------------------------------------------------------------------------------------------

BRAG_MARKDOWN = """# Brag document

Shipped the **ETA model** ([design doc](https://example.com/doc)) to 14 depots.

## Q1 2024

- 2024-01-15 Cut latency
  from 120 ms to 70 ms
- Mentored a new engineer

| Metric | Change |
|--------|--------|
| MAE    | -22%   |

```
pip install eta-model
```
"""


def test_markdown_uses_structure_and_line_maps(tmp_path: Path) -> None:
    path = tmp_path / "brag.md"
    path.write_text(BRAG_MARKDOWN, encoding="utf-8")
    document = read_document(path)
    assert document.format == "markdown"
    assert_blocks_locate_text(document)
    headings = [(document.text[b.start : b.end], b.heading_level) for b in document.blocks if b.kind == "heading"]
    assert headings == [("Brag document", 1), ("Q1 2024", 2)]
    assert texts(document, "paragraph")[0] == "Shipped the ETA model (design doc) to 14 depots."  # no ** or URL
    assert texts(document, "list_item") == ["2024-01-15 Cut latency from 120 ms to 70 ms", "Mentored a new engineer"]
    assert texts(document, "table_cell") == ["Metric", "Change", "MAE", "-22%"]
    assert "pip install eta-model" in document.text
    lines = {document.text[b.start : b.end]: b.line for b in document.blocks}
    assert lines["Q1 2024"] == 5 and lines["Mentored a new engineer"] == 9 and lines["MAE"] == 13


# --- plain text and encodings ---------------------------------------------------------------------------------

RESUME_TEXT = """ZOË EXAMPLE
Senior ML Engineer in Zürich

EXPERIENCE
• Led the ranking team and saved €1.2M a year
- Mentored 4 engineers
* Wrote the design document
– Ran the on-call rotation
1. Cut latency by 35%

Skills:
Python, PyTorch, Kubernetes
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_text_in_common_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "resume.txt"
    data = RESUME_TEXT.encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)  # a BOM, as editors write it
    document = read_document(path)
    assert document.format == "text"
    assert_blocks_locate_text(document)
    assert texts(document, "heading") == ["ZOË EXAMPLE", "EXPERIENCE", "Skills:"]
    assert texts(document, "list_item") == [
        "Led the ranking team and saved €1.2M a year",
        "Mentored 4 engineers",
        "Wrote the design document",
        "Ran the on-call rotation",
        "Cut latency by 35%",
    ]
    assert texts(document, "paragraph") == ["Senior ML Engineer in Zürich", "Python, PyTorch, Kubernetes"]
    assert [block.line for block in document.blocks][:4] == [1, 2, 4, 5]


def test_latin1_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("Zoë led the Zürich team; the café budget grew.\nNaïve models were retired.\n".encode("latin-1"))
    assert read_document(path).text == "Zoë led the Zürich team; the café budget grew.\nNaïve models were retired."


def test_hard_wrapped_text_paragraphs_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "summary.txt"
    path.write_text(
        "Machine learning engineer with nine years of experience in ranking and\n"
        "forecasting systems, most recently building state-of-the-\n"
        "art models served at 10k QPS.\n"
        "Second paragraph, after a line that ends its sentence.\n\n"
        "Short line one\nShort line two\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.text.split("\n") == [
        "Machine learning engineer with nine years of experience in ranking and forecasting systems, most "
        "recently building state-of-the-art models served at 10k QPS.",
        "Second paragraph, after a line that ends its sentence.",
        "Short line one",
        "Short line two",
    ]


def test_a_title_line_is_not_joined_to_the_text_after_it(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text("Senior Machine Learning Engineer\nWe build models with Python and PyTorch.\n", encoding="utf-8")
    assert read_document(path).text.split("\n") == [
        "Senior Machine Learning Engineer",
        "We build models with Python and PyTorch.",
    ]


# --- choosing the format by content ---------------------------------------------------------------------------


def test_content_decides_over_the_extension(tmp_path: Path) -> None:
    pdf = resume_pdf(tmp_path / "resume.pdf")
    disguised = tmp_path / "resume.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert read_document(disguised).format == "pdf"

    word = tmp_path / "download"
    word.write_bytes(resume_docx(tmp_path / "resume.docx").read_bytes())
    assert read_document(word).format == "docx"

    html = tmp_path / "posting.txt"
    html.write_text(POSTING_HTML, encoding="utf-8")
    assert read_document(html).format == "html"

    fragment = tmp_path / "fragment"
    fragment.write_text("<div><p>Junior ML Engineer</p><ul><li>Python</li></ul></div>", encoding="utf-8")
    assert read_document(fragment).format == "html"

    markdown = tmp_path / "brag.txt"
    markdown.write_text(BRAG_MARKDOWN, encoding="utf-8")
    assert read_document(markdown).format == "markdown"

    plain = tmp_path / "notes"
    plain.write_text("Wins this year\n- Cut latency\n- Saved money\n", encoding="utf-8")
    assert read_document(plain).format == "text"
    assert read_document(plain, kind_hint="md").format == "markdown"
    assert read_document(plain, kind_hint="text/html").format == "html"


def test_a_file_named_pdf_or_docx_must_be_one(tmp_path: Path) -> None:
    text = tmp_path / "resume.pdf"
    text.write_text("Senior ML Engineer\n", encoding="utf-8")
    assert "not a PDF (no %PDF- header; it holds text)" in read_error(text)

    login_page = tmp_path / "cv.pdf"
    login_page.write_text("<!DOCTYPE html><html><body>Please sign in</body></html>", encoding="utf-8")
    assert "it holds HTML, perhaps an error page saved by a failed download" in read_error(login_page)

    fake_word = tmp_path / "resume.docx"
    fake_word.write_text("Senior ML Engineer\n", encoding="utf-8")
    assert "not a DOCX (not a zip" in read_error(fake_word)

    assert "unknown document kind 'rtf'" in read_error(text, kind_hint="rtf")


# --- bad input ------------------------------------------------------------------------------------------------


def test_missing_directory_and_empty_files(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nope.pdf") == f"{tmp_path / 'nope.pdf'}: file not found (fix: check the path)"
    assert "file is a folder" in read_error(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "file is empty" in read_error(empty)
    empty.write_bytes(b"  \n\t \r\n")
    assert "file is empty" in read_error(empty)
    empty.write_text("   \n", encoding="utf-16")
    assert "no text found in the text" in read_error(empty)


def test_binary_files_are_refused(tmp_path: Path) -> None:
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "a PNG image" in read_error(png) and "OCR" in read_error(png)

    rng = random.Random(7)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(rng.randbytes(4096))
    assert "file is binary data" in read_error(noise)
    noise.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))  # no NUL bytes to give it away
    assert "file is binary data" in read_error(noise)

    old_word = tmp_path / "resume.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert "old Word (.doc)" in read_error(old_word)

    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("readme.txt", "hello")
    assert "a zip archive, not a Word document" in read_error(archive)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(4 * 1024**3)  # sparse: 4 GB that would take a long time and all the memory to read
    assert "file is 4096.0 MB, over the 20.0 MB limit" in read_error(huge)
    small = tmp_path / "small.txt"
    small.write_text("x" * 2000, encoding="utf-8")
    assert "over the 1000 bytes limit" in read_error(small, max_bytes=1000)


def test_encrypted_pdf(tmp_path: Path) -> None:
    locked = encrypt_pdf(resume_pdf(tmp_path / "plain.pdf"), tmp_path / "resume.pdf", user_password="secret")
    assert read_error(locked) == f"{locked}: PDF is encrypted (fix: remove the password and export it again)"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # what a scan looks like to a text extractor: marks, no text
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_error(path).endswith("no text found in the PDF (scanned?) (fix: run it through OCR first)")


def test_truncated_and_corrupt_pdf_without_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = resume_pdf(tmp_path / "resume.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(data[:20] + bytes(len(data) // 2) + b"garbage" * 100 + data[-300:])
    with caplog.at_level(logging.DEBUG):
        assert "PDF is incomplete" in read_error(truncated)
        assert "PDF is damaged" in read_error(corrupt)
        assert "export it again" in read_error(corrupt)
    assert capsys.readouterr().err == ""
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # the quiet spell is lifted afterwards


def test_corrupt_docx(tmp_path: Path) -> None:
    data = resume_docx(tmp_path / "resume.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    assert "DOCX is damaged" in read_error(cut)

    broken_xml = tmp_path / "broken.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken_xml, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, content[:100] if member.filename == "word/document.xml" else content)
    assert "DOCX is damaged (" in read_error(broken_xml)


def _zip_bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * size)
    return path


def test_zip_bombs_are_judged_by_their_directory(tmp_path: Path) -> None:
    big = _zip_bomb(tmp_path / "big.docx", 60 * 1024 * 1024)
    assert big.stat().st_size < 200_000
    assert "DOCX would unpack to 60.0 MB, over the 50.0 MB limit (a zip bomb?)" in read_error(big)
    assert "over the 2.0 MB limit" in read_error(big, max_bytes=100 * 1024)  # 20x a small max_bytes

    dense = _zip_bomb(tmp_path / "dense.docx", 5 * 1024 * 1024)
    assert "DOCX part word/document.xml would inflate" in read_error(dense)


def test_document_error_is_an_input_error_that_pickles() -> None:
    error = DocumentError("cv.pdf", "PDF is encrypted", "remove the password")
    assert isinstance(error, InputError)
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) == "cv.pdf: PDF is encrypted (fix: remove the password)"
    assert (copy.file, copy.message, copy.hint) == ("cv.pdf", "PDF is encrypted", "remove the password")


def test_document_from_blocks_rejects_misspelt_attributes() -> None:
    with pytest.raises(TypeError, match="unknown block attributes"):
        document_from_blocks("x", "text", [("hello", {"knd": "heading"})])
    with pytest.raises(ValueError, match="unknown block kind"):
        document_from_blocks("x", "text", [("hello", {"kind": "title"})])


# --- the example documents ------------------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_example_resume_pdf_matches_its_markdown() -> None:
    markdown = read_document(EXAMPLES / "resume-senior.md")
    pdf = read_document(EXAMPLES / "resume-senior.pdf")
    assert markdown.format == "markdown" and pdf.format == "pdf"
    assert {block.page for block in pdf.blocks} == {1, 2}
    assert texts(pdf, "list_item") == [_words(item) for item in texts(markdown, "list_item")]
    sections = [markdown.text[b.start : b.end].upper() for b in markdown.blocks if b.heading_level == 2]
    assert texts(pdf, "heading") == sections  # the script draws each "## " section in capitals
    for phrase in ["Mar 2019 – Present", "2016-2019", "cut ranking latency by 35%", "$1.2M", "10k QPS", "Zoë"]:
        assert phrase in pdf.text and phrase in markdown.text


@pytest.mark.parametrize(
    ("name", "fmt", "heading", "item"),
    [
        ("resume-senior.md", "markdown", "Skills", "Mentored 4 engineers"),
        ("brag-mid.md", "markdown", "Q3 2024", "2024-11-05 Reduced training cost by 40%"),
        ("posting-staff.md", "markdown", "What you'll need", "8+ years of experience"),
        ("posting-junior.html", "html", "What we are looking for", "0-2 years of experience"),
    ],
)
def test_example_documents_read(name: str, fmt: str, heading: str, item: str) -> None:
    document = read_document(EXAMPLES / name)
    assert document.format == fmt
    assert_blocks_locate_text(document)
    assert heading in texts(document, "heading")
    assert any(text.startswith(item) for text in texts(document, "list_item"))
    assert re.search(r"\bexample\.com\b|invented", document.text)  # the people and companies are made up
