"""Every ladder view names its sources by title and marks editorial text; none shows a source's file name."""

from __future__ import annotations

import re

import pytest

from mlladder import Framework
from mlladder.framework.sources import WRITTEN_HERE
from tests.conftest import ROOT, RunCli

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
MID = str(ROOT / "examples" / "profiles" / "mid.yaml")


def _titles(framework: Framework) -> list[str]:
    return [source.title for source in framework.sources if source.kind == "article"]


@pytest.mark.parametrize(
    "args",
    [
        ("ladder",),
        ("ladder", "level", "L3"),
        ("ladder", "level", "M2"),
        ("ladder", "compare", "L2", "L3"),
        ("ladder", "skills", "--level", "L3"),
        ("ladder", "specialisations"),
        ("ladder", "export", "--format", "md"),
        ("ladder", "export", "--format", "html"),
        ("gap", "--profile", MID),
        ("plan", "--profile", MID, "--start", "2027-01-04"),
    ],
)
def test_views_show_no_seed_file_names(run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.code == 0, result.err
    assert not SEED_FILE.search(result.out)


def test_the_level_card_has_a_key_of_titles_and_marks_editorial_text(run_cli: RunCli, ml_ladder: Framework) -> None:
    out = run_cli("ladder", "level", "L3").out
    for number, title in enumerate(_titles(ml_ladder), start=1):
        assert f"[{number}] “{title}”" in out
    assert "5-8 [2, 5]; 4-7 [3]" in out  # the level's facts keep their evidence: years with their sources
    assert "$180K-$280K [2]" in out  # and each pay band with its own
    assert f"[{WRITTEN_HERE}]" in out  # an interview question no article gives


def test_the_overview_names_the_same_articles_by_the_same_numbers(run_cli: RunCli) -> None:
    overview, card = run_cli("ladder").out, run_cli("ladder", "level", "L3").out
    keys = [line.strip() for line in overview.splitlines() if line.strip().startswith("[2] “")]
    assert keys and keys[0] in card


def test_exports_end_with_the_titles(run_cli: RunCli, ml_ladder: Framework) -> None:
    for fmt in ("md", "html"):
        out = run_cli("ladder", "export", "--format", fmt).out
        assert all(f"“{title}”" in out for title in _titles(ml_ladder))
        assert f"{WRITTEN_HERE}:" in out and f"[{WRITTEN_HERE}]" in out


def test_json_views_name_the_title_beside_every_source_id(run_cli: RunCli, ml_ladder: Framework) -> None:
    titles = {source.id: source.title for source in ml_ladder.sources}
    card = run_cli("ladder", "level", "L3", "--format", "json").json()
    band = card["salary_bands"][0]
    assert band["citation"] == {"id": band["source"], "title": titles[band["source"]], "article": True}
    for span in card["level"]["years"]:
        assert [item["id"] for item in span["citations"]] == span["sources"]
    assert card["time_to_next"]["sources"] and card["time_to_next"]["citations"]
    editorial = [c for item in card["interview_questions"] for c in item["citations"] if not c["article"]]
    assert editorial and editorial[0]["id"] == "mlladder-editorial"
    compare = run_cli("ladder", "compare", "L2", "L3", "--format", "json").json()
    assert all(change["citation"]["title"] == titles[change["source"]] for change in compare["salary_change"])
    assert compare["typical_time"]["citations"]
    skills = run_cli("ladder", "skills", "--level", "L3", "--format", "json").json()
    assert all(len(skill["citations"]) == len(set(skill["sources"])) for skill in skills)


def test_the_plan_marks_its_activities_and_ends_with_the_titles(run_cli: RunCli, ml_ladder: Framework) -> None:
    out = run_cli("plan", "--profile", MID, "--start", "2027-01-04").out
    assert f"[{WRITTEN_HERE}]" in out  # a skill only this ladder names
    assert "The ladder's timelines for this step:" in out
    assert "Sources:" in out and f"[2] “{_titles(ml_ladder)[1]}”" in out
