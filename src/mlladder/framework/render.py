"""Exporting a framework: YAML and JSON that load back to the same model, Markdown and self-contained HTML."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import lru_cache
from typing import Any

import jinja2
import yaml

from mlladder.framework.ladder import (
    combined_salaries,
    format_band,
    format_years,
    ic_levels,
    salary_bands_for,
    track_levels,
)
from mlladder.framework.schema import Framework
from mlladder.framework.sources import WRITTEN_HERE, SourceKey

__all__ = ["ExportFormat", "export_framework", "template_environment", "to_json", "to_yaml"]


class ExportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    yaml = "yaml"


def framework_document(framework: Framework) -> dict[str, Any]:
    """The framework as a plain document: defaults left out, so it reads like a hand-written file."""
    return framework.model_dump(mode="json", exclude_defaults=True)


def to_yaml(framework: Framework) -> str:
    return yaml.safe_dump(framework_document(framework), sort_keys=False, allow_unicode=True, width=110)


def to_json(framework: Framework) -> str:
    return json.dumps(framework_document(framework), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """The framework's templates (exports, and the built-in ladder's page in docs/), with their filters."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mlladder.framework", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["years"] = format_years
    environment.filters["band"] = lambda band: format_band(band.min, band.max, band.currency, band.open_ended)
    environment.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    return environment


def _context(framework: Framework) -> dict[str, Any]:
    main = ic_levels(framework)
    key = SourceKey(framework)  # one per document: marks like [1, 3] and the key of titles at its end
    return {
        "fw": framework,
        "mark": key.mark,
        "source_key": key,
        "written_here": WRITTEN_HERE,
        "editorial": [source for source in framework.sources if source.kind == "editorial"],
        "main_levels": main,
        "tracks": [(track, track_levels(framework, track.id)) for track in framework.tracks],
        "bands_for": lambda level_id: salary_bands_for(framework, level_id),
        "combined": combined_salaries(framework),
        "money": format_band,
        "skills_by_category": {
            category.id: [skill for skill in framework.skills if skill.category == category.id]
            for category in framework.skill_categories
        },
        "category_names": {category.id: category.name for category in framework.skill_categories},
        "level_titles": {level.id: level.title for level in framework.levels},
    }


def to_markdown(framework: Framework) -> str:
    return template_environment().get_template("framework.md.j2").render(**_context(framework))


def to_html(framework: Framework) -> str:
    return template_environment().get_template("framework.html.j2").render(**_context(framework))


def export_framework(framework: Framework, fmt: ExportFormat) -> str:
    """The framework rendered in one of the export formats."""
    renderers = {
        ExportFormat.md: to_markdown,
        ExportFormat.html: to_html,
        ExportFormat.json: to_json,
        ExportFormat.yaml: to_yaml,
    }
    return renderers[fmt](framework)
