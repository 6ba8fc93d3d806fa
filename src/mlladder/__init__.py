"""mlladder: the machine-learning engineer's career ladder as software.

The public API is what ``__all__`` lists: every stage of the pipeline (the framework; evidence read from
documents; assessment of a profile, a posting or a match; gaps; the plan; the report), the guidance beside it
(pay, diagnosis, interviews, moves, tracks, all of it for one person), the teams a manager leads (matrix,
readiness, what-if, mentor pairing) and the store under it, with the errors
they raise. Import it from here (``from mlladder import assess, Store``); the ``*_data`` functions give the
stable JSON of ``--format json`` (docs/json-output.md).

Everything else is private and may change. Inside the package one rule says what a module offers the other
modules: its own ``__all__``. A name a module does not list there, and any name starting with ``_``, is used in
that module only. The CLI and the web app are shells over the names listed here and in those lists.
tests/test_public_api.py checks both rules, and names the modules that do not list theirs yet (those of
``mlladder.store`` and ``mlladder.evidence``, and a few beside them).

``import mlladder`` is cheap: only the errors load at once, and every other name loads its module the first
time it is used (PEP 562), so numpy, Jinja2, rich, SQLAlchemy and FastAPI stay unloaded until something needs
them.
"""

from __future__ import annotations

import importlib
import typing

from mlladder.errors import (
    CannotWrite,
    DocumentError,
    FrameworkError,
    InputError,
    InvalidFile,
    MlladderError,
    Problem,
    ProfileError,
    UnknownCompetency,
    UnknownFramework,
    UnknownLevel,
)

if typing.TYPE_CHECKING:
    from mlladder.assess.batch import BatchProblem, assess_jsonl, place_batch
    from mlladder.assess.documents import assess_evidence, place_posting, posting_placement, profile_from_evidence
    from mlladder.assess.gaps import Gap, GapReport, default_target, gaps
    from mlladder.assess.match import Match, Ranked, match, rank_postings
    from mlladder.assess.model import ModelSettings
    from mlladder.assess.placement import Assessment, CompetencyResult, Confidence, assess
    from mlladder.assess.postings import PostingCue, PostingReading
    from mlladder.assess.profile import EvidenceItem, Goal, Profile, PromotionReview, load_profile, save_profile
    from mlladder.evidence.document import Document, DocumentFormat
    from mlladder.evidence.kinds import DocumentKind, KindChoice, describes_person
    from mlladder.evidence.model import Evidence
    from mlladder.evidence.pipeline import (
        by_competency,
        check_posting,
        evidence_from_document,
        evidence_from_file,
        evidence_from_text,
    )
    from mlladder.evidence.readers import read_document
    from mlladder.framework.ladder import (
        CombinedSalary,
        LevelComparison,
        combined_salaries,
        compare_levels,
        estimate_time,
        filter_skills,
        get_competency,
        get_level,
        ic_levels,
        skills_in_prerequisite_order,
        track_levels,
    )
    from mlladder.framework.load import (
        builtin_framework,
        builtin_framework_ids,
        load_framework,
        validate_framework_file,
    )
    from mlladder.framework.render import ExportFormat, export_framework
    from mlladder.framework.schema import (
        SCHEMA_VERSION,
        Competency,
        Expectation,
        Framework,
        InterviewQuestion,
        Level,
        PortfolioProject,
        SalaryBand,
        Skill,
        Track,
        Transition,
    )
    from mlladder.framework.skills import SkillSearch, SkillUse, UnknownSkill, get_skill, search_skills, skill_use
    from mlladder.framework.views import (
        comparison_data,
        framework_data,
        level_data,
        problems_data,
        skills_data,
        specialisations_data,
    )
    from mlladder.guidance.diagnosis import Diagnosis, diagnose
    from mlladder.guidance.interview import InterviewPrep, interview_prep, interview_prep_data
    from mlladder.guidance.level_facts import LevelFacts, ladder_facts, level_facts
    from mlladder.guidance.moves import HiringGuidance, MoveGuidance, get_hired, hiring_data, move_data, move_into_ml
    from mlladder.guidance.pay import InvalidOffer, OfferCheck, PayComparison, check_offer, compare_pay
    from mlladder.guidance.person import PersonGuidance, person_guidance, person_guidance_data
    from mlladder.guidance.person_pay import PersonPay, pay_for_person, person_pay_data
    from mlladder.guidance.practice import PracticeHistory, choose_questions, practice_history, practice_history_data
    from mlladder.guidance.tracks import TrackView, track_view, track_view_data
    from mlladder.guidance.views import diagnosis_data, offer_data, pay_data
    from mlladder.market.analysis import MarketOptions
    from mlladder.market.pay import MarketPay, UnknownCurrency, UnknownRegion, UnknownYears, market_pay
    from mlladder.market.report import MarketReport, market_frames, market_report, market_report_data
    from mlladder.plan.planner import Activity, Milestone, Plan, plan
    from mlladder.promotion.formats import packet_html, packet_markdown, packet_pdf
    from mlladder.promotion.packet import Packet, packet
    from mlladder.report.plan_export import plan_ics, plan_markdown
    from mlladder.report.render import report_html, report_markdown
    from mlladder.store import (
        ActivityState,
        ActivityStatus,
        AssessmentRecord,
        CannotOpenDatabase,
        CompetencyDelta,
        DiskFull,
        DocumentRecord,
        History,
        HistoryPoint,
        HistoryStep,
        InvalidExport,
        JournalEntry,
        NewPracticeAnswer,
        Person,
        PlanRecord,
        PlanSummary,
        PracticeAnswer,
        RecordNotFound,
        Role,
        SchemaTooNew,
        Store,
        User,
        UsernameTaken,
    )
    from mlladder.team.load import (
        Roster,
        RosterError,
        TeamFile,
        narrowed,
        reports_of,
        roster_from_folder,
        roster_from_store,
    )
    from mlladder.team.matrix import TeamMatrix, matrix_csv, matrix_data, team_matrix, team_risks
    from mlladder.team.mentors import Pairing, PairingOptions, pair_mentors, pairing_data
    from mlladder.team.readiness import Readiness, readiness
    from mlladder.team.roster import Member
    from mlladder.team.whatif import Add, Move, Promote, Remove, WhatIf, what_if, what_if_data

__version__ = "0.1.0"

# Where each lazily loaded name lives, stage by stage: the imports above, for the interpreter.
_EXPORTS: dict[str, tuple[str, ...]] = {
    # The framework: the ladder as data, its queries and exports, and the JSON the CLI prints of them.
    "mlladder.framework.schema": (
        "SCHEMA_VERSION",
        "Competency",
        "Expectation",
        "Framework",
        "InterviewQuestion",
        "Level",
        "PortfolioProject",
        "SalaryBand",
        "Skill",
        "Track",
        "Transition",
    ),
    "mlladder.framework.load": (
        "builtin_framework",
        "builtin_framework_ids",
        "load_framework",
        "validate_framework_file",
    ),
    "mlladder.framework.ladder": (
        "CombinedSalary",
        "LevelComparison",
        "combined_salaries",
        "compare_levels",
        "estimate_time",
        "filter_skills",
        "get_competency",
        "get_level",
        "ic_levels",
        "skills_in_prerequisite_order",
        "track_levels",
    ),
    "mlladder.framework.render": ("ExportFormat", "export_framework"),
    "mlladder.framework.skills": ("SkillSearch", "SkillUse", "UnknownSkill", "get_skill", "search_skills", "skill_use"),
    "mlladder.framework.views": (
        "comparison_data",
        "framework_data",
        "level_data",
        "problems_data",
        "skills_data",
        "specialisations_data",
    ),
    # Evidence: a file or a text read into a document, and the cited evidence extracted from it.
    "mlladder.evidence.document": ("Document", "DocumentFormat"),
    "mlladder.evidence.kinds": ("DocumentKind", "KindChoice", "describes_person"),
    "mlladder.evidence.model": ("Evidence",),
    "mlladder.evidence.readers": ("read_document",),
    "mlladder.evidence.pipeline": (
        "by_competency",
        "check_posting",
        "evidence_from_document",
        "evidence_from_file",
        "evidence_from_text",
    ),
    # Assessment: a profile (rated, or from evidence) placed on the ladder; a posting's level; resume and posting.
    "mlladder.assess.profile": ("EvidenceItem", "Goal", "Profile", "PromotionReview", "load_profile", "save_profile"),
    "mlladder.assess.model": ("ModelSettings",),
    "mlladder.assess.placement": ("Assessment", "CompetencyResult", "Confidence", "assess"),
    "mlladder.assess.documents": ("assess_evidence", "place_posting", "posting_placement", "profile_from_evidence"),
    "mlladder.assess.postings": ("PostingCue", "PostingReading"),
    "mlladder.assess.match": ("Match", "Ranked", "match", "rank_postings"),
    "mlladder.assess.batch": ("BatchProblem", "assess_jsonl", "place_batch"),
    # Gaps to a target level, the plan that closes them, and the report of it all.
    "mlladder.assess.gaps": ("Gap", "GapReport", "default_target", "gaps"),
    "mlladder.plan.planner": ("Activity", "Milestone", "Plan", "plan"),
    "mlladder.report.plan_export": ("plan_ics", "plan_markdown"),
    "mlladder.report.render": ("report_html", "report_markdown"),
    # Guidance: pay against the market, the diagnosis, interviews and practice, moves and tracks, for one person.
    "mlladder.market.pay": ("MarketPay", "UnknownCurrency", "UnknownRegion", "UnknownYears", "market_pay"),
    # The job market beside the ladder: postings' rows analysed on DuckDB (the optional 'market' extra).
    "mlladder.market.analysis": ("MarketOptions",),
    "mlladder.market.report": ("MarketReport", "market_frames", "market_report", "market_report_data"),
    "mlladder.guidance.pay": ("InvalidOffer", "OfferCheck", "PayComparison", "check_offer", "compare_pay"),
    "mlladder.guidance.person_pay": ("PersonPay", "pay_for_person", "person_pay_data"),
    "mlladder.guidance.diagnosis": ("Diagnosis", "diagnose"),
    "mlladder.guidance.views": ("diagnosis_data", "offer_data", "pay_data"),
    "mlladder.guidance.interview": ("InterviewPrep", "interview_prep", "interview_prep_data"),
    "mlladder.guidance.practice": ("PracticeHistory", "choose_questions", "practice_history", "practice_history_data"),
    "mlladder.guidance.moves": (
        "HiringGuidance",
        "MoveGuidance",
        "get_hired",
        "hiring_data",
        "move_data",
        "move_into_ml",
    ),
    "mlladder.guidance.tracks": ("TrackView", "track_view", "track_view_data"),
    "mlladder.guidance.person": ("PersonGuidance", "person_guidance", "person_guidance_data"),
    "mlladder.guidance.level_facts": ("LevelFacts", "ladder_facts", "level_facts"),
    # The store: people, accounts and everything saved about them, in SQLite or PostgreSQL.
    "mlladder.store": (
        "ActivityState",
        "ActivityStatus",
        "AssessmentRecord",
        "CannotOpenDatabase",
        "CompetencyDelta",
        "DiskFull",
        "DocumentRecord",
        "History",
        "HistoryPoint",
        "HistoryStep",
        "InvalidExport",
        "JournalEntry",
        "NewPracticeAnswer",
        "Person",
        "PlanRecord",
        "PlanSummary",
        "PracticeAnswer",
        "RecordNotFound",
        "Role",
        "SchemaTooNew",
        "Store",
        "User",
        "UsernameTaken",
    ),
    "mlladder.promotion.packet": ("Packet", "packet"),
    "mlladder.promotion.formats": ("packet_html", "packet_markdown", "packet_pdf"),
    # Teams: a roster of people, its matrix, readiness, what-if and mentor pairing.
    "mlladder.team.roster": ("Member",),
    "mlladder.team.load": (
        "Roster",
        "RosterError",
        "TeamFile",
        "narrowed",
        "reports_of",
        "roster_from_folder",
        "roster_from_store",
    ),
    "mlladder.team.matrix": ("TeamMatrix", "matrix_csv", "matrix_data", "team_matrix", "team_risks"),
    "mlladder.team.readiness": ("Readiness", "readiness"),
    "mlladder.team.whatif": ("Add", "Move", "Promote", "Remove", "WhatIf", "what_if", "what_if_data"),
    "mlladder.team.mentors": ("Pairing", "PairingOptions", "pair_mentors", "pairing_data"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "SCHEMA_VERSION",
    "Activity",
    "ActivityState",
    "ActivityStatus",
    "Add",
    "Assessment",
    "AssessmentRecord",
    "BatchProblem",
    "CannotOpenDatabase",
    "CannotWrite",
    "CombinedSalary",
    "Competency",
    "CompetencyDelta",
    "CompetencyResult",
    "Confidence",
    "Diagnosis",
    "DiskFull",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "DocumentKind",
    "DocumentRecord",
    "Evidence",
    "EvidenceItem",
    "Expectation",
    "ExportFormat",
    "Framework",
    "FrameworkError",
    "Gap",
    "GapReport",
    "Goal",
    "HiringGuidance",
    "History",
    "HistoryPoint",
    "HistoryStep",
    "InputError",
    "InterviewPrep",
    "InterviewQuestion",
    "InvalidExport",
    "InvalidFile",
    "InvalidOffer",
    "JournalEntry",
    "KindChoice",
    "Level",
    "LevelComparison",
    "LevelFacts",
    "MarketOptions",
    "MarketPay",
    "MarketReport",
    "Match",
    "Member",
    "Milestone",
    "MlladderError",
    "ModelSettings",
    "Move",
    "MoveGuidance",
    "NewPracticeAnswer",
    "OfferCheck",
    "Packet",
    "Pairing",
    "PairingOptions",
    "PayComparison",
    "Person",
    "PersonGuidance",
    "PersonPay",
    "Plan",
    "PlanRecord",
    "PlanSummary",
    "PortfolioProject",
    "PostingCue",
    "PostingReading",
    "PracticeAnswer",
    "PracticeHistory",
    "Problem",
    "Profile",
    "ProfileError",
    "Promote",
    "PromotionReview",
    "Ranked",
    "Readiness",
    "RecordNotFound",
    "Remove",
    "Role",
    "Roster",
    "RosterError",
    "SalaryBand",
    "SchemaTooNew",
    "Skill",
    "SkillSearch",
    "SkillUse",
    "Store",
    "TeamFile",
    "TeamMatrix",
    "Track",
    "TrackView",
    "Transition",
    "UnknownCompetency",
    "UnknownCurrency",
    "UnknownFramework",
    "UnknownLevel",
    "UnknownRegion",
    "UnknownSkill",
    "UnknownYears",
    "User",
    "UsernameTaken",
    "WhatIf",
    "__version__",
    "assess",
    "assess_evidence",
    "assess_jsonl",
    "builtin_framework",
    "builtin_framework_ids",
    "by_competency",
    "check_offer",
    "check_posting",
    "choose_questions",
    "combined_salaries",
    "compare_levels",
    "compare_pay",
    "comparison_data",
    "default_target",
    "describes_person",
    "diagnose",
    "diagnosis_data",
    "estimate_time",
    "evidence_from_document",
    "evidence_from_file",
    "evidence_from_text",
    "export_framework",
    "filter_skills",
    "framework_data",
    "gaps",
    "get_competency",
    "get_hired",
    "get_level",
    "get_skill",
    "hiring_data",
    "ic_levels",
    "interview_prep",
    "interview_prep_data",
    "ladder_facts",
    "level_data",
    "level_facts",
    "load_framework",
    "load_profile",
    "market_frames",
    "market_pay",
    "market_report",
    "market_report_data",
    "match",
    "matrix_csv",
    "matrix_data",
    "move_data",
    "move_into_ml",
    "narrowed",
    "offer_data",
    "packet",
    "packet_html",
    "packet_markdown",
    "packet_pdf",
    "pair_mentors",
    "pairing_data",
    "pay_data",
    "pay_for_person",
    "person_guidance",
    "person_guidance_data",
    "person_pay_data",
    "place_batch",
    "place_posting",
    "plan",
    "plan_ics",
    "plan_markdown",
    "posting_placement",
    "practice_history",
    "practice_history_data",
    "problems_data",
    "profile_from_evidence",
    "rank_postings",
    "read_document",
    "readiness",
    "report_html",
    "report_markdown",
    "reports_of",
    "roster_from_folder",
    "roster_from_store",
    "save_profile",
    "search_skills",
    "skill_use",
    "skills_data",
    "skills_in_prerequisite_order",
    "specialisations_data",
    "team_matrix",
    "team_risks",
    "track_levels",
    "track_view",
    "track_view_data",
    "validate_framework_file",
    "what_if",
    "what_if_data",
]

# `assess` and `plan` name functions here and packages too. Importing a package sets it as an attribute of its
# parent, which would hide the function from __getattr__; the two packages are imported now (each is only a
# docstring) and that attribute dropped, so later imports of their modules leave the names to the functions.
for _package in ("assess", "plan"):
    importlib.import_module(f"{__name__}.{_package}")
    del globals()[_package]
del _package


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if not typing.TYPE_CHECKING:  # mypy reads the imports above: a __getattr__ it could see would type every typo as Any

    def __getattr__(name: str) -> object:
        """Load a public name from its module on first use, and keep it, so later look-ups are plain."""
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
