"""Evaluation: tools and years of experience found in real CVs, against the dotin resume annotations.

The dotin set (CC0) is 310 English CVs as XML with inline ``<label type="...">`` spans. Each CV is read from the
zip in memory (never extracted), its tags are dropped and each label becomes a span of the plain text.

Figures:
- Tech Tools recall: the share of "Tech Tools" spans that one of our skill mentions (``skill_matcher(framework)
  .find`` on the whole CV) overlaps; scoped to spans whose text (whitespace collapsed, lower-cased) is exactly a
  taxonomy name or alias, and unscoped over every span. For context, the share of our mentions that falls inside
  any labelled span of a skill type (the labels are not exhaustive, so this is a floor of precision, not precision).
- Years of experience: "Years of Experience" spans mostly hold date ranges; those that state a number ("6 years",
  "8+ Yrs of exp", "Four years of experience") give the CV's labelled value (the largest when there are several,
  since a CV's total is at least any stint it mentions). Our value is ``evidence.years.total`` from
  ``evidence_from_text(..., kind="resume")``. A value is right when it equals the labelled number (exact) or lies
  within one year of it (+-1). Coverage: how many CVs have a labelled value, and how many of those get one from us.
  Also shown: mlladder with its "today" set to the middle of the CV's latest year (so "to Present" ends about when
  the CV was written), and the agreement split by where mlladder's value came from (a stated total, date ranges).

Baseline measured in the same run: the first number followed by "year"/"yr" anywhere in the CV.

Run: .venv/bin/python benchmarks/eval_dotin.py [--examples 12] [--zip PATH]
(--zip: another zip of the set, such as its test split; default: the train split in the shared data)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import mlladder
from eval_skillspan import overlaps, ratio, shared_data, taxonomy_names
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.evidence.skills import skill_matcher
from mlladder.framework.schema import Framework

ZIP_NAME = "545_cvs_train_v2.zip"
TOOLS = "Tech Tools"
YEARS = "Years of Experience"
SKILL_TYPES = {TOOLS, "Job Specific Skills", "Soft Skills"}
_TAG = re.compile(r'<label type="(?P<type>[^"]+)">|</label>|<\?xml[^>]*\?>|</?cv>')
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
_NUMBER_WORDS = {word: value for value, word in enumerate(_WORDS.split())}
_COUNT = r"(?P<number>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
STATED = re.compile(rf"\b{_COUNT}\s*\+?\s*(?:years?|yrs?)\b", re.I)  # "6 years", "3+years", "8+ Yrs", "Four years"
FIRST_YEARS = re.compile(r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)\b", re.I)  # the baseline: digits only


@dataclass(frozen=True)
class Label:
    type: str
    start: int
    end: int
    text: str


@dataclass
class Cv:
    name: str
    text: str
    labels: list[Label] = field(default_factory=list)

    def of_type(self, kind: str) -> list[Label]:
        return [label for label in self.labels if label.type == kind]


def parse_cv(name: str, xml: str) -> Cv:
    """Plain text of a CV with its labels as offsets into it (labels are never nested in this set)."""
    parts: list[str] = []
    position = cursor = 0
    opened: tuple[str, int] | None = None
    spans: list[tuple[str, int, int]] = []
    for tag in _TAG.finditer(xml):
        chunk = html.unescape(xml[cursor : tag.start()])
        parts.append(chunk)
        position += len(chunk)
        cursor = tag.end()
        if tag.group("type"):
            opened = (tag.group("type"), position)
        elif tag.group(0) == "</label>" and opened is not None:
            spans.append((opened[0], opened[1], position))
            opened = None
    parts.append(html.unescape(xml[cursor:]))
    text = "".join(parts)
    return Cv(name, text, [Label(kind, start, end, text[start:end]) for kind, start, end in spans])


def read_cvs(path: Path) -> Iterator[Cv]:
    with zipfile.ZipFile(path) as archive:
        for member in cv_members(archive.namelist()):
            yield parse_cv(member.rsplit("/", 1)[-1], archive.read(member).decode("utf-8"))


def cv_members(names: Iterable[str]) -> list[str]:
    """The CVs of a zip, in name order: its XML files, less the metadata a zip made on a Mac carries (binary
    ``._`` files, in a ``__MACOSX/`` folder or beside each file), which is not UTF-8 and no CV."""
    return sorted(name for name in names if name.endswith(".xml") and not _mac_metadata(name))


def _mac_metadata(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith("._")


def normalised(text: str) -> str:
    return " ".join(text.split()).lower()


# -- Tech Tools --------------------------------------------------------------------------------------------------


@dataclass
class ToolScore:
    spans: int = 0
    found: int = 0
    scoped: int = 0
    scoped_found: int = 0
    mentions: int = 0
    mentions_in_labels: int = 0
    missed: Counter[str] = field(default_factory=Counter)
    outside: Counter[str] = field(default_factory=Counter)  # unscoped spans we miss: taxonomy gaps


def score_tools(cvs: list[Cv], framework: Framework) -> ToolScore:
    names = taxonomy_names(framework)
    matcher = skill_matcher(framework)
    result = ToolScore()
    for cv in cvs:
        mentions = [(raw.start, raw.end) for raw in matcher.find(cv.text)]
        skill_labels = [label for label in cv.labels if label.type in SKILL_TYPES]
        result.mentions += len(mentions)
        result.mentions_in_labels += sum(
            any(overlaps(start, end, label.start, label.end) for label in skill_labels) for start, end in mentions
        )
        for label in cv.of_type(TOOLS):
            hit = any(overlaps(start, end, label.start, label.end) for start, end in mentions)
            text = normalised(label.text)
            result.spans += 1
            result.found += hit
            if text in names:
                result.scoped += 1
                result.scoped_found += hit
                if not hit:
                    result.missed[text] += 1
            elif not hit:
                result.outside[text] += 1
    return result


def print_tools(result: ToolScore, top: int) -> None:
    print("\nTech Tools spans (mlladder skill_matcher on each whole CV)")
    scoped, every = ratio(result.scoped_found, result.scoped), ratio(result.found, result.spans)
    print(f"  scoped (text is a taxonomy name or alias)  {result.scoped:>5} spans  recall {scoped}")
    print(f"  all Tech Tools spans                       {result.spans:>5} spans  recall {every}")
    inside = ratio(result.mentions_in_labels, result.mentions).strip()
    print(
        f"  our mentions inside any Tech Tools / Job Specific / Soft Skills span: {result.mentions_in_labels} of"
        f" {result.mentions} ({inside}; the labels are not exhaustive, so this is a floor of precision)"
    )
    print("  missed in scope: " + ", ".join(f"{text!r} x{n}" for text, n in result.missed.most_common(top)))
    print(
        "  missed, not in the taxonomy: " + ", ".join(f"{text!r} x{n}" for text, n in result.outside.most_common(top))
    )


# -- years of experience -----------------------------------------------------------------------------------------


def number(text: str) -> float:
    word = text.lower()
    return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(word)


def labelled_years(cv: Cv) -> float | None:
    """The largest number of years stated in the CV's "Years of Experience" spans (None if none states one)."""
    values = [number(match.group("number")) for label in cv.of_type(YEARS) for match in STATED.finditer(label.text)]
    return max(values) if values else None


def first_years(text: str) -> float | None:
    """Baseline: the first number followed by 'year' or 'yr' in the text."""
    match = FIRST_YEARS.search(text)
    return float(match.group(1)) if match else None


def as_of(cv: Cv, today: dt.date) -> dt.date:
    """The CV's own 'today': the middle of the latest year it mentions (so 'to Present' ends when it was written)."""
    years = [int(year) for year in re.findall(r"\b(?:19|20)\d{2}\b", cv.text) if int(year) <= today.year]
    return dt.date(max(years), 7, 1) if years else today


@dataclass(frozen=True)
class YearsRow:
    cv: str
    labelled: float | None
    ours: float | None
    basis: str
    cited: str
    ours_as_of: float | None
    baseline: float | None


def years_rows(cvs: list[Cv], framework: Framework, today: dt.date) -> list[YearsRow]:
    rows = []
    for cv in cvs:
        document, evidence = evidence_from_text(cv.name, cv.text, framework, "resume", today)
        dated = evidence_from_text(cv.name, cv.text, framework, "resume", as_of(cv, today))[1]
        cited = "; ".join(document.text[c.start : c.end] for c in evidence.years.citations[:4])
        rows.append(
            YearsRow(
                cv.name,
                labelled_years(cv),
                evidence.years.total,
                evidence.years.basis,
                " ".join(cited.split())[:80],
                dated.years.total,
                first_years(cv.text),
            )
        )
    return rows


def agreement(pairs: list[tuple[float, float | None]]) -> str:
    """Produced, exact and within one year, over the labelled CVs (a missing value counts as wrong)."""
    produced = [(gold, value) for gold, value in pairs if value is not None]
    exact = sum(abs(gold - value) < 0.05 for gold, value in produced)
    near = sum(abs(gold - value) <= 1.0 for gold, value in produced)
    total = len(pairs)
    return (
        f"{len(produced):>4}/{total:<4} {ratio(exact, total)} {ratio(near, total)}   "
        f"{ratio(exact, len(produced))} {ratio(near, len(produced))}"
    )


def print_years(rows: list[YearsRow], examples: int) -> None:
    labelled = [row for row in rows if row.labelled is not None]
    print(f"\nYears of experience: {len(labelled)} of {len(rows)} CVs state a number in a 'Years of Experience' span")
    print("  rule: right when equal to the labelled number (exact) or within one year (+-1); labelled = the largest")
    print(f"  {'method':<44} {'produced':>9} {'exact':>7} {'+-1':>7}   {'of produced: exact':>7} {'+-1':>7}")
    methods = {
        "mlladder evidence.years.total (today)": [(row.labelled, row.ours) for row in labelled],
        "mlladder, 'today' = the CV's latest year": [(row.labelled, row.ours_as_of) for row in labelled],
        "baseline: first number + 'year'": [(row.labelled, row.baseline) for row in labelled],
    }
    for name, pairs in methods.items():
        print(f"  {name:<44} {agreement([(gold, value) for gold, value in pairs if gold is not None])}")
    for basis in ("stated", "date_ranges", "none"):
        group = [(row.labelled, row.ours) for row in labelled if row.basis == basis and row.labelled is not None]
        print(f"  {'  mlladder, basis ' + basis:<44} {agreement(group)}")
    everywhere = Counter(row.basis for row in rows)
    print(
        f"  on all {len(rows)} CVs mlladder gives a value for {sum(row.ours is not None for row in rows)} "
        f"({dict(everywhere)}); the baseline for {sum(row.baseline is not None for row in rows)}"
    )
    wrong = [row for row in labelled if row.ours is None or abs((row.labelled or 0) - row.ours) > 1.0]
    print(f"\n  {min(examples, len(wrong))} of {len(wrong)} CVs where mlladder is off by more than a year or silent:")
    for row in wrong[:examples]:
        print(f"    {row.cv:<8} labelled {row.labelled:>4} ours {row.ours!s:>5} ({row.basis:<11}) {row.cited!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=12, help="how many misses and wrong values to list")
    parser.add_argument("--zip", type=Path, help="a zip of the set (default: the train split in the shared data)")
    args = parser.parse_args()
    path: Path = args.zip or shared_data() / "dotin-resumes" / ZIP_NAME
    framework = mlladder.builtin_framework()
    cvs = list(read_cvs(path))
    print(f"dotin resumes: {len(cvs)} CVs, {sum(len(cv.labels) for cv in cvs)} labels, read from {path.name}")
    print_tools(score_tools(cvs, framework), args.examples)
    print_years(years_rows(cvs, framework, dt.date.today()), args.examples)


if __name__ == "__main__":
    main()
