"""Documents plus ratings to an assessment: the one operation the CLI's assess and the web's assessment share."""

from __future__ import annotations

from mlladder import Framework, Profile, assess, load_profile
from mlladder.assess.documents import assess_person
from mlladder.assess.policy import EVIDENCE_RATER
from mlladder.evidence.model import Evidence
from mlladder.evidence.pipeline import evidence_from_file
from tests.conftest import ROOT

RESUME = ROOT / "examples" / "documents" / "resume-senior.md"
MID = ROOT / "examples" / "profiles" / "mid.yaml"


def _resume(framework: Framework) -> Evidence:
    return evidence_from_file(RESUME, framework, "resume")[1]


def test_documents_join_the_ratings_and_the_joined_profile_is_placed(ml_ladder: Framework) -> None:
    ratings = load_profile(MID, ml_ladder)
    profile, assessment = assess_person([_resume(ml_ladder)], ml_ladder, ratings)
    assert sorted(profile.ratings) == sorted([*ratings.ratings, EVIDENCE_RATER])
    assert {rater: profile.ratings[rater] for rater in ratings.ratings} == ratings.ratings  # kept as given
    assert profile.evidence and all(item.competencies for item in profile.evidence)  # cited sentences
    assert profile.name == ratings.name  # the person's own name, not the resume's headline
    assert assessment == assess(profile, ml_ladder)


def test_documents_alone_make_the_profile(ml_ladder: Framework) -> None:
    resume = _resume(ml_ladder)
    profile, assessment = assess_person([resume], ml_ladder)
    assert list(profile.ratings) == [EVIDENCE_RATER] and profile.framework == ml_ladder.id
    assert profile.name == resume.title and profile.years_experience == resume.years.total
    assert assessment == assess(profile, ml_ladder)


def test_ratings_alone_are_assessed_as_they_are(ml_ladder: Framework) -> None:
    ratings = load_profile(MID, ml_ladder)
    profile, assessment = assess_person([], ml_ladder, ratings)
    assert profile == ratings
    assert assessment == assess(ratings, ml_ladder)


def test_years_the_person_gives_win_over_the_resumes(ml_ladder: Framework) -> None:
    resume = _resume(ml_ladder)
    stated = Profile(framework=ml_ladder.id, years_experience=2)
    profile, _ = assess_person([resume], ml_ladder, stated)
    assert resume.years.total is not None and resume.years.total > 2
    assert profile.years_experience == 2
