"""Journal entries as evidence: extraction, automatic tags, and evidence that honours tags a person edited.

An entry is run through the same extractor as a brag document. Its competency tags are the competencies of the
scope signals and skills found, plus those whose own vocabulary the entry uses: words of a competency's name and
description that the framework mostly uses for that competency (so "latency" tags performance even where no
signal fires). Vocabulary tags say *what* an entry is about, not at which level: in the evidence built for an
assessment they cite the entry without proposing a rating.

The store keeps entries and their tags; everything here works on the text and the tags alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol

from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Citation, Evidence, Signal, SkillMention
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework

__all__ = [
    "TAGGED_SIGNAL",
    "entry_evidence",
    "extract_entry",
    "suggest_tags",
]

MIN_WORD_LENGTH = 4
MIN_USES = 2  # a word must appear in at least this many of the competency's texts
MIN_SHARE = 0.6  # ... and this share of all its uses across competencies must be in that competency
# Words common enough in any engineer's writing that they should not tag a competency on their own.
GENERIC_WORDS = frozenset(
    {
        "adapting", "business", "clean", "computer", "control", "data", "depth", "export", "function", "impact",
        "learning", "public", "service", "store", "system", "target", "technology",
    }
)  # fmt: skip
TAGGED_SIGNAL = "tagged"  # a competency tag with no signal behind it: cited, no level proposed
_WORD = re.compile(r"[a-z][a-z0-9-]+")


class TaggedEntry(Protocol):
    """A journal entry as kept (a :class:`mlladder.store.JournalEntry`): its date, text, impact and tags."""

    @property
    def entry_date(self) -> dt.date: ...

    @property
    def text(self) -> str: ...

    @property
    def impact(self) -> str | None: ...

    @property
    def competencies(self) -> list[str]: ...

    @property
    def skills(self) -> list[str]: ...


@dataclasses.dataclass(frozen=True)
class Tags:
    competencies: list[str]
    skills: list[str]


def entry_name(entry_date: dt.date) -> str:
    """How an entry is named in citations: 'journal 2025-03-14'."""
    return f"journal {entry_date.isoformat()}"


def entry_text(text: str, impact: str | None) -> str:
    """The entry as one document: the text, then the impact figures as a paragraph of their own."""
    return f"{text}\n\n{impact}" if impact and impact.strip() else text


def extract_entry(entry_date: dt.date, text: str, impact: str | None, framework: Framework) -> Evidence:
    _, evidence = evidence_from_text(
        entry_name(entry_date), entry_text(text, impact), framework, kind=DocumentKind.brag
    )
    return evidence


def suggest_tags(evidence: Evidence, text: str, framework: Framework) -> Tags:
    """Competencies and skills an entry shows, from its signals, its skills and its vocabulary."""
    skill_competencies = {skill.id: skill.competencies for skill in framework.skills}
    mentioned = [mention.skill for mention in evidence.skills if not mention.negated]
    found = {competency for signal in evidence.signals for competency in signal.competencies}
    found |= {competency for skill in mentioned for competency in skill_competencies[skill]}
    vocabulary = competency_vocabulary(framework)
    found |= {vocabulary[word] for word in _words(text) if word in vocabulary}
    return Tags(competencies=in_framework_order(found, framework), skills=list(dict.fromkeys(mentioned)))


def in_framework_order(competencies: Iterable[str], framework: Framework) -> list[str]:
    """Known competency ids, once each, in the framework's order (unknown ids are dropped)."""
    wanted = set(competencies)
    return [competency.id for competency in framework.competencies if competency.id in wanted]


def competency_vocabulary(framework: Framework) -> dict[str, str]:
    """Word -> the competency whose name or description uses it and whose texts use it most (see module doc)."""

    def build() -> dict[str, str]:
        uses: dict[str, Counter[str]] = defaultdict(Counter)
        for competency in framework.competencies:
            texts = [competency.name, competency.description, *competency.scale.values()]
            texts += [marker for expectation in competency.expectations.values() for marker in expectation.markers]
            for text in texts:
                for word in set(_words(text)):
                    uses[word][competency.id] += 1
        vocabulary: dict[str, str] = {}
        for competency in framework.competencies:
            for word in set(_words(f"{competency.name} {competency.description}")) - GENERIC_WORDS:
                count, total = uses[word][competency.id], sum(uses[word].values())
                if count >= MIN_USES and count / total >= MIN_SHARE:
                    vocabulary[word] = competency.id
        return vocabulary

    return derived(framework, "journal-vocabulary", build)


def _words(text: str) -> list[str]:
    """Lower-case words of four letters or more, plurals made singular ('engineers' -> 'engineer')."""
    words = []
    for word in _WORD.findall(text.lower()):
        if len(word) < MIN_WORD_LENGTH:
            continue
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def tagged_evidence(
    evidence: Evidence, text: str, competencies: list[str], skills: list[str], framework: Framework
) -> Evidence:
    """An entry's evidence limited to its tags: signals keep only tagged competencies, skills only tagged ones;
    a tag nothing in the text supports is added as a citation of the whole entry (a signal without a level, or a
    skill mention), so a person's own tags count as evidence too."""
    skill_by_id = {skill.id: skill for skill in framework.skills}
    wanted, wanted_skills = set(competencies), [skill for skill in skills if skill in skill_by_id]
    signals = [
        dataclasses.replace(signal, competencies=[c for c in signal.competencies if c in wanted])
        for signal in evidence.signals
    ]
    signals = [signal for signal in signals if signal.competencies]
    mentions = [mention for mention in evidence.skills if mention.skill in wanted_skills]
    whole = Citation(file=evidence.source, start=0, end=len(text), location="journal entry", sentence=text.strip())
    for skill_id in [s for s in wanted_skills if s not in {mention.skill for mention in mentions}]:
        skill = skill_by_id[skill_id]
        mentions.append(SkillMention(skill_id, skill.name, skill.name, "experience", False, False, False, whole))
    shown = {c for signal in signals for c in signal.competencies}
    shown |= {c for mention in mentions if not mention.negated for c in skill_by_id[mention.skill].competencies}
    for competency in in_framework_order(wanted - shown, framework):
        signals.append(Signal(TAGGED_SIGNAL, [competency], 1, None, None, "experience", whole))
    return dataclasses.replace(evidence, signals=signals, skills=mentions)


def entry_evidence(entry: TaggedEntry, framework: Framework) -> Evidence:
    """A stored entry as evidence for an assessment, honouring its (possibly edited) tags."""
    extracted = extract_entry(entry.entry_date, entry.text, entry.impact, framework)
    return tagged_evidence(extracted, entry.text, entry.competencies, entry.skills, framework)
