"""Labelled job postings for evaluating and calibrating posting placement, gathered from SkillSpan's TECH files.

SkillSpan's TECH files (train and dev) hold whole Stack Overflow job postings, one sentence a CoNLL block.

**Splitting the files into postings.** Each posting opens with a header that ends in its "Date posted:" line.
Going back from that line, the lines made only of placeholders (<ORGANIZATION>, <ADDRESS>, <LOCATION>), dashes and
numbers are the organisation and address; the line before them is the title. When none of those lines names an
organisation and the title candidate has no <ORGANIZATION> either, the candidate is a company name written out
and the title is the line before it. The posting runs from its title to the next posting's title.

**Labels.** A posting's label is the set of levels its "Experience level:" line names (Junior -> L1, Mid-Level ->
L2, Senior -> L3, Lead -> L4; Manager names the management track and is left out); without that line, the level
its title names (Junior, Jr, Graduate, Intern, Entry -> L1; Senior, Sr -> L3; Lead, Staff -> L4; Principal -> L5);
without either, the posting is unlabelled and left out. A prediction is right when it is in the label set.

**What the model sees.** The title sentence and the "Experience level:" lines are removed, and so is every
seniority word left in the text (senior, sr, junior, jr, principal, mid-level, and "staff" before a job noun), so
only the description can decide ("masked"). A second view keeps the title ("with title").

**Splits.** The train file's postings tune and calibrate; the dev file's postings are reported and never tuned on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval_skillspan import Sentence, read_conll, shared_data

FILES = {"train": "skillspan_tech_train.conll", "dev": "skillspan_tech_dev.conll"}
LEVEL_OF_LABEL = {"Junior": "L1", "Mid-Level": "L2", "Senior": "L3", "Lead": "L4"}
LEVEL_OF_TITLE_WORD = {
    "junior": "L1", "jr": "L1", "graduate": "L1", "intern": "L1", "internship": "L1", "entry": "L1",
    "senior": "L3", "sr": "L3", "lead": "L4", "staff": "L4", "principal": "L5",
}  # fmt: skip
MANAGEMENT_WORDS = ("manager", "head of", "director", "vp ")
LEVELS = ("L1", "L2", "L3", "L4", "L5")
_PLACEHOLDER = re.compile(r"^(?:<[A-Z]+>|[-–—,/()&.\d]+)$")
ORGANISATION = "<ORGANIZATION>"
SENIORITY = re.compile(
    r"\b(?:senior|sr\.?|junior|jr\.?|principal|mid[- ]?level|staff(?=\s+(?:ml|machine|data|software|engineer|"
    r"scientist|developer)))\b",
    re.I,
)


@dataclass(frozen=True)
class Posting:
    split: str  # train or dev
    source: str  # file:index of the title sentence
    title: str
    masked: str  # the text without title, experience-level lines and seniority words
    with_title: str  # the text with its title, without the experience-level lines
    levels: frozenset[str]  # the acceptable levels
    label_basis: str  # "experience line" or "title"


def is_date_line(sentence: Sentence) -> bool:
    return sentence.tokens[:2] == ["Date", "posted:"]


def is_placeholder_line(sentence: Sentence) -> bool:
    """An organisation or address line: nothing but placeholders, dashes and numbers."""
    return all(_PLACEHOLDER.match(token) for token in sentence.tokens)


def title_index(sentences: list[Sentence], date_index: int) -> int:
    """Where the posting whose "Date posted:" line is at ``date_index`` starts (see the module docstring)."""
    index = date_index - 1
    organisation_seen = False
    while index > 0 and is_placeholder_line(sentences[index]):
        organisation_seen = organisation_seen or ORGANISATION in sentences[index].tokens
        index -= 1
    if index > 0 and not organisation_seen and ORGANISATION not in sentences[index].tokens:
        index -= 1  # a company name written out sits between the title and the address
    return index


def title_labels(title: str) -> frozenset[str]:
    lowered = title.lower()
    if any(word in lowered for word in MANAGEMENT_WORDS):
        return frozenset()
    words = re.findall(r"[a-z]+", lowered)
    return frozenset(LEVEL_OF_TITLE_WORD[word] for word in words if word in LEVEL_OF_TITLE_WORD)


def posting(sentences: list[Sentence], source: str, split: str) -> Posting | None:
    """A labelled posting (None when it carries no label)."""
    body: list[str] = []
    experience: list[str] = []
    skip_next = False
    for sentence in sentences[1:]:
        if skip_next:
            experience, skip_next = sentence.tokens, False
            continue
        if sentence.tokens == ["Experience", "level:"]:
            skip_next = True
            continue
        body.append(sentence.text)
    title = sentences[0].text
    from_line = frozenset(LEVEL_OF_LABEL[label] for label in experience if label in LEVEL_OF_LABEL)
    levels, basis = (from_line, "experience line") if from_line else (title_labels(title), "title")
    if not levels:
        return None
    text = "\n".join(body)
    return Posting(split, source, title, SENIORITY.sub("", text), f"{title}\n{text}", levels, basis)


def read_postings() -> list[Posting]:
    found: list[Posting] = []
    for split, name in FILES.items():
        sentences = read_conll(shared_data() / "skillspan" / name)
        starts = [title_index(sentences, i) for i, sentence in enumerate(sentences) if is_date_line(sentence)]
        for number, start in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(sentences)
            item = posting(sentences[start:end], f"{name}:{start}", split)
            if item is not None:
                found.append(item)
    return found
