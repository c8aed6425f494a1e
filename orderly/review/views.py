"""The review's pages: the national review's indicators objective by objective, the narrative
on each objective as it is written, reviewed and approved, and the regional review with its
tables and bars. ``?format=json`` is each page's JSON twin; ``?format=report`` and
``?format=pdf`` its report as a document."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from orderly.core.actors import request_actor
from orderly.core.errors import Conflict, DomainError, InvalidInput
from orderly.core.roles import Action
from orderly.review import report
from orderly.review.models import Narrative
from orderly.review.objectives import gcm_objectives
from orderly.review.regions import region_choices
from orderly.review.rules.narrative import SECTION_TITLES, SECTIONS
from orderly.review.rules.sheets import is_digits
from orderly.review.selectors import (
    check_reporting_year,
    national_review_json,
    objective_texts,
    regional_review,
    regional_review_json,
)
from orderly.review.services import (
    narrative_approve,
    narrative_return,
    narrative_review,
    narrative_save,
)

TOP = 15


DOCUMENTS = ("report", "pdf")


def _refused(problem: DomainError) -> JsonResponse:
    """A refusal in the API's shape, for a JSON or document asked for from a page."""
    return JsonResponse({"detail": problem.message, "field": problem.field}, status=problem.status)


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
        if request.GET.get("format") in ("json", *DOCUMENTS):
            return _refused(problem)
        refused = {"period": period, "error": problem.message}
        return render(request, "review/national.html", refused, status=problem.status)
    wanted = request.GET.get("format")
    if wanted == "json":
        return JsonResponse(review)
    if wanted in DOCUMENTS:
        built = report.national_report(actor=actor, period=period)
        document = report.national_report_html(built, standalone=wanted == "pdf")
        return _document(document, wanted, f"gcm-national-review-{period}")
    texts = objective_texts(actor=actor, period=period)
    context: dict[str, Any] = {
        "period": period,
        "review": review,
        "texts": texts,
        "writer": actor.can(Action.NARRATIVE_WRITE),
    }
    return render(request, "review/national.html", context)


def _document(html: str, wanted: str, name: str) -> HttpResponse:
    """A report as an HTML document to read or print, or as a PDF to download."""
    if wanted == "report":
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    response = HttpResponse(report.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def narrative(request: HttpRequest, period: str, objective: int) -> HttpResponse:
    """Write the narrative on ``objective`` for ``period``, and take it through review and
    approval: one form, a button for each step the text can take."""
    actor = request_actor(request)
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    if not actor.can(Action.NARRATIVE_WRITE):
        return render(request, "review/denied.html", status=403)
    objectives = {o.number: o for o in gcm_objectives()}
    if objective not in objectives or not _reporting_year(period):
        return render(request, "review/denied.html", status=404)
    texts = objective_texts(actor=actor, period=period)[objective]
    shown = texts.open or texts.published
    errors: dict[str, str] = {}
    status = 200
    sections = {name: getattr(shown, name) if shown else "" for name in SECTIONS}
    # The revision the form was opened on: kept across a refused step, so that a second click
    # on a stale form is refused again instead of writing over what someone else saved.
    revision = str(texts.open.revision) if texts.open else ""
    if request.method == "POST":
        sections = {name: request.POST.get(name, "") for name in SECTIONS}
        revision = request.POST.get("revision", "")
        try:
            _take_step(actor, request.POST, period, objective, sections, texts.open)
        except DomainError as problem:
            on_a_field = problem.field in (*SECTIONS, "because")
            errors[problem.field if on_a_field else "alert"] = problem.message
            status = problem.status
        else:
            return redirect(reverse("review-narrative", args=[period, objective]))
    context = {
        "period": period,
        "objective": objectives[objective],
        "texts": texts,
        "sections": [(name, SECTION_TITLES[name], sections[name]) for name in SECTIONS],
        "stored": _stored_sections(texts.open) if errors and texts.open else [],
        "revision": revision,
        "errors": errors,
        "approver": actor.can(Action.NARRATIVE_APPROVE),
    }
    return render(request, "review/narrative.html", context, status=status)


def _reporting_year(period: str) -> bool:
    """Whether ``period`` is a year that has begun: the years a review is written for."""
    try:
        check_reporting_year(period)
    except InvalidInput:
        return False
    return True


def _stored_sections(text: Narrative) -> list[tuple[str, str]]:
    """The text as saved, to show beside the words a refused step kept in the form."""
    return [(SECTION_TITLES[name], getattr(text, name)) for name in SECTIONS]


def _take_step(
    actor: Any,
    form: Any,
    period: str,
    objective: int,
    sections: dict[str, str],
    open_version: Narrative | None,
) -> None:
    step = form.get("step", "")
    revision_text = form.get("revision", "")
    revision = int(revision_text) if is_digits(revision_text) else None
    if step == "save":
        narrative_save(
            actor=actor, period=period, objective=objective, sections=sections, revision=revision
        )
        return
    if open_version is None or revision is None:
        raise InvalidInput(
            "there is no text waiting for that step: save a draft first", field="step"
        )
    changed = any(
        (sections.get(name) or "").strip() != getattr(open_version, name) for name in SECTIONS
    )
    if step in {"review", "approve"} and changed:
        raise Conflict(
            "you changed the text: save it as a draft first (what is reviewed and approved "
            "is the text as saved)",
            field="step",
        )
    taken = {"narrative_id": open_version.pk, "revision": revision}
    if step == "review":
        narrative_review(actor=actor, **taken)
    elif step == "approve":
        narrative_approve(actor=actor, **taken)
    elif step == "return":
        narrative_return(actor=actor, because=form.get("because", ""), **taken)
    else:
        raise InvalidInput("choose save, review, approve or return", field="step")


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
    asked = {"region": region_key, "year": year_text, "regions": region_choices()}
    try:
        if not is_digits(year_text) or not 1900 <= int(year_text) <= 2200:
            raise InvalidInput(f"{year_text!r} is not a year: give one such as 2019", field="year")
        review = regional_review(actor=actor, region_key=region_key, year=int(year_text))
    except DomainError as problem:
        if request.GET.get("format") in ("json", *DOCUMENTS):
            return _refused(problem)
        context = {**asked, "errors": {problem.field or "page": problem.message}}
        return render(request, "review/regional.html", context, status=problem.status)
    published = regional_review_json(review)
    wanted = request.GET.get("format")
    if wanted == "json":
        return JsonResponse(published)
    if wanted in DOCUMENTS:
        document = report.regional_report_html(
            report.regional_report(review), standalone=wanted == "pdf"
        )
        return _document(document, wanted, f"regional-review-{region_key}-{year_text}")
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
            [
                {**v, "label": published["subregion_titles"][k]}
                for k, v in published["subregions"].items()
            ],
            "immigrants",
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
