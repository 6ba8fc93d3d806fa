"""What the API takes and returns, where the library's own models do not fit as they are.

Input models are separate from the stored records: a client sends only what it may decide (text, tags, a
status), never ids, owners or dates the server sets.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mlladder.assess.placement import Assessment
from mlladder.assess.postings import PostingCue, PostingReading
from mlladder.assess.profile import Profile
from mlladder.evidence.document import DocumentFormat
from mlladder.evidence.kinds import DocumentKind
from mlladder.framework.ladder import LevelComparison
from mlladder.framework.schema import Competency, Framework, Level, ProficiencyLevel, Skill, Track
from mlladder.store import ActivityStatus, AssessmentRecord, DocumentRecord, User

__all__ = [
    "AssessmentIn",
    "AssessmentSummary",
    "ComparisonOut",
    "DocumentOut",
    "DocumentSummary",
    "JournalEntryIn",
    "LadderOut",
    "PlanIn",
    "PostingPlacement",
    "SessionOut",
    "StatusIn",
    "TagsIn",
]


class ApiModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- session and ladder --------------------------------------------------------------------------------------------


class SessionOut(ApiModel):
    csrf_token: str = Field(description="Send it as the X-CSRF-Token header with every POST, PUT and DELETE.")
    multi_user: bool
    user: User | None = Field(description="The signed-in account; null in single-user mode.")
    person_id: int = Field(description="The person whose data is yours.")


class LadderOut(ApiModel):
    id: str
    name: str
    version: str
    description: str
    tracks: list[Track]
    levels: list[Level]
    proficiency_scale: list[ProficiencyLevel]
    competencies: list[Competency]

    @classmethod
    def of(cls, framework: Framework) -> LadderOut:
        return cls(
            id=framework.id,
            name=framework.name,
            version=framework.version,
            description=framework.description,
            tracks=framework.tracks,
            levels=framework.levels,
            proficiency_scale=framework.proficiency_scale,
            competencies=framework.competencies,
        )


class ExpectationChangeOut(ApiModel):
    competency: str
    name: str
    before: int
    after: int
    markers: list[str]


class NewCompetencyOut(ApiModel):
    competency: str
    name: str
    after: int
    description: str
    markers: list[str]
    sources: list[str]


class ComparisonOut(ApiModel):
    from_level: str
    to_level: str
    raised: list[ExpectationChangeOut]
    lowered: list[ExpectationChangeOut]
    shifted: list[ExpectationChangeOut] = Field(
        default_factory=list,
        description="Lower on another track: a shift of emphasis (e.g. enabling the work rather than doing it).",
    )
    new_competencies: list[NewCompetencyOut] = Field(default_factory=list)
    change_of_track: bool = False
    new_responsibilities: list[str]
    new_skills: list[Skill]
    realistic_years: tuple[float, float] | None
    accelerated_years: tuple[float, float] | None

    @classmethod
    def of(cls, comparison: LevelComparison) -> ComparisonOut:
        def changes(items: list[Any]) -> list[ExpectationChangeOut]:
            return [ExpectationChangeOut(**vars(item)) for item in items]

        return cls(
            from_level=comparison.from_level.id,
            to_level=comparison.to_level.id,
            raised=changes(comparison.raised),
            lowered=changes(comparison.lowered),
            shifted=changes(comparison.shifted),
            new_competencies=[NewCompetencyOut(**vars(item)) for item in comparison.new_competencies],
            change_of_track=comparison.track_change is not None,
            new_responsibilities=comparison.new_responsibilities,
            new_skills=comparison.new_skills,
            realistic_years=comparison.time.realistic,
            accelerated_years=comparison.time.accelerated,
        )


# -- assessments and plans -----------------------------------------------------------------------------------------


class AssessmentIn(ApiModel):
    profile: Profile | None = Field(
        default=None,
        description="Ratings and background; omitted: those of the latest assessment. Documents and journal "
        "entries are always added as evidence.",
    )


class AssessmentSummary(ApiModel):
    id: int
    person_id: int
    created_at: dt.datetime
    framework_id: str
    framework_version: str
    level: str
    target: str | None
    expected_level: float
    probabilities: dict[str, float]

    @classmethod
    def of(cls, record: AssessmentRecord) -> AssessmentSummary:
        columns = set(cls.model_fields) & set(AssessmentRecord.model_fields)  # the stored ones, named alike
        return cls(
            **{name: getattr(record, name) for name in columns},
            expected_level=record.assessment.expected_level,
            probabilities=record.assessment.probabilities,
        )


class PlanIn(ApiModel):
    target: str | None = Field(default=None, description="Target level id; default: the assessment's target.")
    weekly_hours: Annotated[float, Field(gt=0, le=80)] | None = None
    start: dt.date | None = Field(default=None, description="Default: today.")


class StatusIn(ApiModel):
    status: ActivityStatus
    on: dt.date | None = Field(default=None, description="When it was done; default: today.")


# -- documents -----------------------------------------------------------------------------------------------------


class PostingPlacement(ApiModel):
    level: str
    level_title: str
    probabilities: dict[str, float]
    confidence: Literal["high", "medium", "low"]
    summary: str = Field(description="The placement and what decided it, in one sentence.")
    decided_by: list[str] = Field(
        description="The cues that favour the placed level most over the others, in words, strongest first."
    )
    cues: list[PostingCue] = Field(
        description="Everything the posting says about its level: each cue's kind, its text and sentence, where "
        "it stands, the level it leans to (null: none), and its log-likelihood at each level, centred."
    )

    @classmethod
    def of(cls, placement: Assessment, reading: PostingReading) -> PostingPlacement:
        return cls(
            level=placement.level,
            level_title=placement.level_title,
            probabilities=placement.probabilities,
            confidence=placement.confidence.label,
            summary=reading.summary,
            decided_by=reading.decided_by,
            cues=reading.cues,
        )


class DocumentSummary(ApiModel):
    id: int
    person_id: int
    created_at: dt.datetime
    filename: str
    kind: DocumentKind
    format: DocumentFormat
    sha256: str
    has_original: bool

    @classmethod
    def of(cls, record: DocumentRecord) -> DocumentSummary:
        return cls.model_validate(record.model_dump(include=set(cls.model_fields)))


class DocumentOut(DocumentSummary):
    text: str
    evidence: dict[str, Any]
    posting: PostingPlacement | None = Field(description="For a job posting, the level it asks for.")


# -- journal -------------------------------------------------------------------------------------------------------


class JournalEntryIn(ApiModel):
    entry_date: dt.date | None = Field(default=None, description="Default: today.")
    text: Annotated[str, Field(min_length=1, max_length=10_000)]
    impact: Annotated[str, Field(max_length=2_000)] | None = None


class TagsIn(ApiModel):
    competencies: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=list, max_length=100, description="Competency ids, such as `mlops`."
    )
    skills: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=list,
        max_length=200,
        description=(
            "Skills, each by its id, name or an alias, in any case (`feature-store`, `Feature Store`, `K8s`); each "
            "skill is kept once, by id, in the order given. A name that is no skill is refused with 422, one "
            "problem per such item (`type` `unknown_skill`, `loc` ending with its position) whose `msg` names the "
            "closest skills and whose `closest` lists their ids; nothing is changed."
        ),
    )
