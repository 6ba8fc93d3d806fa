"""Re-assessments over time: the level probabilities at every assessment and what changed between neighbours."""

from __future__ import annotations

import itertools

from mlladder.assess.placement import CompetencyResult
from mlladder.store.records import AssessmentRecord, CompetencyDelta, History, HistoryPoint, HistoryStep

__all__ = [
    "build_history",
]


def build_history(person_id: int, records: list[AssessmentRecord]) -> History:
    """History of ``records`` (oldest first)."""
    points = [
        HistoryPoint(
            assessment_id=record.id,
            created_at=record.created_at,
            framework_id=record.framework_id,
            framework_version=record.framework_version,
            level=record.level,
            expected_level=record.assessment.expected_level,
            probabilities=dict(record.assessment.probabilities),
        )
        for record in records
    ]
    levels = list(dict.fromkeys(level for point in points for level in point.probabilities))
    steps = [_step(before, after) for before, after in itertools.pairwise(records)]
    return History(person_id=person_id, levels=levels, points=points, steps=steps)


def _step(before: AssessmentRecord, after: AssessmentRecord) -> HistoryStep:
    earlier = {result.id: result for result in before.assessment.competencies}
    deltas = [_delta(earlier[result.id], result) for result in after.assessment.competencies if result.id in earlier]
    return HistoryStep(
        from_assessment=before.id,
        to_assessment=after.id,
        from_date=before.created_at,
        to_date=after.created_at,
        level_before=before.level,
        level_after=after.level,
        expected_level_change=round(after.assessment.expected_level - before.assessment.expected_level, 4),
        framework_changed=(before.framework_id, before.framework_version)
        != (after.framework_id, after.framework_version),
        competencies=deltas,
    )


def _delta(before: CompetencyResult, after: CompetencyResult) -> CompetencyDelta:
    change = None
    if before.estimate is not None and after.estimate is not None:
        change = round(after.estimate - before.estimate, 3)
    return CompetencyDelta(
        competency=after.id, name=after.name, before=before.estimate, after=after.estimate, change=change
    )
