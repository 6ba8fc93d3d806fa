"""``extract(document, framework)``: skills, scope signals, impact and years, each with its citation."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from mlladder.evidence.document import Document
from mlladder.evidence.kinds import DocumentKind, KindValue
from mlladder.evidence.model import (
    Citation,
    Evidence,
    Impact,
    Section,
    Signal,
    SkillMention,
    YearsOfExperience,
)
from mlladder.evidence.posting import POSTING_PATTERNS, posting_cues, posting_title
from mlladder.evidence.qualifiers import HEDGE, HEDGE_REACH, NEGATION, NEGATION_REACH, may_hedge, may_negate
from mlladder.evidence.signals import (
    DATE_RANGE,
    IMPACT_PATTERN,
    IMPACT_TRIGGERS,
    MONTH_TRIGGERS,
    REQUIRED_YEARS,
    SIGNAL_KINDS,
    STATED_YEARS,
    YEAR_FINDER,
    Scanned,
    SignalKind,
    TriggeredScanner,
    impact_unit,
    impact_value,
    merged_months,
    number_value,
    parse_point,
)
from mlladder.evidence.skills import RawMention, skill_matcher
from mlladder.evidence.text import Layout, layout
from mlladder.framework.cache import derived
from mlladder.framework.ladder import ic_levels, placed_competencies
from mlladder.framework.schema import Competency, Framework
from mlladder.limits import MAX_MENTIONS_PER_DOCUMENT, MAX_MENTIONS_PER_SKILL, MAX_SIGNALS_PER_DOCUMENT

__all__ = [
    "extract",
    "signal_competencies",
]

_CLAUSE = re.compile(r"[^\n;•.!?]+(?:[.!?](?=\S)[^\n;•.!?]*)*")  # a clause: up to a line break, ';' or sentence end
_MAX_TITLE_WORDS = 12
_TITLE_LABEL = re.compile(r"(?:job title|position title|position)\s*:\s*(.+)", re.I)
MAX_REQUIRED_YEARS = 15  # "20 years of history" is about the company, not a requirement


def extract(
    document: Document,
    framework: Framework,
    kind: KindValue = DocumentKind.document,
    today: dt.date | None = None,
    semantic: bool = False,
) -> Evidence:
    """Everything the framework can recognise in a document, each item citing where it was found.

    ``semantic`` adds skills written in other words, found by sentence embeddings (the optional extra)."""
    today = today or dt.date.today()
    kind = DocumentKind(kind)
    structure = layout(document)
    lowered = document.text.lower()
    found = _scanner().scan(document.text, lowered, _NOT_NEEDED[kind], MAX_SIGNALS_PER_DOCUMENT)
    posting = kind is DocumentKind.posting
    return Evidence(
        source=document.name,
        kind=kind,
        title=posting_title(structure) if posting else _title(structure),
        skills=_skills(structure, framework, semantic),
        signals=_signals(structure, framework, found),
        impacts=_impacts(structure, found.get("impact", [])),
        years=_years(structure, kind, today, found),
        cues=posting_cues(structure, found) if posting else [],
    )


_SCANNER: list[TriggeredScanner] = []
# Patterns a kind of document never uses: a posting's years are required ones, a person's come from their career.
_NOT_NEEDED: dict[DocumentKind, frozenset[str]] = {
    DocumentKind.posting: frozenset({"stated", "date_range"}),
    DocumentKind.resume: frozenset({"required", *POSTING_PATTERNS}),
    DocumentKind.brag: frozenset({"required", "stated", "date_range", *POSTING_PATTERNS}),
    DocumentKind.document: frozenset(POSTING_PATTERNS),
}


def _scanner() -> TriggeredScanner:
    """Every pattern extraction uses, compiled into one scanner (built on first use)."""
    if not _SCANNER:
        patterns = {
            kind.kind: Scanned(kind.pattern, kind.triggers, back=30 if kind.kind == "cross_team" else 0, ahead=40)
            for kind in SIGNAL_KINDS
        }
        # Windows: how far before its trigger a match may start, and after it end (a cut match is re-read whole).
        patterns["stated"] = Scanned(STATED_YEARS, ("year", "yr"), back=45, ahead=60)
        patterns["required"] = Scanned(REQUIRED_YEARS, ("year", "yr"), back=45, ahead=12)
        patterns["impact"] = Scanned(
            IMPACT_PATTERN, IMPACT_TRIGGERS, back=24, whole_words=True, ahead=30, needs_digit=True
        )
        patterns["date_range"] = Scanned(DATE_RANGE, MONTH_TRIGGERS, back=16, finder=YEAR_FINDER, ahead=40)
        patterns.update(POSTING_PATTERNS)
        _SCANNER.append(TriggeredScanner(patterns))
    return _SCANNER[0]


# -- skills -----------------------------------------------------------------------------------------------------


def _skills(structure: Layout, framework: Framework, semantic: bool = False) -> list[SkillMention]:
    text = structure.document.text
    cues: dict[str, tuple[bool, bool]] = {}  # sentence -> (may negate, may hedge): one test per sentence
    lists: dict[int, bool] = {}  # block start -> whether the block is a comma-separated list
    found = [_mention(structure, text, raw, cues, lists) for raw in _kept(skill_matcher(framework).find(text))]
    if not semantic:
        return found
    from mlladder.evidence.semantic import semantic_mentions  # the optional extra loads only when asked for

    added = semantic_mentions(structure.document, structure, framework, {mention.skill for mention in found})
    return sorted([*found, *added], key=lambda mention: mention.citation.start)


def _kept(mentions: list[RawMention]) -> list[RawMention]:
    """The first ``MAX_MENTIONS_PER_SKILL`` mentions of each skill, at most ``MAX_MENTIONS_PER_DOCUMENT`` in all:
    a skill repeated a thousand times is no more evidence than one named twenty times, and citing every repeat
    would make a document's evidence grow without bound."""
    per_skill: dict[str, int] = {}
    kept: list[RawMention] = []
    for raw in mentions:
        seen = per_skill[raw.entry.skill] = per_skill.get(raw.entry.skill, 0) + 1
        if seen <= MAX_MENTIONS_PER_SKILL:
            kept.append(raw)
            if len(kept) == MAX_MENTIONS_PER_DOCUMENT:
                break
    return kept


def _mention(
    structure: Layout, text: str, raw: RawMention, cues: dict[str, tuple[bool, bool]], lists: dict[int, bool]
) -> SkillMention:
    section = structure.section_at(raw.start)
    citation = structure.citation(raw.start, raw.end)
    sentence = citation.sentence
    if sentence not in cues:
        cues[sentence] = (may_negate(sentence), may_hedge(sentence))
    negation_near, hedge_near = cues[sentence]
    negated = False
    if negation_near:
        before = sentence[: max(0, sentence.find(text[raw.start : raw.end]))][-NEGATION_REACH:]
        negated = bool(NEGATION.search(before))
    return SkillMention(
        skill=raw.entry.skill,
        name=raw.entry.name,
        matched=text[raw.start : raw.end],
        section=section,
        negated=negated,
        hedged=section == "nice_to_have" or (hedge_near and _hedged_near(text, raw.start, raw.end)),
        in_list=_in_list(structure, raw.start, section, lists),
        citation=citation,
    )


def _hedged_near(text: str, start: int, end: int) -> bool:
    """A hedge word in the same clause, close to the mention ("familiarity with X is a plus")."""
    begin = max(0, start - HEDGE_REACH)
    window = text[begin : end + HEDGE_REACH]
    offset = start - begin
    for clause in _CLAUSE.finditer(window):
        if clause.start() <= offset < clause.end():
            return bool(HEDGE.search(clause.group(0)))
    return False


def _in_list(structure: Layout, offset: int, section: Section, lists: dict[int, bool]) -> bool:
    """A skills-list entry: in a skills section, or in a comma-separated line with no verb-like words (each
    block is judged once, in ``lists``)."""
    if section == "skills_list":
        return True
    block = structure.document.block_at(offset)
    if block is None:
        return False
    if block.start not in lists:
        line = structure.document.text[block.start : block.end]
        lists[block.start] = line.count(",") >= 3 and len(line.split()) <= 3 * (line.count(",") + 1)
    return lists[block.start]


# -- signals ----------------------------------------------------------------------------------------------------


def _signals(structure: Layout, framework: Framework, matches: dict[str, list[re.Match[str]]]) -> list[Signal]:
    competencies = signal_competencies(framework)
    levels = [level.id for level in ic_levels(framework)]
    found = []
    for signal_kind in SIGNAL_KINDS:
        for match in matches.get(signal_kind.kind, []):
            count = _count_in(match.group(0))
            scope = _scope(signal_kind, count)
            found.append(
                Signal(
                    kind=signal_kind.kind,
                    competencies=competencies[signal_kind.kind],
                    scope=scope,
                    level=scope_level(levels, scope),
                    count=count,
                    section=structure.section_at(match.start()),
                    citation=structure.citation(match.start(), match.end()),
                )
            )
    return sorted(found, key=lambda signal: signal.citation.start)


def _count_in(phrase: str) -> int | None:
    number = re.search(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\b", phrase, re.I
    )
    return int(number_value(number.group(1))) if number else None


def _scope(kind: SignalKind, count: int | None) -> int:
    """Mentoring three or more people is team scope; one or two is project scope."""
    if kind.kind == "mentored" and count is not None and count >= 3:
        return 3
    return kind.scope


def scope_level(levels: list[str], scope: int) -> str | None:
    """The main-track level a 1-5 scope indicates, spread evenly over however many levels the track has."""
    if not levels:
        return None
    index = round((scope - 1) * (len(levels) - 1) / 4)
    return levels[min(max(index, 0), len(levels) - 1)]


# Words that name what each kind of signal shows, looked for in the framework's competencies (id, name,
# description), so that any framework's own competencies receive the evidence.
SIGNAL_CONCEPTS: dict[str, tuple[str, ...]] = {
    "implemented": ("software", "code", "craft", "programming", "fundamentals"),
    "shipped": ("production", "mlops", "deploy", "operations", "delivery"),
    "owned": ("production", "ownership", "delivery", "impact", "mlops"),
    "designed": ("design", "architecture"),
    "led": ("leadership", "lead", "mentor"),
    "mentored": ("mentor", "leadership", "coach"),
    "hiring": ("leadership", "hiring", "people"),
    "direction": ("strategy", "architecture", "direction", "design"),
    "cross_team": ("communication", "collaboration", "influence", "leadership"),
    "org_wide": ("business", "strategy", "impact", "organisation", "organization"),
    "external": ("communication", "research", "innovation"),
    "industry": ("research", "innovation", "industry"),
    "executive": ("business", "strategy", "executive", "communication"),
}


def signal_competencies(framework: Framework) -> dict[str, list[str]]:
    """For every signal kind, the (at most two) competencies that name its concepts in their id or name; only
    when none does, the ones whose description does. A description mentions much in passing ("turning new ideas
    into production value", "leading research agendas"), so it must not send "shipped" or "led" to research."""

    def build() -> dict[str, list[str]]:
        mapping: dict[str, list[str]] = {}
        for kind, concepts in SIGNAL_CONCEPTS.items():
            by_name = _concept_scores(framework, concepts, lambda c: f"{c.id} {c.name}")
            scores = by_name if by_name else _concept_scores(framework, concepts, lambda c: c.description)
            mapping[kind] = [competency for competency, _ in scores.most_common(2)]
        return mapping

    return derived(framework, "signal-competencies", build)


def _concept_scores(framework: Framework, concepts: tuple[str, ...], text: Callable[[Competency], str]) -> Counter[str]:
    """How many of ``concepts`` each competency's ``text`` names (competencies naming none are left out)."""
    scores: Counter[str] = Counter()
    # Signals carry main-track levels, so only the competencies placement weighs can receive them: "designed"
    # must not go to organisation design, nor "shipped" to a manager's delivery.
    for competency in placed_competencies(framework):
        words = text(competency).lower()
        score = sum(concept in words for concept in concepts)
        if score:
            scores[competency.id] = score
    return scores


# -- impact -----------------------------------------------------------------------------------------------------


def _impacts(structure: Layout, matches: list[re.Match[str]]) -> list[Impact]:
    return [
        Impact(
            value=impact_value(match.group(0)),
            unit=impact_unit(match),
            text=match.group(0),
            citation=structure.citation(match.start(), match.end()),
        )
        for match in matches
    ]


# -- years ------------------------------------------------------------------------------------------------------


def _years(
    structure: Layout, kind: DocumentKind, today: dt.date, matches: dict[str, list[re.Match[str]]]
) -> YearsOfExperience:
    if kind is DocumentKind.posting:
        return _required_years(structure, matches.get("required", []))
    if kind is DocumentKind.brag:  # a brag document's dates are its entries, not a career
        return YearsOfExperience(total=None, basis="none", required_min=None, required_max=None, citations=[])
    return _resume_years(structure, today, matches.get("stated", []), matches.get("date_range", []))


def _resume_years(
    structure: Layout, today: dt.date, stated_matches: list[re.Match[str]], ranges_found: list[re.Match[str]]
) -> YearsOfExperience:
    """A stated total ("8 years of experience") wins; otherwise the merged date ranges outside education."""
    stated = [(number_value(m.group("years") or m.group("years_after")), m) for m in stated_matches]
    if stated:
        value, match = max(stated, key=lambda item: item[0])
        citation = structure.citation(match.start(), match.end())
        return YearsOfExperience(
            total=value, basis="stated", required_min=None, required_max=None, citations=[citation]
        )
    ranges: list[tuple[int, int]] = []
    citations: list[Citation] = []
    for match in ranges_found:
        if structure.section_at(match.start()) == "education":
            continue
        start, end = parse_point(match.group("start"), today), parse_point(match.group("end"), today)
        if start is None or end is None or end < start:
            continue
        ranges.append((start, end))
        citations.append(structure.citation(match.start(), match.end()))
    if not ranges:
        return YearsOfExperience(total=None, basis="none", required_min=None, required_max=None, citations=[])
    total = round(merged_months(ranges) / 12, 1)
    return YearsOfExperience(
        total=total, basis="date_ranges", required_min=None, required_max=None, citations=citations
    )


def _required_years(structure: Layout, matches: list[re.Match[str]]) -> YearsOfExperience:
    """The years a posting asks for: the highest minimum outside nice-to-have sections ("5+ years", "3-5 years")."""
    text = structure.document.text
    best: tuple[float, float | None, Citation] | None = None
    for match in matches:
        if structure.section_at(match.start()) == "nice_to_have" or _is_age_or_duration(
            text, match.start(), match.end()
        ):
            continue
        low = number_value(match.group("low"))
        high = number_value(match.group("high")) if match.group("high") else None
        if low > MAX_REQUIRED_YEARS or (high is not None and high < low):
            continue
        if best is None or low > best[0]:
            best = (low, high, structure.citation(match.start(), match.end()))
    if best is None:
        return YearsOfExperience(total=None, basis="none", required_min=None, required_max=None, citations=[])
    low, high, citation = best
    return YearsOfExperience(total=None, basis="none", required_min=low, required_max=high, citations=[citation])


_NOT_REQUIREMENT = re.compile(
    r"\b(?:after|in only|on the market|term of|fixed[- ]term|contract|service|rising|history|founded|for over|"
    r"since|warranty|guarantee|ago|old|anniversary|pension|vesting|vest)\b",
    re.I,
)


def _is_age_or_duration(text: str, start: int, end: int) -> bool:
    """'a 2-year contract', 'after one year of service', '9 years on the market' are not experience requirements."""
    return bool(_NOT_REQUIREMENT.search(text[max(0, start - 30) : end + 25]))


# -- title ------------------------------------------------------------------------------------------------------


def _title(structure: Layout) -> str | None:
    """The first short block: a posting's job title or a resume's name line."""
    document = structure.document
    head = document.text[:3000]  # titles come first
    labelled = _TITLE_LABEL.search(head) if ("title" in head.lower() or "position" in head.lower()) else None
    if labelled:
        return labelled.group(1).strip()[:120]
    for block in document.blocks[:3]:
        text = document.text[block.start : block.end].strip()
        if text and len(text.split()) <= _MAX_TITLE_WORDS:
            return text
    return None
