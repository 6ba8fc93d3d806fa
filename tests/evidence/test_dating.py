"""When the work a line describes happened: the role's date range above it, or the entry's own date."""

from __future__ import annotations

import datetime as dt

from mlladder.evidence.dating import WorkDate, date_at, work_dates

TODAY = dt.date(2026, 11, 2)


def dates_by_line(text: str) -> dict[str, WorkDate | None]:
    spans = work_dates(text, TODAY)
    found: dict[str, WorkDate | None] = {}
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            found[line] = date_at(spans, offset + len(line) // 2)
        offset += len(line) + 1
    return found


def test_a_roles_range_covers_its_lines_and_a_new_section_ends_it() -> None:
    text = (
        "Experience\n"
        "Staff Engineer · Jan 2022 – Present\n"
        "Quillfeather Labs, Utrecht\n"  # the company on a line of its own still belongs to the role
        "- Led the ranking rebuild.\n"
        "Engineer, Harbourline · 2019-2021\n"
        "- Built the pricing model.\n"
        "Education\n"
        "MSc Statistics, 2018\n"
    )
    found = dates_by_line(text)
    staff = found["- Led the ranking rebuild."]
    assert staff == WorkDate("Jan 2022 – Present", "range", dt.date(2022, 1, 1), TODAY)
    assert found["Quillfeather Labs, Utrecht"] == staff
    engineer = found["- Built the pricing model."]
    assert engineer is not None and (engineer.start, engineer.end) == (dt.date(2019, 1, 1), dt.date(2021, 12, 31))
    assert found["Experience"] is None and found["Education"] is None
    assert found["MSc Statistics, 2018"] is None  # a bare year is no range, and the role above does not reach it


def test_a_date_inside_a_sentence_dates_only_its_line() -> None:
    text = "Engineer · 2019-2021\n- Moved training to spot instances (Mar 2020).\n- Wrote the on-call guide.\n"
    found = dates_by_line(text)
    moved = found["- Moved training to spot instances (Mar 2020)."]
    assert moved is not None and moved.kind == "month"
    assert (moved.start, moved.end) == (dt.date(2020, 3, 1), dt.date(2020, 3, 31))
    guide = found["- Wrote the on-call guide."]
    assert guide is not None and guide.text == "2019-2021"


def test_brag_entries_by_day_month_and_quarter() -> None:
    text = (
        "Q3 2025\n"
        "- 2025-07-09 Shipped the churn model.\n"
        "- 14 August 2025: presented at the tech talk.\n"
        "- Sept 3, 2025 Mentored a new hire.\n"
        "- Tidied the feature store.\n"
        "October 2025\n"
        "- Led the incident review.\n"
    )
    found = dates_by_line(text)
    assert found["- 2025-07-09 Shipped the churn model."] == WorkDate(
        "2025-07-09", "day", dt.date(2025, 7, 9), dt.date(2025, 7, 9)
    )
    talk = found["- 14 August 2025: presented at the tech talk."]
    assert talk is not None and talk.start == dt.date(2025, 8, 14)
    mentored = found["- Sept 3, 2025 Mentored a new hire."]
    assert mentored is not None and mentored.start == dt.date(2025, 9, 3)
    tidied = found["- Tidied the feature store."]  # an entry without a day of its own: the one above it
    assert tidied is not None and tidied.start == dt.date(2025, 9, 3)
    led = found["- Led the incident review."]
    assert led is not None and (led.kind, led.start, led.end) == ("month", dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    quarter = found["Q3 2025"]
    assert quarter is not None and (quarter.start, quarter.end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))


def test_no_dates_and_impossible_days_give_none() -> None:
    found = dates_by_line("Summary\nBuilt models for 2000 stores.\n- 2025-02-30 Nothing real.\n")
    assert set(found.values()) == {None}
    assert date_at(work_dates("", TODAY), 0) is None
