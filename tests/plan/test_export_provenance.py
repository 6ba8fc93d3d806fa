"""The plan export names the articles behind its activities and timeline figures by title, never by file name."""

from __future__ import annotations

import datetime as dt
import re

from mlladder import Framework, load_profile, plan
from mlladder.framework.sources import WRITTEN_HERE
from mlladder.report.plan_export import plan_ics, plan_markdown
from tests.conftest import ROOT
from tests.plan.test_export import section, table_rows

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
STAMP = dt.datetime(2027, 1, 4, 9, 30, tzinfo=dt.UTC)


def test_activities_and_timeline_name_their_articles(ml_ladder: Framework) -> None:
    made = plan(load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder), ml_ladder, start=STAMP.date())
    markdown = plan_markdown(made, ml_ladder)
    assert not SEED_FILE.search(markdown)
    cited = [row[-1] for row in table_rows(section(markdown, "Activities"))]
    assert len(cited) == len(made.activities)
    assert all(text.startswith("from “") or text == WRITTEN_HERE for text in cited)
    assert WRITTEN_HERE in cited and any(text.startswith("from “") for text in cited)
    assert "The figures are from “" in section(markdown, "Projected readiness")
    calendar = plan_ics(made, ml_ladder, stamp=STAMP).decode()
    assert not SEED_FILE.search(calendar.replace("\r\n ", ""))  # unfolded: a name may span folded lines
