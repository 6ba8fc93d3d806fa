"""Typed models of a framework file: the career ladder as data.

Every model forbids unknown keys, so a typo in a framework file is an error rather than a silently ignored
field. Structural rules live here; rules that look across the whole document (references, ordering, sums)
live in :mod:`mlladder.framework.validate`, which reports every problem at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, Strict, StringConstraints

__all__ = [
    "PROFICIENCY_MAX",
    "PROFICIENCY_MIN",
    "SCHEMA_VERSION",
    "Accelerator",
    "CareerStageAdvice",
    "Challenge",
    "Competency",
    "CompetencyArea",
    "Consideration",
    "Duration",
    "Expectation",
    "Framework",
    "Identifier",
    "InterviewQuestion",
    "Level",
    "Model",
    "MoveIn",
    "PortfolioProject",
    "Proficiency",
    "ProficiencyLevel",
    "SalaryBand",
    "SituationId",
    "Skill",
    "SkillCategory",
    "Source",
    "SourcedText",
    "Specialisation",
    "SwitchSignal",
    "Text",
    "TimeAllocation",
    "Track",
    "TrackChoice",
    "Transition",
    "YearRange",
]

SCHEMA_VERSION = 1
PROFICIENCY_MIN = 0
PROFICIENCY_MAX = 4

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+#-]*$", min_length=1, max_length=80),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Proficiency = Annotated[int, Field(ge=PROFICIENCY_MIN, le=PROFICIENCY_MAX)]


def _compact_number(value: float) -> int | float:
    """Write 100000.0 as 100000 so exported files read like the ones people write."""
    return int(value) if float(value).is_integer() else value


Years = Annotated[float, Field(ge=0, le=60), PlainSerializer(_compact_number)]
Amount = Annotated[float, Field(ge=0), PlainSerializer(_compact_number)]
Percent = Annotated[float, Field(ge=0, le=100), PlainSerializer(_compact_number)]
# Facts name their sources; the built-in ladder cites one on every fact, a user's own file may leave them out.
SourceRefs = Annotated[list[Identifier], Field(default_factory=list)]


class Model(BaseModel):
    """Base of every framework model: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(Model):
    """A document that facts in the framework come from."""

    id: Identifier
    title: Text
    file: str | None = None
    url: str | None = None
    note: str | None = None
    kind: Literal["article", "editorial"] = Field(
        default="article",
        description="'editorial' for text written to complete the framework rather than taken from a document.",
    )


class Track(Model):
    """A ladder of levels, e.g. the individual-contributor or the management track."""

    id: Identifier
    name: Text
    description: Text
    kind: Literal["individual_contributor", "management", "hybrid"] = "individual_contributor"
    branches_from: Identifier | None = Field(
        default=None, description="Level from which people usually move onto this track."
    )
    sources: list[Identifier] = Field(default_factory=list)


class YearRange(Model):
    """Typical years of experience for a level, as one source states them (``max`` absent = open-ended)."""

    min: Years
    max: Years | None = None
    sources: SourceRefs
    note: str | None = None


class SourcedText(Model):
    """A statement in our own words, with the sources its facts come from."""

    text: Text
    sources: SourceRefs


class TimeAllocation(Model):
    """How a source says time is spent at a level: activity -> percent of time (sums to 100)."""

    activities: Annotated[dict[Text, Percent], Field(min_length=1)]
    sources: SourceRefs


class Level(Model):
    """One rung of a track. The order of levels within a track is the order they appear in the file."""

    id: Identifier
    track: Identifier
    title: Text
    alternative_titles: list[Text] = Field(default_factory=list)
    years: list[YearRange] = Field(default_factory=list)
    summary: Text
    responsibilities: list[SourcedText] = Field(default_factory=list)
    time_allocation: list[TimeAllocation] = Field(default_factory=list)
    sources: list[Identifier] = Field(default_factory=list)


class CompetencyArea(Model):
    """A group of related competencies."""

    id: Identifier
    name: Text
    description: Text


class ProficiencyLevel(Model):
    """A step of the shared 0-4 proficiency scale."""

    value: Proficiency
    name: Text
    description: Text


class Expectation(Model):
    """What a level expects of one competency: a proficiency and concrete evidence that shows it."""

    proficiency: Proficiency
    markers: Annotated[list[Text], Field(min_length=1)]
    sources: list[Identifier] = Field(default_factory=list)


class Competency(Model):
    """A competency, its behavioural scale and the expectation at every level."""

    id: Identifier
    name: Text
    area: Identifier
    description: Text
    # Keys may arrive as strings from JSON, where every object key is a string.
    scale: dict[Annotated[int, Strict(False), Field(ge=PROFICIENCY_MIN, le=PROFICIENCY_MAX)], Text] = Field(
        description="Behavioural description of every proficiency step 0-4."
    )
    expectations: dict[Identifier, Expectation] = Field(description="Level id -> expectation.")
    core: bool = Field(
        default=False,
        description="Core to the role: a career changer is placed no higher than the core competencies support.",
    )
    tracks: list[Identifier] = Field(
        default_factory=list,
        description=(
            "Tracks this competency belongs to; empty (the default): every track. A competency limited to tracks "
            "other than the main one needs expectations only at their levels and does not count towards placement."
        ),
    )
    sources: SourceRefs


class Specialisation(Model):
    """An area an engineer specialises in (recommender systems, NLP, vision, search, ...) and the skills that belong
    to it. Skills listed under any specialisation are domain skills: plans suggest them only to people who chose
    one of their specialisations."""

    id: Identifier
    name: Text
    description: Text
    skills: Annotated[list[Identifier], Field(min_length=1)]
    sources: list[Identifier] = Field(default_factory=list)


class SkillCategory(Model):
    """A category of the skills taxonomy (language, library, cloud service, practice, ...)."""

    id: Identifier
    name: Text
    description: str | None = None


class Skill(Model):
    """A skill of the taxonomy, with the names people write it under."""

    id: Identifier
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Identifier
    competencies: Annotated[list[Identifier], Field(min_length=1)]
    typical_level: Identifier
    prerequisites: list[Identifier] = Field(default_factory=list)
    sources: list[Identifier] = Field(default_factory=list)


class SalaryBand(Model):
    """A pay range for a level as one source gives it; bands from different sources are kept apart."""

    level: Identifier
    min: Amount
    max: Amount
    open_ended: bool = Field(default=False, description="The source writes the maximum as 'N+'.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    period: Literal["year"] = "year"
    region: str | None = None
    source_title: str | None = Field(default=None, description="The role title the source uses.")
    note: str | None = None
    source: Identifier


class Duration(Model):
    """A span of years with its sources."""

    min_years: Years
    max_years: Years
    sources: SourceRefs
    note: str | None = None


class Transition(Model):
    """A step between two levels: how long it realistically takes, how fast top performers make it."""

    from_level: Identifier
    to_level: Identifier
    realistic: Duration | None = None
    accelerated: Duration | None = None
    time_in_level: Duration | None = Field(
        default=None, description="Typical time spent in from_level before the step."
    )
    focus: list[SourcedText] = Field(default_factory=list)
    skills_to_add: list[Identifier] = Field(default_factory=list)


class MoveIn(Model):
    """A way into the role from another field (data science, backend engineering, research, ...): how long the
    move usually takes and what to focus on. ``id`` is what a profile's goal names in ``from``."""

    id: Identifier
    name: Text
    duration: Duration | None = None
    advice: list[SourcedText] = Field(default_factory=list)
    sources: SourceRefs


class PortfolioProject(Model):
    """A project that demonstrates work at a level."""

    id: Identifier
    level: Identifier
    title: Text
    description: Text
    competencies: list[Identifier] = Field(default_factory=list)
    skills: list[Identifier] = Field(default_factory=list)
    effort_hours: Annotated[int, Field(gt=0)]
    sources: SourceRefs


class InterviewQuestion(Model):
    """An interview question for a level and what a strong answer covers."""

    id: Identifier
    level: Identifier
    kind: Literal["conceptual", "coding", "system_design", "behavioural", "strategy", "debugging"]
    question: Text
    strong_answer: Annotated[list[Text], Field(min_length=1)]
    competencies: list[Identifier] = Field(default_factory=list)
    sources: SourceRefs


# The situations the diagnosis rules recognise (docs/diagnosis.md); guidance names the ones it is advice for.
SituationId = Literal["stuck", "code-to-design", "no-sponsor"]
# What a switch-or-stay consideration depends on, so the diagnosis can say whether it holds for a person.
SwitchSignal = Literal["promotion-blocked", "clear-path", "sponsors"]


class Challenge(Model):
    """A common way careers stall, how to recognise it and what to do."""

    id: Identifier
    title: Text
    level: Identifier | None = None
    symptoms: Annotated[list[Text], Field(min_length=1)]
    remedies: Annotated[list[Text], Field(min_length=1)]
    situations: list[SituationId] = Field(
        default_factory=list, description="Diagnosis situations whose advice includes these remedies."
    )
    competencies: list[Identifier] = Field(
        default_factory=list, description="Competencies whose shortfall is typical of this challenge."
    )
    sources: SourceRefs


class TrackChoice(Model):
    """Guidance on choosing between the individual-contributor and the management track."""

    decision_point: Identifier | None = Field(default=None, description="Level where the choice arises.")
    summary: Text
    paths: dict[Identifier, SourcedText] = Field(default_factory=dict, description="Track id -> path.")
    considerations: list[SourcedText] = Field(default_factory=list)
    sources: SourceRefs


class CareerStageAdvice(Model):
    """Advice on moving between companies for one stage of a career."""

    stage: Text
    years: YearRange | None = None
    advice: Annotated[list[Text], Field(min_length=1)]
    sources: SourceRefs


class Consideration(SourcedText):
    """A reason to change company or to stay, optionally tied to a fact the diagnosis can check."""

    signal: SwitchSignal | None = Field(
        default=None, description="The fact about a person that decides whether this holds (docs/diagnosis.md)."
    )


class Switching(Model):
    """When to change company and when to stay."""

    when_to_switch: list[Consideration] = Field(default_factory=list)
    when_to_stay: list[Consideration] = Field(default_factory=list)
    strategy: list[SourcedText] = Field(default_factory=list)
    by_stage: list[CareerStageAdvice] = Field(default_factory=list)


class Accelerator(Model):
    """Something that speeds up (``accelerator``) or slows down (``slower``) progression."""

    id: Identifier
    kind: Literal["accelerator", "slower", "strategy"]
    text: Text
    detail: list[Text] = Field(default_factory=list)
    situations: list[SituationId] = Field(
        default_factory=list, description="Diagnosis situations whose advice includes this."
    )
    competencies: list[Identifier] = Field(
        default_factory=list, description="Competencies it helps raise (or, for 'slower', that it holds back)."
    )
    sources: SourceRefs


class Framework(Model):
    """A complete career framework: levels on tracks, competencies, skills, pay, timelines and guidance."""

    schema_version: Literal[1]
    id: Identifier
    name: Text
    version: Text
    description: Text
    role: Text = "engineer"
    sources: list[Source] = Field(default_factory=list)
    tracks: Annotated[list[Track], Field(min_length=1)]
    levels: Annotated[list[Level], Field(min_length=1)]
    proficiency_scale: Annotated[list[ProficiencyLevel], Field(min_length=1)]
    competency_areas: list[CompetencyArea] = Field(default_factory=list)
    competencies: Annotated[list[Competency], Field(min_length=1)]
    skill_categories: list[SkillCategory] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    specialisations: list[Specialisation] = Field(default_factory=list)
    salary_bands: list[SalaryBand] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    portfolio_projects: list[PortfolioProject] = Field(default_factory=list)
    interview_questions: list[InterviewQuestion] = Field(default_factory=list)
    challenges: list[Challenge] = Field(default_factory=list)
    track_choice: TrackChoice | None = None
    switching: Switching | None = None
    accelerators: list[Accelerator] = Field(default_factory=list)
    moves_in: list[MoveIn] = Field(default_factory=list, description="Ways into the role from other fields.")
    negotiation: list[SourcedText] = Field(
        default_factory=list, description="Advice on negotiating pay and offers, each with its sources."
    )
