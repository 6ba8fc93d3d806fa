"""Provenance: sources by title, editorial text as written for this ladder."""

from mlladder import builtin_framework
from mlladder.guidance.sources import WRITTEN_HERE, cite, provenance_of


def test_articles_are_named_by_title_and_editorial_text_as_written_here() -> None:
    ladder = builtin_framework("ml-engineer")
    citations = cite(ladder, ["001_60c2f85fc76de547.txt", "mlladder-editorial", "001_60c2f85fc76de547.txt"])
    assert [citation.article for citation in citations] == [True, False]
    assert citations[0].title.startswith("Junior to Senior: ML Engineer Career Path")
    text = provenance_of(ladder, ["001_60c2f85fc76de547.txt", "mlladder-editorial"])
    assert text.startswith("from “Junior to Senior")
    assert text.endswith(WRITTEN_HERE)
    assert ".txt" not in text
    assert provenance_of(ladder, ["mlladder-editorial"]) == WRITTEN_HERE
    assert provenance_of(ladder, []) == ""
