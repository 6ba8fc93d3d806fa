"""A promotion packet: the target level's expectations, competency by competency, the journal entries and documents
that meet each, and what is still missing, stated plainly.

Evidence *meets* an expectation when it is tagged with the competency and shows at least the expected step, or
when nothing in it says which step it shows (a tag a person added, a competency named without a scope signal):
such items are listed as "step not shown" so the reader can judge. Evidence below the expected step is kept
apart and only used to describe the gap. Job postings describe a job, not the person, and are left out.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import Literal

import jinja2
from fpdf import FPDF
from pydantic import BaseModel, ConfigDict

from mlladder.assess.documents import Observation, observations
from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.formatting import percent_label
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Competency, Framework
from mlladder.report.render import markdown_text
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.journal import entry_evidence
from mlladder.store.records import AssessmentRecord, DocumentRecord, JournalEntry
from mlladder.store.store import Store

MIN_OBSERVATION_WEIGHT = 0.35  # a skill named in work done or a scope signal; a bare list of skills shows no step
MAX_ITEMS = 8  # evidence listed per competency, strongest first
MAX_WEAKER = 3

Status = Literal["evidenced", "step_unknown", "below", "missing"]
STATUS_LABELS: dict[Status, str] = {
    "evidenced": "met by evidence",
    "step_unknown": "evidence, step not shown",
    "below": "evidence below the step",
    "missing": "no evidence yet",
}


class PacketModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class PacketEvidence(PacketModel):
    source: Literal["journal", "document"]
    source_id: int
    title: str  # "journal entry" or the file name
    date: dt.date
    text: str  # the entry, or the sentence of the document
    impact: str | None
    location: str | None  # where in the document
    step: int | None  # the proficiency step it shows; None when it does not say


class PacketCompetency(PacketModel):
    id: str
    name: str
    expected: int
    expected_name: str
    expected_description: str
    markers: list[str]
    current: float | None  # the latest assessment's combined rating, when it used this framework
    status: Status
    evidence: list[PacketEvidence]  # what meets the expectation, strongest first
    weaker: list[PacketEvidence]  # tagged evidence below the expected step
    gap: str | None  # what is missing, in plain words; None when nothing is


class Packet(PacketModel):
    person_id: int
    person: str
    framework_id: str
    framework_name: str
    framework_version: str
    target: str
    target_title: str
    prepared_on: dt.date
    assessed_level: str | None
    assessed_on: dt.date | None
    probability_at_target: float | None
    competencies: list[PacketCompetency]
    summary: str


def packet(store: Store, person_id: int, framework: Framework, target: str, today: dt.date | None = None) -> Packet:
    """The promotion packet of one person for ``target`` (a level id of ``framework``)."""
    level = get_level(framework, target)
    person = store.get_person(person_id)
    latest = store.latest_assessment(person_id)
    if latest is not None and latest.framework_id != framework.id:
        latest = None  # another framework's ratings say nothing about these expectations
    found = _journal_items(store.list_journal(person_id), framework)
    for competency, items in _document_items(store.list_documents(person_id), framework).items():
        found[competency].extend(items)
    competencies = [
        _competency(framework, competency, level.id, found.get(competency.id, []), latest)
        for competency in framework.competencies
        if level.id in competency.expectations
    ]
    probability = latest.assessment.at_or_above.get(level.id) if latest is not None else None
    return Packet(
        person_id=person.id,
        person=person.name,
        framework_id=framework.id,
        framework_name=framework.name,
        framework_version=framework.version,
        target=level.id,
        target_title=level.title,
        prepared_on=today or dt.date.today(),
        assessed_level=latest.level if latest else None,
        assessed_on=latest.created_at.date() if latest else None,
        probability_at_target=probability,
        competencies=competencies,
        summary=_summary(competencies, level.id),
    )


# -- gathering evidence --------------------------------------------------------------------------------------------


def _steps(found: list[Observation]) -> dict[tuple[str, str], int]:
    """(competency, sentence) -> the highest step observations worth counting propose."""
    steps: dict[tuple[str, str], int] = {}
    for observation in found:
        if observation.weight >= MIN_OBSERVATION_WEIGHT:
            key = (observation.competency, observation.citation.sentence)
            steps[key] = max(steps.get(key, observation.proficiency), observation.proficiency)
    return steps


def _journal_items(entries: list[JournalEntry], framework: Framework) -> dict[str, list[PacketEvidence]]:
    """Every entry under each competency it is tagged with, with the highest step it shows (if any)."""
    items: dict[str, list[PacketEvidence]] = defaultdict(list)
    for entry in entries:
        by_competency: dict[str, int] = {}
        for (competency, _), step in _steps(observations(entry_evidence(entry, framework), framework)).items():
            by_competency[competency] = max(by_competency.get(competency, step), step)
        for competency in entry.competencies:
            items[competency].append(
                PacketEvidence(
                    source="journal",
                    source_id=entry.id,
                    title="journal entry",
                    date=entry.entry_date,
                    text=entry.text,
                    impact=entry.impact,
                    location=None,
                    step=by_competency.get(competency),
                )
            )
    return items


def _document_items(documents: list[DocumentRecord], framework: Framework) -> dict[str, list[PacketEvidence]]:
    """Every sentence of a person's documents that shows a step of a competency."""
    items: dict[str, list[PacketEvidence]] = defaultdict(list)
    for document in documents:
        if document.kind == "posting":
            continue
        found = observations(evidence_from_data(document.evidence), framework)
        locations = {observation.citation.sentence: observation.citation.location for observation in found}
        for (competency, sentence), step in _steps(found).items():
            items[competency].append(
                PacketEvidence(
                    source="document",
                    source_id=document.id,
                    title=document.filename,
                    date=document.created_at.date(),
                    text=sentence,
                    impact=None,
                    location=locations[sentence],
                    step=step,
                )
            )
    return items


def _strongest_first(item: PacketEvidence) -> tuple[int, int, str]:
    # Known steps first (highest first), then the newest; the text keeps the order stable.
    return (-(item.step if item.step is not None else -1), -item.date.toordinal(), item.text)


# -- judging each competency ---------------------------------------------------------------------------------------


def _competency(
    framework: Framework,
    competency: Competency,
    target: str,
    items: list[PacketEvidence],
    latest: AssessmentRecord | None,
) -> PacketCompetency:
    expectation = competency.expectations[target]
    expected = expectation.proficiency
    meeting = sorted((i for i in items if i.step is None or i.step >= expected), key=_strongest_first)
    weaker = sorted((i for i in items if i.step is not None and i.step < expected), key=_strongest_first)
    status: Status
    if any(item.step is not None for item in meeting):
        status = "evidenced"
    elif meeting:
        status = "step_unknown"
    else:
        status = "below" if weaker else "missing"
    current = _current_rating(latest, competency.id)
    scale = {step.value: step.name for step in framework.proficiency_scale}
    return PacketCompetency(
        id=competency.id,
        name=competency.name,
        expected=expected,
        expected_name=scale.get(expected, str(expected)),
        expected_description=competency.scale.get(expected, ""),
        markers=list(expectation.markers),
        current=current,
        status=status,
        evidence=meeting[:MAX_ITEMS],
        weaker=weaker[:MAX_WEAKER],
        gap=_gap(status, expected, scale, expectation.markers, weaker, meeting, current, target),
    )


def _current_rating(latest: AssessmentRecord | None, competency_id: str) -> float | None:
    if latest is None:
        return None
    return next((c.estimate for c in latest.assessment.competencies if c.id == competency_id), None)


def _gap(
    status: Status,
    expected: int,
    scale: dict[int, str],
    markers: list[str],
    weaker: list[PacketEvidence],
    meeting: list[PacketEvidence],
    current: float | None,
    target: str,
) -> str | None:
    """What is missing for this competency, or None; says so when the latest assessment disagrees."""
    wanted = f"{target} expects step {expected} ({scale.get(expected, expected)})"
    example = f"for example: {markers[0]}" if markers else "work at that step"
    if status == "missing":
        gap = f"Nothing in the journal or the documents shows this yet. {wanted}, {example}."
    elif status == "below":
        best = max(item.step for item in weaker if item.step is not None)
        gap = f"The strongest evidence shows step {best} ({scale.get(best, best)}); {wanted}, {example}."
    elif status == "step_unknown":
        mentions = "1 item mentions" if len(meeting) == 1 else f"{len(meeting)} items mention"
        gap = f"{mentions} this, but none shows at which step. {wanted}, {example}."
    else:
        gap = None
    tolerance = DEFAULT_SETTINGS.meets_tolerance
    if current is not None and current < expected - tolerance:
        rated = f"the latest assessment rates it {current:g} against the expected {expected}."
        gap = f"{gap} Also, {rated}" if gap else f"The evidence meets it, but {rated}"
    return gap


def _summary(competencies: list[PacketCompetency], target: str) -> str:
    counts = {status: sum(1 for c in competencies if c.status == status) for status in STATUS_LABELS}
    total = len(competencies)
    parts = [f"Evidence meets {counts['evidenced']} of the {total} expectations of {target}."]
    if counts["step_unknown"]:
        parts.append(f"{_have(counts['step_unknown'])} evidence that does not show its step.")
    if counts["below"]:
        parts.append(f"{_have(counts['below'])} evidence only below the expected step.")
    if counts["missing"]:
        parts.append(f"{_have(counts['missing'])} no evidence yet.")
    return " ".join(parts)


def _have(count: int) -> str:
    return "1 has" if count == 1 else f"{count} have"


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
    return f"{item.date.isoformat()} ({where}; {step}): {item.text}{impact}"


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
