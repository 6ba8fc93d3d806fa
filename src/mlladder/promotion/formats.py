"""A promotion packet (:mod:`mlladder.promotion.packet`) as Markdown, as one self-contained HTML page, and as a PDF."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache
from typing import Literal

import jinja2
from fpdf import FPDF

from mlladder.formatting import percent_label
from mlladder.promotion.packet import STATUS_LABELS, Packet, PacketEvidence
from mlladder.report.render import markdown_text

__all__ = [
    "packet_html",
    "packet_markdown",
    "packet_pdf",
    "pdf_safe",
]

# -- Markdown ----------------------------------------------------------------------------------------------------


def packet_markdown(packet: Packet) -> str:
    """The packet as Markdown; every piece of user text is escaped, so it stays text when rendered."""
    md = markdown_text
    lines = [
        f"# Promotion packet: {md(packet.person)} for {md(packet.target)} ({md(packet.target_title)})",
        "",
        f"{md(packet.framework_name)} ({md(packet.framework_id)} {md(packet.framework_version)}), "
        f"prepared {packet.prepared_on.isoformat()}. {_assessment_line(packet)}",
        "",
        md(packet.summary),
    ]
    for competency in packet.competencies:
        lines += ["", f"## {md(competency.name)}: {STATUS_LABELS[competency.status]}", ""]
        lines.append(
            f"**Expected at {md(packet.target)}:** step {competency.expected} ({md(competency.expected_name)}). "
            f"{md(competency.expected_description)}"
        )
        lines += ["", "What it looks like:", ""] + [f"- {md(marker)}" for marker in competency.markers]
        if competency.evidence:
            lines += ["", "Evidence:", ""] + [f"- {md(_evidence_line(item))}" for item in competency.evidence]
        if competency.weaker:
            lines += ["", "Below the expected step:", ""] + [f"- {md(_evidence_line(i))}" for i in competency.weaker]
        if competency.gap:
            lines += ["", f"**Gap:** {md(competency.gap)}"]
    return "\n".join(lines) + "\n"


def _assessment_line(packet: Packet) -> str:
    if packet.assessed_level is None or packet.assessed_on is None:
        return "No assessment on this framework yet."
    line = f"Latest assessment ({packet.assessed_on.isoformat()}): {packet.assessed_level}"
    if packet.probability_at_target is not None:
        line += f", {percent_label(packet.probability_at_target)} probability of being at or above {packet.target}"
    return line + "."


def _evidence_line(item: PacketEvidence) -> str:
    step = f"step {item.step}" if item.step is not None else "step not shown"
    where = f"{item.title}, {item.location}" if item.location else item.title
    impact = f" Impact: {item.impact}" if item.impact else ""
    return f"{_when(item)} ({where}; {step}): {item.text}{impact}"


def _when(item: PacketEvidence) -> str:
    """A journal entry's date; for a document's line, where its date comes from ("From the resume's 2021–2023
    role", "Uploaded 2026-11-02, no date in the document")."""
    if item.source == "journal":
        return item.date.isoformat()
    return item.when[:1].upper() + item.when[1:]


# -- HTML ----------------------------------------------------------------------------------------------------------

_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Promotion packet: {{ p.person }} for {{ p.target }}</title>
<style>
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0 auto;
         max-width: 56rem; padding: 1rem 1.25rem 3rem; color: #1f2328; }
  h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.2rem; margin: 0 0 .3rem; }
  p, li { overflow-wrap: anywhere; } .muted { color: #59636e; }
  .summary { background: #f6f8fa; border-left: 4px solid #2563eb; padding: .6rem .9rem; }
  section { border: 1px solid #d0d7de; border-radius: 8px; padding: .7rem 1rem; margin: 1rem 0; }
  .pill { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: 12px; font-weight: 650; }
  .evidenced { background: #dcfce7; color: #166534; } .step_unknown { background: #fef3c7; color: #92400e; }
  .below { background: #ffedd5; color: #9a3412; } .missing { background: #fee2e2; color: #991b1b; }
  .gap { border-left: 4px solid #ea580c; padding-left: .6rem; }
  h3 { font-size: .95rem; margin: .6rem 0 .2rem; } ul { margin: .2rem 0; padding-left: 1.2rem; }
  @media print { section { break-inside: avoid; } }
</style>
</head>
<body>
<h1>Promotion packet: {{ p.person }} for {{ p.target }} ({{ p.target_title }})</h1>
<p class="muted">{{ p.framework_name }} ({{ p.framework_id }} {{ p.framework_version }}),
prepared {{ p.prepared_on.isoformat() }}. {{ assessment_line }}</p>
<p class="summary" id="summary">{{ p.summary }}</p>
{% for c in p.competencies %}
<section class="competency" id="competency-{{ c.id }}" data-status="{{ c.status }}">
  <h2>{{ c.name }} <span class="pill {{ c.status }}">{{ labels[c.status] }}</span></h2>
  <p><strong>Expected at {{ p.target }}:</strong> step {{ c.expected }} ({{ c.expected_name }}).
  {{ c.expected_description }}{% if c.current is not none %}
  <span class="muted">Latest assessment: {{ c.current }}.</span>{% endif %}</p>
  <h3>What it looks like</h3>
  <ul class="markers">{% for marker in c.markers %}<li>{{ marker }}</li>{% endfor %}</ul>
  {% if c.evidence %}<h3>Evidence</h3>
  <ul class="evidence">{% for item in c.evidence %}<li>{{ evidence_line(item) }}</li>{% endfor %}</ul>{% endif %}
  {% if c.weaker %}<h3>Below the expected step</h3>
  <ul class="weaker">{% for item in c.weaker %}<li>{{ evidence_line(item) }}</li>{% endfor %}</ul>{% endif %}
  {% if c.gap %}<p class="gap"><strong>Gap:</strong> {{ c.gap }}</p>{% endif %}
</section>
{% endfor %}
</body>
</html>
"""


@lru_cache(maxsize=1)
def _html_template() -> jinja2.Template:
    # autoescape: every value printed, journal text and file names included, is HTML-escaped.
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(_HTML)


def packet_html(packet: Packet) -> str:
    """The packet as one self-contained HTML page (no scripts, no external files)."""
    return _html_template().render(
        p=packet, labels=STATUS_LABELS, assessment_line=_assessment_line(packet), evidence_line=_evidence_line
    )


# -- PDF -----------------------------------------------------------------------------------------------------------

PDF_ENCODING = "windows-1252"  # what the PDF core fonts can show
_PDF_REPLACEMENTS = {"→": "->", "←": "<-", "≥": ">=", "≤": "<=", "≈": "~", "≠": "!=", "✓": "v", "−": "-"}


def pdf_safe(text: str) -> str:
    """Text the core fonts can show: characters they lack are replaced by a close ASCII form (accents dropped,
    arrows and signs spelled out) or by '?', never dropped silently or left to raise."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if _encodable(char):
            out.append(char)
        elif char in _PDF_REPLACEMENTS:
            out.append(_PDF_REPLACEMENTS[char])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and all(_encodable(c) for c in base) else "?")
    return "".join(out)


def _encodable(char: str) -> bool:
    if unicodedata.category(char) == "Cc" and char not in "\n\t":
        return False  # control characters
    try:
        char.encode(PDF_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


class _PacketPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = PDF_ENCODING
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(18, 16, 18)

    def paragraph(self, text: str, size: float = 10, style: Literal["", "B", "I"] = "", height: float = 5) -> None:
        self.set_font("Helvetica", style=style, size=size)
        self.multi_cell(0, height, pdf_safe(text), new_x="LMARGIN", new_y="NEXT")

    def bullets(self, items: list[str]) -> None:
        self.set_font("Helvetica", size=10)
        for item in items:
            self.set_x(self.l_margin + 3)
            self.multi_cell(0, 5, pdf_safe(f"- {item}"), new_x="LMARGIN", new_y="NEXT")


def packet_pdf(packet: Packet) -> bytes:
    """The packet as a PDF (built-in fonts only, so it needs no font files)."""
    pdf = _PacketPdf()
    pdf.set_title(pdf_safe(f"Promotion packet: {packet.person} for {packet.target}"))
    pdf.set_creation_date(dt.datetime.combine(packet.prepared_on, dt.time(), dt.UTC))
    pdf.add_page()
    pdf.paragraph(f"Promotion packet: {packet.person} for {packet.target} ({packet.target_title})", 16, "B", 8)
    pdf.paragraph(
        f"{packet.framework_name} ({packet.framework_id} {packet.framework_version}), prepared "
        f"{packet.prepared_on.isoformat()}. {_assessment_line(packet)}",
        9,
        "I",
    )
    pdf.ln(2)
    pdf.paragraph(packet.summary)
    for competency in packet.competencies:
        pdf.ln(4)
        pdf.paragraph(f"{competency.name}: {STATUS_LABELS[competency.status]}", 12, "B", 6)
        pdf.paragraph(
            f"Expected at {packet.target}: step {competency.expected} ({competency.expected_name}). "
            f"{competency.expected_description}"
        )
        pdf.paragraph("What it looks like:", style="B")
        pdf.bullets(competency.markers)
        if competency.evidence:
            pdf.paragraph("Evidence:", style="B")
            pdf.bullets([_evidence_line(item) for item in competency.evidence])
        if competency.weaker:
            pdf.paragraph("Below the expected step:", style="B")
            pdf.bullets([_evidence_line(item) for item in competency.weaker])
        if competency.gap:
            pdf.paragraph(f"Gap: {competency.gap}")
    return bytes(pdf.output())
