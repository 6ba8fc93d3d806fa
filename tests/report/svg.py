"""Reading the inline SVG charts back: every chart parsed as XML, and the radar's geometry turned back into values."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


def charts(html: str) -> dict[str, ET.Element]:
    """Every inline SVG, parsed as XML (so it must be well-formed), by its chart kind."""
    found = {}
    for markup in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        svg = ET.fromstring(markup)
        kind = svg.get("class", "").split()[-1]
        assert kind not in found
        found[kind] = svg
    return found


def with_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [element for element in root.iter(SVG + tag) if css_class in element.get("class", "").split()]


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def label_lines(element: ET.Element) -> str:
    """A multi-line SVG label (one tspan per line) as one line of text."""
    return " ".join(part.strip() for part in element.itertext() if part.strip())


def points(polygon: ET.Element) -> list[Point]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in polygon.get("points", "").split())]


class Radar:
    """A radar chart's centre, outer ring and spokes, to read each drawn point back as (axis, value)."""

    def __init__(self, svg: ET.Element, maximum: float = 4) -> None:
        self.svg = svg
        rings = with_class(svg, "circle", "ring")
        self.centre = float(rings[0].get("cx", "")), float(rings[0].get("cy", ""))
        self.outer = max(float(ring.get("r", "")) for ring in rings)
        self.maximum = maximum
        self.spokes = [(float(s.get("x2", "")), float(s.get("y2", ""))) for s in with_class(svg, "line", "spoke")]

    def polygon(self, series: str) -> ET.Element:
        (found,) = [p for p in self.svg.iter(SVG + "polygon") if p.get("data-series") == series]
        return found

    def value(self, point: Point) -> float:
        return math.dist(point, self.centre) / self.outer * self.maximum

    def axis(self, point: Point) -> int:
        """The spoke a point lies on (a point at the centre lies on none: an error here)."""
        assert math.dist(point, self.centre) > 1e-6, "a point at the centre belongs to no axis"
        angle = math.atan2(point[1] - self.centre[1], point[0] - self.centre[0])
        spoke_angles = [math.atan2(y - self.centre[1], x - self.centre[0]) for x, y in self.spokes]
        differences = [abs(math.remainder(angle - spoke, math.tau)) for spoke in spoke_angles]
        best = min(range(len(differences)), key=differences.__getitem__)
        assert differences[best] < 1e-3, f"{point} lies on no spoke"
        return best

    def drawn(self, series: str) -> dict[int, float]:
        """Axis -> value of every point the series' polygon has."""
        return {self.axis(point): self.value(point) for point in points(self.polygon(series))}

    def check_missing(self, series: str, missing: set[int], labels: list[str]) -> None:
        """The axes in ``missing`` have no point of the series (neither at 0 nor anywhere else), a hollow
        "not rated" marker at the end of their spoke, and "(not rated)" in their label; the others have points."""
        drawn = self.drawn(series)
        assert set(drawn) == set(range(len(self.spokes))) - missing
        group = next(g for g in with_class(self.svg, "g", "series-group") if g.get("data-series") == series)
        dots = [(float(c.get("cx", "")), float(c.get("cy", ""))) for c in group.iter(SVG + "circle")]
        hollow = [c for c in group.iter(SVG + "circle") if "unrated" in c.get("class", "").split()]
        assert {self.axis((float(c.get("cx", "")), float(c.get("cy", "")))) for c in hollow} == missing
        for marker in hollow:
            centre = float(marker.get("cx", "")), float(marker.get("cy", ""))
            assert self.value(centre) == self.maximum or abs(self.value(centre) - self.maximum) < 0.01  # at the end
            assert marker.get("fill") == "#ffffff"  # hollow
        assert all(math.dist(dot, self.centre) > 1e-6 for dot in dots)  # nothing drawn at 0
        names = [label_lines(label) for label in with_class(self.svg, "text", "axis-label")]
        assert names == [label + (" (not rated)" if index in missing else "") for index, label in enumerate(labels)]
        if missing:
            assert self.polygon(series).get("stroke") == "none"  # the outline is drawn apart, broken
            count = len(self.spokes)
            for run in self.outline_runs(series):  # each line joins neighbouring spokes, none crosses a gap
                axes = [self.axis(point) for point in run]
                assert all((b - a) % count == 1 for a, b in itertools.pairwise(axes)), axes
                assert not set(axes) & missing

    def outline_runs(self, series: str) -> list[list[Point]]:
        """The pieces of a broken outline, each a list of points joined by lines."""
        group = next(g for g in with_class(self.svg, "g", "series-group") if g.get("data-series") == series)
        paths = [p for p in group.iter(SVG + "path") if "series-outline" in p.get("class", "").split()]
        runs = []
        for path in paths:
            for piece in path.get("d", "").split("M")[1:]:
                pairs = [pair.split(",") for pair in piece.replace("L", " ").split()]
                runs.append([(float(x), float(y)) for x, y in pairs])
        return runs
