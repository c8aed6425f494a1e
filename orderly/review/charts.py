"""The review's charts: Vega-Lite specifications built from published figures, drawn as SVG by
vl-convert (no browser, no network), so the same drawing goes into the page and the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import vl_convert

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 460
# Colour-blind-safe and distinct in greyscale print.
PALETTE = ["#005ea2", "#e66f0e", "#00a398", "#a8a8a8", "#8168b3", "#d83933"]


def top_bars(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    value: str,
    colour: str | None = None,
    top: int = 10,
    title: str,
    unit: str,
    per: float = 1,
) -> dict[str, Any] | None:
    """A horizontal bar chart of the ``top`` categories by the sum of ``value`` over their
    rows, split by ``colour`` when given; rows whose value is suppressed (None) are left out.
    None when no row has a value."""
    sums: dict[str, float] = {}
    parts: dict[tuple[str, str], float] = {}
    for row in rows:
        figure = row.get(value)
        if figure is None:
            continue
        name = str(row.get(category) or "unknown")
        sums[name] = sums.get(name, 0) + figure
        part = str(row.get(colour) or "") if colour else ""
        parts[name, part] = parts.get((name, part), 0) + figure
    if not sums:
        return None
    chosen = sorted(sums, key=lambda n: (-sums[n], n))[:top]
    values = [
        {"category": name, "part": part, "value": figure / per}
        for (name, part), figure in parts.items()
        if name in chosen
    ]
    encoding: dict[str, Any] = {
        "y": {"field": "category", "type": "nominal", "sort": chosen, "title": None},
        "x": {"field": "value", "type": "quantitative", "title": unit, "stack": "zero"},
        "tooltip": [{"field": "category"}, {"field": "value", "format": ","}],
    }
    if colour:
        encoding["color"] = {
            "field": "part",
            "type": "nominal",
            "title": colour.replace("_", " "),
            "scale": {"range": PALETTE},
        }
    else:
        encoding["color"] = {"value": PALETTE[0]}
    return _spec(title, values, encoding, height=22 * len(chosen))


def _spec(
    title: str, values: list[dict[str, Any]], encoding: dict[str, Any], *, height: int
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "description": title,
        "width": WIDTH,
        "height": max(height, 60),
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": encoding,
        "config": {
            "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
            "view": {"stroke": None},
        },
    }


def svg(spec: dict[str, Any]) -> str:
    """``spec`` drawn as an SVG element, ready to sit inside an HTML page."""
    drawn = vl_convert.vegalite_to_svg(spec)
    return re.sub(r"^<\?xml[^>]*>\s*", "", drawn)
