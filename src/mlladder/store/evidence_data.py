"""Evidence back from the JSON the store keeps (the inverse of :func:`mlladder.evidence.model.to_data`)."""

from __future__ import annotations

from typing import Any

from mlladder.evidence.model import Citation, Cue, Evidence, Impact, Signal, SkillMention, YearsOfExperience

__all__ = [
    "evidence_from_data",
]


def evidence_from_data(data: dict[str, Any]) -> Evidence:
    """Rebuild an :class:`Evidence` from ``to_data(evidence)``; a missing or mistyped key raises KeyError/TypeError."""
    years = data["years"]
    return Evidence(
        source=data["source"],
        kind=data["kind"],
        title=data["title"],
        skills=[SkillMention(**{**item, "citation": _citation(item["citation"])}) for item in data["skills"]],
        signals=[
            Signal(**{**item, "competencies": list(item["competencies"]), "citation": _citation(item["citation"])})
            for item in data["signals"]
        ],
        impacts=[Impact(**{**item, "citation": _citation(item["citation"])}) for item in data["impacts"]],
        years=YearsOfExperience(**{**years, "citations": [_citation(item) for item in years["citations"]]}),
        cues=[Cue(**{**item, "citation": _citation(item["citation"])}) for item in data.get("cues", [])],
    )


def _citation(data: dict[str, Any]) -> Citation:
    return Citation(**data)
