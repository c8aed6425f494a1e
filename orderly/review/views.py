"""The review's pages: the national review's indicators objective by objective, and the regional
review with its tables and bars; ``?format=json`` is each page's JSON twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orderly.core.actors import request_actor
from orderly.core.errors import DomainError, InvalidInput
from orderly.core.roles import Action
from orderly.review.regions import KNOWN
from orderly.review.rules.sheets import is_digits
from orderly.review.selectors import national_review_json, regional_review, regional_review_json

TOP = 15


@require_safe
def national(request: HttpRequest) -> HttpResponse:
    """The national review's indicators for a year, objective by objective."""
    actor = request_actor(request)
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    if not actor.may_somewhere(Action.REVIEW_VIEW):
        return render(request, "review/denied.html", status=403)
    period = request.GET.get("period", "").strip() or str(date.today().year - 1)
    try:
        review = national_review_json(actor=actor, period=period)
    except DomainError as problem:
        context = {"period": period, "error": problem.message}
        return render(request, "review/national.html", context, status=problem.status)
    if request.GET.get("format") == "json":
        return JsonResponse(review)
    return render(request, "review/national.html", {"period": period, "review": review})


@require_safe
def regional(request: HttpRequest) -> HttpResponse:
    """The regional review of a year: the region's immigrants, emigrants and intra-regional
    migrants, remittances received, by subregion and economy, and where each figure is from."""
    actor = request_actor(request)
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    if not actor.may_somewhere(Action.REVIEW_VIEW):
        return render(request, "review/denied.html", status=403)
    region_key = request.GET.get("region", "").strip() or "escap"
    year_text = request.GET.get("year", "").strip() or "2019"
    asked = {"region": region_key, "year": year_text, "regions": list(KNOWN)}
    try:
        if not is_digits(year_text) or not 1900 <= int(year_text) <= 2200:
            raise InvalidInput(f"{year_text!r} is not a year: give one such as 2019", field="year")
        review = regional_review(actor=actor, region_key=region_key, year=int(year_text))
    except DomainError as problem:
        context = {**asked, "errors": {problem.field or "page": problem.message}}
        return render(request, "review/regional.html", context, status=problem.status)
    published = regional_review_json(review)
    if request.GET.get("format") == "json":
        return JsonResponse(published)
    return render(request, "review/regional.html", {**asked, **_regional_page(published)})


def _regional_page(published: dict[str, Any]) -> dict[str, Any]:
    countries = published["countries"]
    return {
        "review": published,
        "totals": [
            (
                "Immigrants",
                "International migrants living in the region's economies",
                _count(published["immigrants"]),
                _share(published["immigrants_share_of_world"]),
            ),
            (
                "Emigrants",
                "People born in the region's economies living in any other country",
                _count(published["emigrants"]),
                _share(published["emigrants_share_of_world"]),
            ),
            (
                "Intra-regional migrants",
                "Born in one of the region's economies, living in another",
                _count(published["intra_regional"]),
                None,
            ),
            (
                "Remittances received",
                "Personal remittances received, current US$",
                "US$ " + _count(published["remittances_received_usd"]),
                None,
            ),
        ],
        "world": _count(published["world_migrant_stock"]),
        "subregions": _bars(
            [{"label": k, **v} for k, v in published["subregions"].items()], "immigrants"
        ),
        "destinations": _bars(countries, "immigrants", label="name")[:TOP],
        "origins": _bars(countries, "emigrants", label="name")[:TOP],
        "remittances": _bars(countries, "remittances_received_usd", label="name")[:TOP],
    }


def _bars(rows: list[dict[str, Any]], value: str, label: str = "label") -> list[dict[str, Any]]:
    """``rows`` with the largest ``value`` first, each with the width of its bar (per cent of
    the largest) and its label."""
    ordered = sorted(rows, key=lambda r: -(r.get(value) or 0))
    largest = max((r.get(value) or 0 for r in ordered), default=0) or 1
    return [
        {
            **r,
            "label": r[label],
            "shown": _count(r.get(value)),
            "width": round(100 * (r.get(value) or 0) / largest, 1),
        }
        for r in ordered
    ]


def _count(value: float | None) -> str:
    """A figure as people read it (1,234,567); a dash where there is none."""
    return "\u2014" if value is None else f"{value:,.0f}"


def _share(fraction: float) -> str:
    return f"{fraction * 100:.1f} % of the world's"
