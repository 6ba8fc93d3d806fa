"""The report names the articles behind its markers, activities and timeline figures by title; no file names."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mlladder import Framework, Plan, assess, load_profile, plan
from mlladder.framework.sources import WRITTEN_HERE
from mlladder.report.provenance import activity_sources
from mlladder.report.render import report_html, report_markdown
from tests.conftest import ROOT

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


@pytest.fixture(scope="module")
def mid(ml_ladder: Framework) -> tuple[str, str, Plan]:
    profile = load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder)
    assessment = assess(profile, ml_ladder)
    made = plan(profile, ml_ladder, start=dt.date(2027, 1, 4), assessment=assessment)
    html = report_html(ml_ladder, assessment, made.gaps, made)
    return html, report_markdown(ml_ladder, assessment, made.gaps, made), made


def test_the_report_shows_no_seed_file_names(mid: tuple[str, str, Plan]) -> None:
    html, markdown, _ = mid
    assert not SEED_FILE.search(html) and not SEED_FILE.search(markdown)


def test_the_report_names_titles_and_marks_editorial_text(mid: tuple[str, str, Plan], ml_ladder: Framework) -> None:
    html, markdown, made = mid
    cited = {source for activity in made.activities for source in activity_sources(ml_ladder, made.target, activity)}
    titles = [source.title for source in ml_ladder.sources if source.id in cited and source.kind == "article"]
    assert titles and "mlladder-editorial" in cited  # the mid profile's plan draws on both
    for text in (html, markdown):
        assert all(f"“{title}”" in text for title in titles)
        assert WRITTEN_HERE in text.lower()  # the HTML starts it as a sentence: "Written for this ladder."
        assert "The figures are from “" in text  # the timeline's years, with their articles


def test_every_activity_made_from_framework_data_cites_it(mid: tuple[str, str, Plan], ml_ladder: Framework) -> None:
    _, markdown, made = mid
    for activity in made.activities:
        assert activity_sources(ml_ladder, made.target, activity), activity.title
        row = next(line for line in markdown.splitlines() if line.startswith(f"| {activity.id} | "))
        assert "(from “" in row or f"({WRITTEN_HERE})" in row
