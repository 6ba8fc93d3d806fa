"""Invented people written to real profile files, for the move, hiring and person-pay tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mlladder import Framework, assess, load_profile
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile

COMPETENCIES = (
    "ml-fundamentals",
    "deep-learning",
    "research",
    "data-engineering",
    "software-engineering",
    "mlops",
    "performance",
    "system-design",
    "communication",
    "leadership",
    "business-impact",
)
# A backend engineer's engineering side: strong software, production and design; little research.
ENGINEERING = {"research": 0, "data-engineering": 2, "software-engineering": 3, "mlops": 2, "performance": 2,
               "system-design": 3, "communication": 3, "leadership": 3, "business-impact": 2}  # fmt: skip


def ratings(**given: int) -> dict[str, int]:
    """Every competency rated: the engineering side unless given (names with '_' for '-')."""
    return {**ENGINEERING, **{name.replace("_", "-"): value for name, value in given.items()}}


def write_profile(folder: Path, name: str = "person.yaml", **fields: Any) -> Path:
    """A profile file with the given top-level fields (ratings as one self-rating dict)."""
    data: dict[str, Any] = {"schema_version": 1, "name": "Test Person", **fields}
    if isinstance(data.get("ratings"), dict) and "self" not in data["ratings"]:
        data["ratings"] = {"self": data["ratings"]}
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def person(path: Path, ladder: Framework) -> tuple[Profile, Assessment]:
    profile = load_profile(path, ladder)
    return profile, assess(profile, ladder)


def changer(
    folder: Path, background: str | None, years: float | None = 6, name: str = "changer.yaml", **core: int
) -> Path:
    """Someone moving into ML from ``background`` with the engineering side and the given core ratings."""
    goal: dict[str, Any] = {"kind": "move-into-ml"}
    if background is not None:
        goal["from"] = background
    fields: dict[str, Any] = {"goal": goal, "ratings": ratings(**core)}
    if years is not None:
        fields["years_experience"] = years
    return write_profile(folder, name, **fields)
