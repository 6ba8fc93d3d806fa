"""mlladder: the machine-learning engineer's career ladder as software.

The public API is what ``__all__`` lists; everything else is private and may change.
"""

from mlladder.assess.gaps import Gap, GapReport, gaps
from mlladder.assess.model import ModelSettings
from mlladder.assess.placement import Assessment, CompetencyResult, Confidence, assess
from mlladder.assess.profile import EvidenceItem, Profile, load_profile, save_profile
from mlladder.errors import (
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
from mlladder.plan.export import plan_ics, plan_markdown
from mlladder.plan.planner import Activity, Milestone, Plan, plan
from mlladder.report.render import report_html, report_markdown

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Activity",
    "Assessment",
    "CombinedSalary",
    "Competency",
    "CompetencyResult",
    "Confidence",
    "EvidenceItem",
    "Expectation",
    "ExportFormat",
    "Framework",
    "FrameworkError",
    "Gap",
    "GapReport",
    "InputError",
    "InterviewQuestion",
    "InvalidFile",
    "Level",
    "LevelComparison",
    "Milestone",
    "MlladderError",
    "ModelSettings",
    "Plan",
    "PortfolioProject",
    "Problem",
    "Profile",
    "ProfileError",
    "SalaryBand",
    "Skill",
    "Track",
    "Transition",
    "UnknownCompetency",
    "UnknownFramework",
    "UnknownLevel",
    "__version__",
    "assess",
    "builtin_framework",
    "builtin_framework_ids",
    "combined_salaries",
    "compare_levels",
    "estimate_time",
    "export_framework",
    "filter_skills",
    "gaps",
    "get_competency",
    "get_level",
    "ic_levels",
    "load_framework",
    "load_profile",
    "plan",
    "plan_ics",
    "plan_markdown",
    "report_html",
    "report_markdown",
    "save_profile",
    "skills_in_prerequisite_order",
    "track_levels",
    "validate_framework_file",
]
