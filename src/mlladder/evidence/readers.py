"""Readers: a PDF, DOCX, HTML, Markdown or text file becomes a ``Document`` of located blocks.

The format is chosen by what the bytes hold, then by the name:

- ``%PDF-`` in the first kilobyte is a PDF and a zip holding ``word/document.xml`` is a DOCX, whatever the file is
  called (a PDF saved as ``resume.txt`` is read as a PDF).
- A file called ``.pdf`` or ``.docx`` (or given ``kind_hint="pdf"``/``"docx"``) that does not hold one is an
  error, not text: it is usually a failed download (an HTML login page saved as ``resume.pdf``) or a damaged
  file, and reading it as text would quietly give the wrong evidence.
- Other bytes are decoded as text (UTF-8, a byte-order mark, or the encoding charset-normalizer finds) and read
  as HTML when they start like HTML or are mostly tags, as Markdown when named ``.md``/``.markdown`` or clearly
  structured (``#`` headings with lists or links), and as plain text otherwise.

Every way a file can fail raises ``DocumentError`` with one line naming the file, the problem and the fix. Inputs
cannot make a reader hang or exhaust memory: the size is checked before reading, a DOCX's zip directory is
checked before anything is unpacked, and at most ``MAX_PDF_PAGES`` pages of a PDF are read.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import charset_normalizer
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlladder.errors import DocumentError

if TYPE_CHECKING:
    import pypdf
    from docx.table import Table
    from docx.text.paragraph import Paragraph
from mlladder.evidence.document import BlockAttributes, Document, DocumentFormat, document_from_blocks
from mlladder.files import Unreadable, read_limited, size_text
from mlladder.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_DOCUMENT_CHARS,
    MAX_FILE_BYTES,
    MAX_MARKDOWN_CHARS,
    MAX_PDF_PAGES,
    MAX_UNPACKED_BYTES,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "looks_like_heading",
    "read_document",
    "read_text",
]

MAX_DOCUMENT_BYTES = MAX_FILE_BYTES

Piece = tuple[str, BlockAttributes]

_FORMATS: tuple[DocumentFormat, ...] = get_args(DocumentFormat)
_KIND_NAMES: dict[str, DocumentFormat] = {
    "pdf": "pdf",
    "application/pdf": "pdf",
    "docx": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "text/html": "html",
    "markdown": "markdown",
    "md": "markdown",
    "text/markdown": "markdown",
    "text": "text",
    "txt": "text",
    "text/plain": "text",
}
_OCR = "run it through OCR, or give the file it was made from"
_OTHER_FORMATS = [  # signatures of files people attach by mistake: (magic bytes, what it is, how to fix it)
    (b"\x89PNG", "a PNG image, not a document with text", _OCR),
    (b"\xff\xd8\xff", "a JPEG image, not a document with text", _OCR),
    (b"GIF8", "a GIF image, not a document with text", _OCR),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) file, which mlladder cannot read", "save it as .docx or PDF"),
    (b"{\\rtf", "an RTF document, which mlladder cannot read", "save it as .docx, PDF or plain text"),
]
_SUPPORTED = "give a PDF, DOCX, HTML, Markdown or plain-text file"


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES, kind_hint: str | None = None) -> Document:
    """Read a resume, brag document or job posting into plain text with the blocks it came from.

    ``kind_hint`` names the format the caller expects when the name cannot say (an upload's content type, a
    ``--kind`` option): ``pdf``, ``docx``, ``html``, ``markdown``/``md``, ``text``/``txt`` or a MIME type. It
    counts like the file's extension; the content still decides between PDF, DOCX and text (see the module doc):
    a PDF named ``.txt`` is read as a PDF, while text named ``.pdf`` is an error, as the file is not what it claims.
    """
    path = Path(path)
    name = str(path)
    claimed = _claimed_format(name, path, kind_hint)
    data = _read_bytes(name, path, max_bytes)
    if _is_pdf(data):
        fmt: DocumentFormat = "pdf"
        pieces = _pdf_pieces(name, data)
    elif _is_docx(data):
        fmt = "docx"
        pieces = _docx_pieces(name, data, max_bytes)
    else:
        _refuse_other_binary(name, data, claimed)
        text = _check_length(name, _decode(name, data))
        fmt = _text_format(text, claimed)
        pieces = _text_pieces_of(text, fmt)
    document = document_from_blocks(name, fmt, pieces)
    _check_length(name, document.text)
    if not document.text:
        fix = "check it is the right file, or copy its text into a .txt file"
        raise DocumentError(name, f"no text found in the {_LABELS[fmt]}", fix)
    return document


def read_text(name: str, text: str) -> Document:
    """Text already in memory (a row of a batch file) as a document: HTML, Markdown or plain text by content."""
    fmt = _text_format(_check_length(name, text), None)
    return document_from_blocks(name, fmt, _text_pieces_of(text, fmt))


def _check_length(name: str, text: str) -> str:
    if len(text) > MAX_DOCUMENT_CHARS:
        message = f"document holds {len(text):,} characters of text, over the {MAX_DOCUMENT_CHARS:,} limit"
        raise DocumentError(name, message, "give a shorter document")
    return text


def _text_pieces_of(text: str, fmt: DocumentFormat) -> list[Piece]:
    """The pieces of a text document; Markdown over ``MAX_MARKDOWN_CHARS`` is read as plain text (see limits)."""
    if fmt == "markdown" and len(text) > MAX_MARKDOWN_CHARS:
        return _text_pieces(text)
    return _TEXT_READERS[fmt](text)


# --- getting the bytes -------------------------------------------------------------------------------------------


_DOCUMENT_HINTS = {  # the general fixes of files.read_limited, said for documents
    "give the path of a file inside it": f"{_SUPPORTED} inside it",
    "save the content to a file first": f"save it to a file first and {_SUPPORTED}",
    "give a smaller file": "give a shorter document",
}


def _read_bytes(name: str, path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists, is a regular file and is small enough to read at all."""
    try:
        data = read_limited(path, max_bytes)
    except Unreadable as failure:
        raise DocumentError(name, f"file {failure.message}", _DOCUMENT_HINTS.get(failure.hint, failure.hint)) from None
    if not data.strip():
        raise DocumentError(name, "file is empty", "give the file that holds the document's text")
    return data


# --- choosing the format -----------------------------------------------------------------------------------------


def _claimed_format(name: str, path: Path, kind_hint: str | None) -> DocumentFormat | None:
    """The format the caller or the file name claims; None when neither says."""
    if kind_hint is not None:
        key = kind_hint.strip().lower().lstrip(".")
        if key not in _KIND_NAMES:
            known = ", ".join(_FORMATS)
            raise DocumentError(name, f"unknown document kind '{kind_hint}'", f"use one of {known}")
        return _KIND_NAMES[key]
    return _KIND_NAMES.get(path.suffix.lower().lstrip("."))


def _is_pdf(data: bytes) -> bool:
    # The PDF spec lets the header sit anywhere in the first kilobyte (some tools prepend junk).
    return b"%PDF-" in data[:1024]


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _refuse_other_binary(name: str, data: bytes, claimed: DocumentFormat | None) -> None:
    """Stop here when the bytes are a known non-document, or not the PDF/DOCX the name or hint promised."""
    for magic, what, fix in _OTHER_FORMATS:
        if data.startswith(magic):
            raise DocumentError(name, f"file is {what}", fix)
    if data.startswith(b"PK\x03\x04"):
        if claimed == "docx":
            raise DocumentError(name, "DOCX is damaged (its zip directory is missing or unreadable)", _RESAVE_DOCX)
        raise DocumentError(name, "file is a zip archive, not a Word document", f"unpack it and {_SUPPORTED}")
    if claimed == "pdf":
        fix = "download or export the PDF again (or rename the file to match what it holds)"
        raise DocumentError(name, f"file is not a PDF (no %PDF- header; it holds {_describe(data)})", fix)
    if claimed == "docx":
        fix = "open it in Word and save it as .docx again (or rename the file to match what it holds)"
        raise DocumentError(name, f"file is not a DOCX (not a zip; it holds {_describe(data)})", fix)


def _describe(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "HTML, perhaps an error page saved by a failed download"
    return "text" if _looks_like_text(data) else "binary data"


def _looks_like_text(data: bytes) -> bool:
    try:
        _decode("", data)
    except DocumentError:
        return False
    return True


def _text_format(text: str, claimed: DocumentFormat | None) -> DocumentFormat:
    """HTML, Markdown or text: a clear HTML start wins, then the name, then the shape of the content."""
    if _starts_like_html(text) or claimed == "html":
        return "html"
    if claimed == "markdown":
        return "markdown"
    if _mostly_tags(text):
        return "html"
    return "markdown" if _looks_like_markdown(text) else "text"


def _starts_like_html(text: str) -> bool:
    return text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


_TAG = re.compile(r"<[a-zA-Z!/][^<>]*>")


def _mostly_tags(text: str) -> bool:
    """An HTML fragment without the <html> wrapper: most of its characters are inside tags."""
    if text.count("<") < 3:  # cheap test first: plain text has almost no angle brackets
        return False
    tags = _TAG.findall(text)
    return len(tags) >= 3 and sum(map(len, tags)) >= 0.3 * len(text.strip())


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S", re.MULTILINE)
_MD_MARKUP = re.compile(r"^```|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)|\*\*[^*\n]{1,200}\*\*", re.MULTILINE)
_FORMAT_SAMPLE_CHARS = 100_000


def _looks_like_markdown(text: str) -> bool:
    """Markdown without the name: ``#`` headings plus lists, links or bold; bullets alone are just text. Judged on
    the text's start, which is enough to tell, and keeps the patterns' work short on a huge text."""
    text = text[:_FORMAT_SAMPLE_CHARS]
    if "#" not in text:  # a Markdown document needs at least one # heading; most plain text has no "#" at all
        return False
    headings = len(_MD_HEADING.findall(text))
    signals = headings + len(_MD_LIST.findall(text)) + len(_MD_MARKUP.findall(text))
    return headings >= 1 and signals >= 3


# --- decoding text -----------------------------------------------------------------------------------------------

_BOMS = [  # UTF-32-LE's mark starts with UTF-16-LE's, so UTF-32 is tried first
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_PREFERRED_ENCODING = "cp1252"
_CHAOS_MARGIN = 0.05
_BINARY = "file is binary data, not a PDF, DOCX, HTML, Markdown or text file"


def _decode(name: str, data: bytes) -> str:
    """Bytes to text: a byte-order mark decides, else UTF-8, else the encoding charset-normalizer finds."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                label = codec.removesuffix("-sig").upper()
                raise DocumentError(name, f"text is not valid {label}", "save it again as UTF-8") from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_encoding(name, data)
    if _has_control_characters(text):
        raise DocumentError(name, _BINARY, _SUPPORTED)
    return text


def _guess_encoding(name: str, data: bytes) -> str:
    if b"\x00" in data:  # no single-byte text holds NUL bytes; UTF-16 without its mark is not worth guessing
        raise DocumentError(name, _BINARY, _SUPPORTED)
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DocumentError(name, _BINARY, _SUPPORTED)
    # On a short text several encodings fit equally well and the detector may pick, say, a Mac code page. Among
    # the near-equal fits prefer Windows' Western code page: it is what a non-UTF-8 resume most often is.
    close = [match for match in matches if match.chaos <= best.chaos + _CHAOS_MARGIN]
    if any(_PREFERRED_ENCODING in match.could_be_from_charset for match in close):
        try:
            return data.decode(_PREFERRED_ENCODING)
        except UnicodeDecodeError:
            pass
    return str(best)


def _has_control_characters(text: str) -> bool:
    """Decoded binary is full of control characters; real text has almost none besides tabs and newlines."""
    sample = text[:100_000]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 100)


# --- plain text, and the lines a PDF page gives --------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[•●▪◦‣∙·*\-–—+]|\d{1,2}[.)]|[a-z][.)])\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?-?\s*\d{1,4}\s*-?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_WRAP_FRACTION = 0.7  # a line at least this share of the widest one was probably wrapped by the layout
_MIN_HARD_WRAP, _MAX_HARD_WRAP = 40, 100  # outside this width, text was not wrapped by hand: a block per line


def _text_pieces(text: str) -> list[Piece]:
    lines = text.splitlines()
    widest = max((len(line.strip()) for line in lines), default=0)
    hard_wrapped = _MIN_HARD_WRAP <= widest <= _MAX_HARD_WRAP
    return _pieces_from_lines(lines, widest if hard_wrapped else None, number_lines=True)


def _pieces_from_lines(
    lines: Sequence[str], wrap_width: int | None, page: int | None = None, number_lines: bool = False
) -> list[Piece]:
    """Group lines into blocks: bullets and headings start blocks, blank lines end them, wrapped lines join."""
    pieces: list[Piece] = []
    previous = ""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        joins = bool(line) and bool(pieces) and previous != "" and _continues(line, previous, wrap_width, pieces[-1])
        if joins:
            text, attributes = pieces[-1]
            pieces[-1] = (_join_wrapped(text, line), attributes)
        elif line:
            text, attributes = _classify_line(line)
            attributes["page"] = page
            attributes["line"] = number if number_lines else None
            pieces.append((text, attributes))
        previous = line
    return pieces


def _continues(line: str, previous: str, wrap_width: int | None, last: Piece) -> bool:
    """Whether ``line`` is the rest of the previous line's paragraph or bullet, cut by wrapping."""
    if wrap_width is None or last[1].get("kind") == "heading" or _BULLET.match(line) or looks_like_heading(line):
        return False
    # A line that ends a sentence may end its paragraph too: two blocks of one paragraph lose nothing, while
    # joining a name or a title line into the text after it would.
    if _reads_as_title(previous) and line[:1].isupper():
        return False
    return len(previous) >= _WRAP_FRACTION * wrap_width and not previous.endswith((".", "!", "?", ":", ";"))


_MAX_TITLE_LINE_WORDS = 8


def _reads_as_title(line: str) -> bool:
    """'Senior Machine Learning Engineer': a few words, each capitalised, that a wrapped sentence rarely is."""
    words = [word for word in line.split() if word[:1].isalpha()]
    return 0 < len(words) <= _MAX_TITLE_LINE_WORDS and all(word[:1].isupper() for word in words)


def _join_wrapped(text: str, line: str) -> str:
    # "state-of-the-" + "art" keeps its hyphen; everything else was split at a space.
    return text + line if text.endswith("-") and text[-2:-1].isalpha() else f"{text} {line}"


def _classify_line(line: str) -> Piece:
    """A line on its own: a bullet (marker dropped), a heading, or a paragraph."""
    bullet = _BULLET.match(line)
    if bullet:
        return line[bullet.end() :], {"kind": "list_item"}
    if looks_like_heading(line):
        return line, {"kind": "heading"}
    return line, {"kind": "paragraph"}


def looks_like_heading(line: str) -> bool:
    """A short line in capitals ("WORK EXPERIENCE") or ending in a colon ("What you'll need:")."""
    if len(line) > 60 or len(line.split()) > 8:
        return False
    if line.endswith(":"):
        return sum(char.isalpha() for char in line) >= 2
    if not line.isupper() or "," in line or line.endswith("."):  # cheap tests first: most lines stop here
        return False
    return sum(char.isalpha() for char in line) >= 3


# --- PDF ---------------------------------------------------------------------------------------------------------


def _pdf_pieces(name: str, data: bytes) -> list[Piece]:
    if b"%%EOF" not in data[-8192:]:  # every complete PDF ends with this marker
        raise DocumentError(name, "PDF is incomplete (it ends before its last part)", "download or export it again")
    import pypdf  # the PDF and DOCX libraries load with the first such file: a third of a CLI start otherwise

    pieces: list[Piece] = []
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            _unlock(name, reader)
            for index in range(min(len(reader.pages), MAX_PDF_PAGES)):
                lines = _without_page_numbers((reader.pages[index].extract_text() or "").splitlines())
                widest = max((len(line.strip()) for line in lines), default=0)
                pieces.extend(_pieces_from_lines(lines, widest, page=index + 1))
        except DocumentError:
            raise
        except Exception as failure:  # pypdf raises many kinds of error on damaged files; all mean the same here
            detail = type(failure).__name__
            raise DocumentError(
                name, f"PDF is damaged ({detail})", "open it in a PDF viewer and export it again"
            ) from None
    if not any(text.strip() for text, _ in pieces):
        raise DocumentError(name, "no text found in the PDF (scanned?)", "run it through OCR first")
    return pieces


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about every quirk of a file; the user needs our one-line error, not that noise."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _unlock(name: str, reader: pypdf.PdfReader) -> None:
    """Open PDFs locked only against editing (empty user password); refuse ones that need a password to read."""
    if not reader.is_encrypted:
        return
    import pypdf

    try:
        unlocked = reader.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without the optional crypto package: just as unreadable to us
        unlocked = False
    if not unlocked:
        raise DocumentError(name, "PDF is encrypted", "remove the password and export it again")


def _without_page_numbers(lines: list[str]) -> list[str]:
    """Drop a running page number ("3", "Page 3 of 5") at the top or bottom of a page: it is not evidence."""
    kept = [line for line in lines if line.strip()]
    if kept and _PAGE_NUMBER.match(kept[-1].strip()):
        kept.pop()
    if kept and _PAGE_NUMBER.match(kept[0].strip()):
        kept.pop(0)
    return kept


# --- DOCX --------------------------------------------------------------------------------------------------------

_RESAVE_DOCX = "open it in Word and save it again, or export it as PDF"


def _docx_pieces(name: str, data: bytes, max_bytes: int) -> list[Piece]:
    import docx
    from docx.text.paragraph import Paragraph

    _refuse_zip_bomb(name, data, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        pieces: list[Piece] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                pieces.append(_docx_paragraph(item))
            else:
                pieces.extend(_docx_cells(item))
    except Exception as failure:  # python-docx and lxml raise many kinds of error on damaged files
        raise DocumentError(name, f"DOCX is damaged ({type(failure).__name__})", _RESAVE_DOCX) from None
    return pieces


def _refuse_zip_bomb(name: str, data: bytes, max_bytes: int) -> None:
    """Judge the zip by its directory alone, before anything is unpacked: a small file must not become gigabytes."""
    limit = min(MAX_UNPACKED_BYTES, 20 * max_bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > limit:
        message = f"DOCX would unpack to {size_text(total)}, over the {size_text(limit)} limit (a zip bomb?)"
        raise DocumentError(name, message, _RESAVE_DOCX)
    for member in members:
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            message = f"DOCX part {member.filename} would inflate {ratio}x (a zip bomb?)"
            raise DocumentError(name, message, _RESAVE_DOCX)


def _docx_paragraph(paragraph: Paragraph) -> Piece:
    """Word's own marks first (heading and list styles, numbering); unstyled text falls back to the line rules."""
    style = paragraph.style
    level = _docx_heading_level(style)
    if level is not None:
        return paragraph.text, {"kind": "heading", "heading_level": level}
    style_name = style.name if style is not None else None
    properties = paragraph._p.pPr
    if (style_name or "").startswith("List") or (properties is not None and properties.numPr is not None):
        return paragraph.text, {"kind": "list_item"}
    return _classify_line(paragraph.text.strip())


def _docx_heading_level(style: object) -> int | None:
    """1-6 for "Title" and "Heading N" styles, or for custom styles built on them ("Resume Section" on Heading 2)."""
    for _ in range(5):  # a style inherits from a base style, which has its own base ...
        style_name = getattr(style, "name", None)
        if style_name == "Title":
            return 1
        if style_name and style_name.startswith("Heading ") and style_name[8:].isdigit():
            return min(int(style_name[8:]), 6)
        style = getattr(style, "base_style", None)
        if style is None:
            return None
    return None


def _docx_cells(table: Table) -> list[Piece]:
    """One block per cell, row by row; a merged cell appears once, nested tables follow their cell."""
    pieces: list[Piece] = []
    seen: list[object] = []  # the cells' XML elements, kept alive so identity checks stay valid
    for row in table.rows:
        for cell in row.cells:
            if any(element is cell._tc for element in seen):
                continue
            seen.append(cell._tc)
            pieces.append((" ".join(paragraph.text for paragraph in cell.paragraphs), {"kind": "table_cell"}))
            for inner in cell.tables:
                pieces.extend(_docx_cells(inner))
    return pieces


# --- HTML --------------------------------------------------------------------------------------------------------

_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "hr", "html", "legend", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
}  # fmt: skip
_CONTEXT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"}


class _HtmlBlocks(HTMLParser):
    """Collect the visible text of an HTML page, one piece per heading, list item, cell or other block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self._buffer: list[str] = []
        self._line: int | None = None
        self._open: list[str] = []  # headings, list items and cells we are inside, innermost last
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skipping = [name for name in self._skipping if name != "head"]  # a <head> never closed
        if tag in _SKIPPED_TAGS:
            self._skipping.append(tag)
        elif tag in _CONTEXT_TAGS:
            self._flush()
            if self._open and _implicitly_closes(self._open[-1], tag):
                self._open.pop()
            self._open.append(tag)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            while self._skipping.pop() != tag:
                pass
        elif tag in _CONTEXT_TAGS:
            self._flush()
            if tag in self._open:
                del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._line is None and data.strip():
            self._line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = "".join(self._buffer)
        if text.strip():
            attributes = _html_context(self._open)
            attributes["line"] = self._line
            self.pieces.append((text, attributes))
        self._buffer, self._line = [], None


def _implicitly_closes(open_tag: str, new_tag: str) -> bool:
    # "<li>one<li>two" and "<td>a<td>b" are valid HTML: the new item ends the open one.
    return (open_tag == "li" and new_tag == "li") or (open_tag in {"td", "th"} and new_tag in {"td", "th"})


def _html_context(open_tags: list[str]) -> BlockAttributes:
    for tag in reversed(open_tags):
        if tag[0] == "h":
            return {"kind": "heading", "heading_level": int(tag[1])}
    if any(tag in {"td", "th"} for tag in open_tags):
        return {"kind": "table_cell"}
    return {"kind": "list_item"} if "li" in open_tags else {"kind": "paragraph"}


def _html_pieces(text: str) -> list[Piece]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    return parser.pieces


# --- Markdown ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _markdown_parser() -> MarkdownIt:
    """Built once: setting up the parser costs as much as parsing a page."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _markdown_pieces(text: str) -> list[Piece]:
    """Walk markdown-it's block tokens; each inline run becomes a block, placed by the token's line map."""
    parser = _markdown_parser()
    pieces: list[Piece] = []
    heading_level: int | None = None
    list_depth = 0
    in_cell = False
    for token in parser.parse(text):
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = None
        elif token.type in {"list_item_open", "list_item_close"}:
            list_depth += 1 if token.type == "list_item_open" else -1
        elif token.type in {"th_open", "td_open", "th_close", "td_close"}:
            in_cell = token.type.endswith("_open")
        elif token.type == "inline":
            pieces.append((_inline_text(token), _markdown_context(heading_level, in_cell, list_depth, line)))
        elif token.type in {"fence", "code_block"}:
            pieces.append((token.content, {"kind": "paragraph", "line": line}))
        elif token.type == "html_block":
            pieces.extend(_shift_lines(_html_pieces(token.content), (line or 1) - 1))
    return pieces


def _markdown_context(heading_level: int | None, in_cell: bool, list_depth: int, line: int | None) -> BlockAttributes:
    if heading_level is not None:
        return {"kind": "heading", "heading_level": heading_level, "line": line}
    if in_cell:
        return {"kind": "table_cell", "line": line}
    return {"kind": "list_item" if list_depth > 0 else "paragraph", "line": line}


def _inline_text(token: Token) -> str:
    """The words of an inline run without the markup: link text stays, URLs, ``**`` and inline tags go."""
    words: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            words.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            words.append(" ")
        elif child.type == "image":
            words.append(_inline_text(child))
    return "".join(words)


def _shift_lines(pieces: list[Piece], by: int) -> list[Piece]:
    """Lines of an HTML block count from the block's own start; make them count from the Markdown file's."""
    for _, attributes in pieces:
        line = attributes.get("line")
        if line is not None:
            attributes["line"] = line + by
    return pieces


_TEXT_READERS = {"html": _html_pieces, "markdown": _markdown_pieces, "text": _text_pieces}
_LABELS: dict[DocumentFormat, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "html": "HTML",
    "markdown": "Markdown",
    "text": "text",
}
