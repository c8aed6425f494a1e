"""The statistics dashboard: the published tables of a year or a month, read at a glance, each
with its definition and as-of time; ``?format=json`` is its JSON twin."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orderly.core.actors import request_actor
from orderly.core.errors import InvalidInput, Unavailable
from orderly.core.roles import Action
from orderly.stats.publish import PublishedTable
from orderly.stats.selectors import table_published
from orderly.stats.tables import TABLES

# The dashboard's sections, in order: (table, what its bars are drawn by).
SECTIONS = (
    ("entry-exit-by-month", "month"),
    ("entry-exit", "nationality"),
    ("entry-exit-by-port", "port"),
    ("travellers", "nationality"),
    ("foreigners-present", "nationality"),
    ("overstay-rate", "rate"),
    ("permits-visas-issued", "type"),
)
TOP = 15  # rows shown per section; the downloads hold them all


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """National statistics for analysts: person-times by month, nationality and port, distinct
    travellers, foreigners present, overstay rates and permits issued, each with its change from
    the year before where it has one."""
    actor = request_actor(request)
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    if not actor.may_somewhere(Action.STATS_VIEW):
        return render(request, "stats/denied.html", status=403)
    period = request.GET.get("period", "").strip() or str(date.today().year - 1)
    as_of_text = request.GET.get("as_of", "").strip()
    asked = {"period": period, "as_of": as_of_text}
    try:
        tables = [
            table_published(
                actor=actor,
                name=name,
                period=period,
                as_of=as_of_text if TABLES[name].as_of else None,
            )
            for name, _ in SECTIONS
        ]
    except (InvalidInput, Unavailable) as problem:
        context = {**asked, "errors": {problem.field or "page": problem.message}}
        return render(request, "stats/dashboard.html", context, status=problem.status)
    if request.GET.get("format") == "json":
        return JsonResponse({**asked, "tables": [t.as_json() for t in tables]})
    sections = [
        {**_section(t, by), "query": _query(t, chosen=bool(as_of_text))}
        for t, (_, by) in zip(tables, SECTIONS, strict=True)
    ]
    return render(request, "stats/dashboard.html", {**asked, "sections": sections})


def _query(table: PublishedTable, *, chosen: bool) -> str:
    """What the table's downloads ask for: its period, and the as-of day if one was chosen and
    the table takes one."""
    asked = {"period": table.period.label}
    if chosen and table.table.as_of:
        asked["as_of"] = table.figures["as_of_day"]
    return urlencode(asked)


def _section(table: PublishedTable, by: str) -> dict[str, Any]:
    """A table as the page shows it: its largest rows with bars scaled to the largest."""
    if by == "rate":
        return _rate_section(table)
    value = table.table.value
    if by == "month":  # every month, in the calendar's order
        rows = sorted(table.rows, key=lambda r: (r["month"], r.get("direction", "")))
    else:  # the largest first
        rows = sorted(table.rows, key=lambda r: -(r[value] or 0))[:TOP]
    largest = max((r[value] or 0 for r in rows), default=0) or 1
    shown = [
        {
            "label": " · ".join(_label(k, r[k]) for k in table.table.dimensions),
            "value": _count(r[value]),
            "width": round(100 * (r[value] or 0) / largest, 1),
        }
        for r in rows
    ]
    change = table.figures.get("yoy_change")
    return {
        "published": table,
        "rows": shown,
        "more": len(table.rows) - len(shown),
        "total": _count(table.figures.get("total")),
        "previous": _count(table.figures.get("previous_total")),
        "change": None if change is None else f"{change * 100:+.1f} %",
    }


def _rate_section(table: PublishedTable) -> dict[str, Any]:
    """The overstay table as the page shows it: each nationality's overstay rate, the highest
    first, from its published counts (no rate where one of them is suppressed)."""
    by_nationality: dict[str, dict[str, int | None]] = {}
    for row in table.rows:
        by_nationality.setdefault(row["nationality"], {})[row["status"]] = row["stays"]
    rates = []
    for nationality, counts in by_nationality.items():
        expected = None if None in counts.values() else sum(c or 0 for c in counts.values())
        overstays = sum(counts.get(s) or 0 for s in table.table.shares["overstay_rate"])
        rate = overstays / expected if expected else None
        rates.append((nationality, rate, expected))
    rates.sort(key=lambda r: (r[1] is None, -(r[1] or 0), -(r[2] or 0)))
    shown = rates[:TOP]
    largest = max((rate or 0 for _, rate, _ in shown), default=0) or 1
    overall = table.figures.get("overstay_rate")
    return {
        "published": table,
        "rows": [
            {
                "label": f"{nationality} (of {_count(expected) or 'suppressed'})",
                "value": None if rate is None else _percent(rate),
                "width": round(100 * (rate or 0) / largest, 1),
            }
            for nationality, rate, expected in shown
        ],
        "more": len(rates) - len(shown),
        "total": _count(table.figures.get("total")),
        "headline": None if overall is None else f"overstay rate {_percent(overall)}",
        "change": None,
    }


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f} %"


def _label(key: str, value: object) -> str:
    return calendar.month_name[int(str(value))] if key == "month" else str(value)


def _count(value: int | None) -> str | None:
    """A count as people read it (1,234,567); None stays None: suppressed."""
    return None if value is None else f"{value:,}"
