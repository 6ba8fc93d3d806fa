"""Evaluation: what the optional semantic matching adds to the dictionary, and what it costs, on SkillSpan dev.

The dev sentences of SkillSpan (tech and house files; see eval_skillspan.py) are put back together, in order, into
documents of about 4 KB, one sentence per block. Each document goes through ``extract`` (the dictionary path, what
mlladder does today), then through ``semantic_mentions`` for the skills the dictionary did not find.

Figures, for the dictionary alone and for dictionary + semantic at several thresholds:
- recall: share of ALL gold SKILL and KNOWLEDGE spans that one of our mentions (either method) overlaps;
- recall, capped: the same, but a semantic mention, which covers a whole sentence, is credited with at most one gold
  span (a sentence with four gold spans and one semantic mention counts once, not four times);
- precision: share of our mentions that overlap a gold span; also for the semantic mentions alone;
- chance: the share of embedded sentences that hold a gold span, which is what 'sem prec' would be if semantic
  mentions fell on sentences at random;
- speed: sentences/s and documents/s for both paths (best of several passes), the model's load and the taxonomy's
  embedding reported apart as a one-off start-up cost.
A sample of semantic mentions (skill, sentence, the gold spans it overlaps) shows whether the skills are the right
ones: SkillSpan marks where skills are, not which, so precision here cannot tell a wrong skill from a right one.

Run (needs the semantic extra):
  python benchmarks/eval_semantic.py [--thresholds 0.5 0.6] [--samples 20] [--repeat 3] [--torch-threads 1]
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import mlladder
from eval_skillspan import DEV_FILES, Sentence, overlaps, ratio, read_conll, shared_data
from mlladder.evidence.document import Document, document_from_blocks
from mlladder.evidence.extract import extract
from mlladder.evidence.model import SkillMention
from mlladder.evidence.semantic import (
    DEFAULT_THRESHOLD,
    document_sentences,
    semantic_available,
    semantic_matcher,
    semantic_mentions,
)
from mlladder.evidence.text import layout
from mlladder.framework.schema import Framework

DOCUMENT_BYTES = 4000  # about the size of a job posting or a one-page resume
Span = tuple[int, int]


@dataclass(frozen=True)
class GoldDocument:
    """Consecutive SkillSpan sentences as one document, with the gold spans moved to document offsets."""

    document: Document
    gold: list[Span]
    sentences: int


def build_documents(name: str, sentences: list[Sentence]) -> list[GoldDocument]:
    """Group sentences in order into documents of about DOCUMENT_BYTES, one block per sentence."""
    groups: list[list[Sentence]] = [[]]
    size = 0
    for sentence in sentences:
        if size >= DOCUMENT_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(sentence)
        size += len(sentence.text) + 1
    return [_document(f"{name}-{index}", group) for index, group in enumerate(groups) if group]


def _document(name: str, group: list[Sentence]) -> GoldDocument:
    texts = [_same_length_text(sentence) for sentence in group]
    document = document_from_blocks(name, "text", [(text, {}) for text in texts])
    gold: list[Span] = []
    blocks = iter(document.blocks)
    for sentence, text in zip(group, texts, strict=True):
        if not text.strip():
            continue  # an empty sentence makes no block
        block = next(blocks)
        if document.text[block.start : block.end] != text:
            raise SystemExit(f"{name}: a sentence changed when it became a block: {sentence.text[:60]!r}")
        gold.extend((block.start + span.start, block.start + span.end) for span in sentence.spans)
    return GoldDocument(document, gold, len(group))


def _same_length_text(sentence: Sentence) -> str:
    """The sentence with odd whitespace inside tokens (a narrow no-break space) made visible, so that turning it into
    a block (which collapses whitespace) keeps every offset."""
    return " ".join("".join("_" if char.isspace() else char for char in token) for token in sentence.tokens)


# -- scoring -----------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    mentions: int = 0
    on_gold: int = 0
    semantic: int = 0
    semantic_on_gold: int = 0
    gold: int = 0
    found: int = 0
    found_capped: int = 0
    seconds: float = 0.0
    samples: list[tuple[SkillMention, list[str]]] = field(default_factory=list)

    def add(self, item: GoldDocument, mentions: list[SkillMention]) -> None:
        spans = [(mention.citation.start, mention.citation.end) for mention in mentions]
        self.mentions += len(mentions)
        for mention, span in zip(mentions, spans, strict=True):
            hit = any(overlaps(*span, *gold) for gold in item.gold)
            self.on_gold += hit
            if mention.method == "semantic":
                self.semantic += 1
                self.semantic_on_gold += hit
                touched = [item.document.text[start:end] for start, end in item.gold if overlaps(*span, start, end)]
                self.samples.append((mention, touched))
        self.gold += len(item.gold)
        self.found += sum(any(overlaps(*span, *gold) for span in spans) for gold in item.gold)
        self.found_capped += _capped_found(item.gold, mentions)


def _capped_found(gold: list[Span], mentions: list[SkillMention]) -> int:
    """Gold spans found when each semantic mention may claim only one gold span not found otherwise."""
    found = {
        span
        for span in gold
        for mention in mentions
        if mention.method == "dictionary" and overlaps(mention.citation.start, mention.citation.end, *span)
    }
    for mention in mentions:
        if mention.method == "semantic":
            claim = next(
                (s for s in gold if s not in found and overlaps(mention.citation.start, mention.citation.end, *s)),
                None,
            )
            if claim is not None:
                found.add(claim)
    return len(found)


# -- runs --------------------------------------------------------------------------------------------------------

Path_ = Callable[[GoldDocument], list[SkillMention]]


def dictionary_path(framework: Framework) -> Path_:
    def run(item: GoldDocument) -> list[SkillMention]:
        return list(extract(item.document, framework).skills)

    return run


def semantic_path(framework: Framework, threshold: float) -> Path_:
    """extract, then semantic_mentions for the skills it did not find: the wiring suggested for extract()."""

    def run(item: GoldDocument) -> list[SkillMention]:
        found = list(extract(item.document, framework).skills)
        already = {mention.skill for mention in found}
        added = semantic_mentions(item.document, layout(item.document), framework, already, threshold)
        return sorted([*found, *added], key=lambda mention: mention.citation.start)

    return run


def measure(documents: list[GoldDocument], run: Path_) -> Tally:
    tally = Tally()
    for item in documents:
        started = time.perf_counter()
        mentions = run(item)
        tally.seconds += time.perf_counter() - started
        tally.add(item, mentions)
    return tally


# -- report ------------------------------------------------------------------------------------------------------


def chance_precision(documents: list[GoldDocument]) -> tuple[int, int]:
    """Embedded sentences, and how many of them overlap a gold span: the precision a sentence-wide mention gets by
    landing on a sentence at random."""
    total = with_gold = 0
    for item in documents:
        for sentence in document_sentences(item.document):
            total += 1
            with_gold += any(overlaps(sentence.start, sentence.end, *gold) for gold in item.gold)
    return total, with_gold


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(
        f"  {'path':<24} {'mentions':>8} {'precision':>9} {'semantic':>8} {'sem prec':>8} {'gold':>6} "
        f"{'recall':>7} {'capped':>7}"
    )
    for name, tally in tallies.items():
        print(
            f"  {name:<24} {tally.mentions:>8} {ratio(tally.on_gold, tally.mentions):>9} {tally.semantic:>8} "
            f"{ratio(tally.semantic_on_gold, tally.semantic):>8} {tally.gold:>6} {ratio(tally.found, tally.gold):>7} "
            f"{ratio(tally.found_capped, tally.gold):>7}"
        )


def print_speed(paths: dict[str, Path_], documents: list[GoldDocument], repeat: int) -> None:
    """Best of ``repeat`` passes over every document (the machine's other work only ever slows a pass down)."""
    sentences = sum(item.sentences for item in documents)
    print(f"\nSpeed, best of {repeat} passes over {len(documents)} documents ({sentences} sentences), model loaded:")
    print(f"  {'path':<24} {'seconds':>8} {'sentences/s':>12} {'documents/s':>12} {'ms/document':>12}")
    for name, run in paths.items():
        best = min(measure(documents, run).seconds for _ in range(repeat))
        print(
            f"  {name:<24} {best:>8.2f} {sentences / best:>12.0f} {len(documents) / best:>12.1f} "
            f"{1000 * best / len(documents):>12.1f}"
        )


def print_samples(tally: Tally, count: int, seed: int = 7) -> None:
    if not tally.samples or count <= 0:
        return
    print(f"\n{count} random semantic mentions at the default threshold: skill <- sentence [gold spans it overlaps]")
    for mention, touched in random.Random(seed).sample(tally.samples, min(count, len(tally.samples))):
        print(f"  {mention.name:<34} <- {mention.matched[:100]!r} {touched[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.55, DEFAULT_THRESHOLD, 0.65])
    parser.add_argument("--samples", type=int, default=20, help="how many semantic mentions to print")
    parser.add_argument("--repeat", type=int, default=3, help="passes for the speed figures (the best counts)")
    parser.add_argument("--torch-threads", type=int, default=0, help="CPU threads for torch (0: torch's default)")
    args = parser.parse_args()
    if not semantic_available():
        raise SystemExit("the semantic extra is not installed (fix: pip install 'mlladder[semantic]')")
    torch = importlib.import_module("torch")
    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, {os.cpu_count()} CPUs")
    framework = mlladder.builtin_framework()
    started = time.perf_counter()
    matcher = semantic_matcher(framework)
    startup = time.perf_counter() - started
    print(f"Start-up, once per process: load the model and embed {len(matcher.labels)} names in {startup:.1f} s")
    folder = shared_data() / "skillspan"
    paths: dict[str, Path_] = {"dictionary": dictionary_path(framework)}
    paths.update({f"+ semantic @ {value:.2f}": semantic_path(framework, value) for value in args.thresholds})
    totals = {name: Tally() for name in paths}
    everything: list[GoldDocument] = []
    for source, filename in DEV_FILES.items():
        documents = build_documents(source, read_conll(folder / filename))
        tallies = {name: measure(documents, run) for name, run in paths.items()}
        for name, tally in tallies.items():
            _merge(totals[name], tally)
        sentences = sum(item.sentences for item in documents)
        print_table(f"{source} ({filename}): {len(documents)} documents, {sentences} sentences", tallies)
        everything.extend(documents)
    print_table("tech + house", totals)
    embedded, with_gold = chance_precision(everything)
    print(
        f"  chance: {with_gold} of the {embedded} sentences long enough to embed overlap a gold span "
        f"({ratio(with_gold, embedded).strip()}), the 'sem prec' of a sentence picked at random"
    )
    default = f"+ semantic @ {DEFAULT_THRESHOLD:.2f}"
    print_speed(
        {"dictionary": paths["dictionary"], default: semantic_path(framework, DEFAULT_THRESHOLD)},
        everything,
        args.repeat,
    )
    if default in totals:
        print_samples(totals[default], args.samples)


def _merge(total: Tally, part: Tally) -> None:
    for name in ("mentions", "on_gold", "semantic", "semantic_on_gold", "gold", "found", "found_capped", "seconds"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.samples.extend(part.samples)


if __name__ == "__main__":
    main()
