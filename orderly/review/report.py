"""The review's reports as documents: a national review and a regional review, each rendered to
HTML (a page to read and print) and to PDF (WeasyPrint), from the same data the JSON carries.

A report states, for every number, its definition, its source and the day it holds as of; it
publishes only approved narrative and only figures that passed disclosure control.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from orderly.cooperation.selectors import CooperationAnnex
from orderly.core.roles import Actor
from orderly.review import charts
from orderly.review.models import Narrative
from orderly.review.rules.narrative import SECTION_TITLES, SECTIONS
from orderly.review.selectors import (
    RegionalReview,
    national_review,
    national_review_document,
    regional_review_json,
)
from orderly.stats.rules.disclosure import DEFAULT_THRESHOLD

# ICAO Doc 9303's specimen State: the demo and test country, unknown to ISO 3166.
SPECIMEN_STATES = {"UTO": "Utopia"}

# How each platform indicator is charted: by which of its breakdown's fields, which figure,
# split by which field. An indicator not listed here is reported without a chart.
CHARTED = {
    "entry-exit-person-times": ("nationality", "person_times", "direction"),
    "foreigners-present": ("nationality", "foreigners", "basis"),
    "permits-visas-issued": ("type", "issued", "kind"),
    "stay-decisions": ("reason", "stays", "status"),
}


def state_name(code: str) -> str:
    """The short name of the State ``code`` (ISO 3166 alpha-3)."""
    if code in SPECIMEN_STATES:
        return SPECIMEN_STATES[code]
    country = pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


@dataclass(frozen=True)
class NationalReport:
    state: str
    period: str
    review: dict[str, Any]  # national_review_json: the objectives and their indicators
    narratives: dict[int, Narrative]  # approved text only
    charts: dict[str, str]  # indicator id -> SVG
    annex: CooperationAnnex | None  # None: the reader may not see the cooperation records
    generated_at: str


def national_report(*, actor: Actor, period: str, warehouse: Path | None = None) -> NationalReport:
    """The national review for ``period`` as a report: the indicators as published, their
    charts, and the approved narrative on each objective."""
    read = national_review(actor=actor, period=period, warehouse=warehouse)
    review = national_review_document(read)
    drawn: dict[str, str] = {}
    for objective in review["objectives"]:
        for indicator in objective["indicators"]:
            if indicator["id"] in drawn or not indicator["reported"]:
                continue
            picture = _indicator_chart(indicator)
            if picture:
                drawn[indicator["id"]] = picture
    return NationalReport(
        state=state_name(review["state"]),
        period=period,
        review=review,
        narratives=read.narratives,
        charts=drawn,
        annex=read.cooperation,
        generated_at=timezone.localtime().strftime("%d %B %Y, %H:%M %Z"),
    )


def _indicator_chart(indicator: dict[str, Any]) -> str | None:
    if indicator["id"] not in CHARTED:
        return None
    category, value, colour = CHARTED[indicator["id"]]
    rows = indicator["reported"]["breakdown"]
    if category == "nationality":  # read by people: the country's name, not its code
        rows = [{**row, category: state_name(str(row.get(category)))} for row in rows]
    spec = charts.top_bars(
        rows,
        category=category,
        value=value,
        colour=colour,
        title=f"{indicator['name']} by {category.replace('_', ' ')}, the largest ten",
        unit=indicator["unit"],
    )
    return charts.svg(spec) if spec else None


STYLESHEET = Path(__file__).resolve().parent / "static" / "review" / "report.css"


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _document(template: str, context: dict[str, Any], *, standalone: bool) -> str:
    """A report rendered: ``standalone`` with its stylesheet inside (a file, a PDF), else
    linking the platform's copy (a page the platform serves, whose security policy refuses
    styles written into the page)."""
    extra = {"standalone": standalone, "css": _stylesheet() if standalone else ""}
    return render_to_string(template, {**context, **extra})


def national_report_html(report: NationalReport, *, standalone: bool = True) -> str:
    objectives = [
        {
            **objective,
            "narrative": _sections(report.narratives.get(objective["number"])),
            "approved": report.narratives.get(objective["number"]),
            # Nothing of its own to show: it follows the objective before on the same page.
            "slim": objective["number"] not in report.narratives
            and not any(i["reported"] for i in objective["indicators"]),
        }
        for objective in report.review["objectives"]
    ]
    return _document(
        "review/report/national.html",
        {
            "report": report,
            "objectives": objectives,
            "computed": len(
                {
                    i["id"]
                    for o in report.review["objectives"]
                    for i in o["indicators"]
                    if i["reported"]
                }
            ),
            "narrated": len(report.narratives),
            "indicators": _each_indicator_once(report.review),
            "threshold": DEFAULT_THRESHOLD,
        },
        standalone=standalone,
    )


def _each_indicator_once(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Every indicator of the review once, with the objectives it informs."""
    found: dict[str, dict[str, Any]] = {}
    for objective in review["objectives"]:
        for indicator in objective["indicators"]:
            entry = found.setdefault(indicator["id"], {**indicator, "objectives": []})
            entry["objectives"].append(objective["number"])
    return list(found.values())


def _sections(text: Narrative | None) -> list[tuple[str, str]]:
    if text is None:
        return []
    return [
        (SECTION_TITLES[name], getattr(text, name))
        for name in SECTIONS
        if getattr(text, name).strip()
    ]


# What each figure of the regional review is called in a sentence.
FIGURE_WORDS = {
    "immigrants": "immigrants",
    "emigrants": "emigrants",
    "intra_regional": "intra-regional migrants",
    "remittances_received_usd": "remittances received",
}


@dataclass(frozen=True)
class RegionalReport:
    review: dict[str, Any]  # regional_review_json
    charts: list[str]
    missing: list[tuple[str, list[str]]]  # (the figure in words, the economies without it)
    generated_at: str


def regional_report(review: RegionalReview) -> RegionalReport:
    """The regional review as a report: its figures with their charts (migrants by subregion,
    the economies hosting most, those receiving most remittances)."""
    data = regional_review_json(review)
    economies = data["countries"]
    specs = [
        charts.top_bars(
            [
                {"subregion": data["subregion_titles"][name], "immigrants": row["immigrants"]}
                for name, row in data["subregions"].items()
            ],
            category="subregion",
            value="immigrants",
            title="International migrants living in each subregion",
            unit="persons",
        ),
        charts.top_bars(
            economies,
            category="name",
            value="immigrants",
            title="The ten economies hosting the most international migrants",
            unit="persons",
        ),
        charts.top_bars(
            economies,
            category="name",
            value="remittances_received_usd",
            title="The ten economies receiving the most personal remittances",
            unit="current US$ billion",
            per=1e9,
        ),
    ]
    return RegionalReport(
        review=data,
        charts=[charts.svg(spec) for spec in specs if spec],
        missing=[(FIGURE_WORDS.get(k, k), codes) for k, codes in data["missing"].items()],
        generated_at=timezone.localtime().strftime("%d %B %Y, %H:%M %Z"),
    )


def regional_report_html(report: RegionalReport, *, standalone: bool = True) -> str:
    return _document("review/report/regional.html", {"report": report}, standalone=standalone)


def pdf(html: str) -> bytes:
    """``html`` laid out as a PDF. Imported here: WeasyPrint loads Pango when imported."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
