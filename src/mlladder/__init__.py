"""mlladder: the machine-learning engineer's career ladder as software.

The public API is what ``__all__`` lists; everything else is private and may change.
"""

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

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "CombinedSalary",
    "Competency",
    "Expectation",
    "ExportFormat",
    "Framework",
    "FrameworkError",
    "InputError",
    "InterviewQuestion",
    "InvalidFile",
    "Level",
    "LevelComparison",
    "MlladderError",
    "PortfolioProject",
    "Problem",
    "ProfileError",
    "SalaryBand",
    "Skill",
    "Track",
    "Transition",
    "UnknownCompetency",
    "UnknownFramework",
    "UnknownLevel",
    "__version__",
    "builtin_framework",
    "builtin_framework_ids",
    "combined_salaries",
    "compare_levels",
    "estimate_time",
    "export_framework",
    "filter_skills",
    "get_competency",
    "get_level",
    "ic_levels",
    "load_framework",
    "skills_in_prerequisite_order",
    "track_levels",
    "validate_framework_file",
]
