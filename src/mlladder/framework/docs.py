"""docs/builtin-ladder.md, generated from the built-in ladder so its figures cannot drift from the data.

Regenerate with ``python -m mlladder.framework.docs > docs/builtin-ladder.md``.
"""

from __future__ import annotations

from collections import Counter

from mlladder.framework.ladder import combined_salaries, format_band, ic_levels, years_by_range
from mlladder.framework.load import builtin_framework
from mlladder.framework.render import template_environment
from mlladder.framework.schema import Duration, Framework, Transition
from mlladder.framework.sources import WRITTEN_HERE, SourceKey, step_durations

__all__ = ["builtin_ladder_markdown"]


def _span(duration: Duration | None) -> str:
    if duration is None:
        return "-"
    low, high = duration.min_years, duration.max_years
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


def _sources_of(step: Transition) -> list[str]:
    return list(dict.fromkeys(source for span in step_durations(step) for source in span.sources))


def builtin_ladder_markdown(framework: Framework) -> str:
    counts: Counter[tuple[str, str | None]] = Counter()
    for skill in framework.skills:
        counts[(skill.category, skill.typical_level)] += 1
        counts[(skill.category, None)] += 1
    key = SourceKey(framework)  # articles by number, the numbers' titles listed first
    return (
        template_environment()
        .get_template("builtin-ladder.md.j2")
        .render(
            fw=framework,
            alias_count=sum(len(skill.aliases) for skill in framework.skills),
            combined=combined_salaries(framework),
            money=format_band,
            span=_span,
            sources_of=_sources_of,
            years=years_by_range,
            mark=key.mark,
            source_lines=key.lines(every=True),
            written_here=WRITTEN_HERE,
            editorial_ids=[source.id for source in framework.sources if source.kind == "editorial"],
            main_levels=ic_levels(framework),
            skill_counts=counts,
        )
    )


if __name__ == "__main__":
    print(builtin_ladder_markdown(builtin_framework()), end="")
