"""Provenance: sources by title, editorial text as written for this ladder."""

from mlladder import builtin_framework
from mlladder.framework.sources import WRITTEN_HERE, SourceKey, cite, provenance_of, with_citations


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


def test_a_source_key_numbers_articles_in_framework_order_and_lists_the_titles_it_used() -> None:
    ladder = builtin_framework("ml-engineer")
    key = SourceKey(ladder)
    assert key.mark(["004_dd3532ce783bed2c.txt", "001_60c2f85fc76de547.txt"]) == "[2, 5]"
    assert key.mark(["001_60c2f85fc76de547.txt", "mlladder-editorial"]) == f"[2; {WRITTEN_HERE}]"
    assert key.mark(["mlladder-editorial"]) == f"[{WRITTEN_HERE}]"
    assert key.mark([]) == ""
    assert key.lines() == [
        "[2] “Junior to Senior: ML Engineer Career Path (career guide, March 2026)”",
        "[5] “Machine Learning Engineer Career Path (career ladder page)”",
    ]
    assert len(key.lines(every=True)) == 5


def test_json_data_gains_titles_beside_source_ids_and_keeps_its_keys() -> None:
    ladder = builtin_framework("ml-engineer")
    data = {"sources": ["mlladder-editorial"], "band": {"source": "001_60c2f85fc76de547.txt"}, "n": [1]}
    cited = with_citations(ladder, data)
    assert cited["sources"] == ["mlladder-editorial"] and cited["n"] == [1]
    assert cited["citations"] == [c.data() for c in cite(ladder, ["mlladder-editorial"])]
    assert cited["band"]["citation"]["title"].startswith("Junior to Senior")
    assert data == {"sources": ["mlladder-editorial"], "band": {"source": "001_60c2f85fc76de547.txt"}, "n": [1]}
