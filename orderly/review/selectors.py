"""Every read of the review: the regional figures, from the official files imported; the
national review's indicators, from the platform's published statistics; the narrative on each
objective."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from orderly.cooperation.selectors import CooperationAnnex, cooperation_annex
from orderly.core.errors import InvalidInput, NotFound, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.review.catalogue import INDICATORS, Asked, Indicator, Reported, informing
from orderly.review.models import (
    AreaFigure,
    Narrative,
    OfficialFile,
    OriginDestinationFigure,
    ReceivedReview,
)
from orderly.review.objectives import gcm_objectives
from orderly.review.regions import KNOWN, region
from orderly.review.rules.migrant_stock import WORLD_CODE
from orderly.review.rules.received import reported_values
from orderly.review.rules.regional import RegionalFigures, Sources, regional_figures
from orderly.stats.publish import require_publishable
from orderly.stats.rules.periods import parse_period

IMPORT_HINT = (
    "import the file from its publisher (docs/howto/regional-review.md, Import the official "
    "files) with: "
    "orderly review import FILE"
)
NATIONAL_SCHEMA = "national-review/1"


@dataclass(frozen=True)
class RegionalReview:
    figures: RegionalFigures
    files: tuple[OfficialFile, ...]  # the stock by destination, by origin, and remittances
    national: dict[str, Any]  # the national reviews the region's States sent for the year


def regional_review(*, actor: Actor, region_key: str, year: int) -> RegionalReview:
    """The figures of the region ``region_key`` in ``year``, each from the newest edition (and
    vintage) imported that holds the year."""
    if not actor.can(Action.REVIEW_VIEW):
        raise NotPermitted("you may not read the review")
    if region_key not in KNOWN:
        raise NotFound(f"no region {region_key!r} (regions: {', '.join(KNOWN)})", field="region")
    origin_file = _latest(OfficialFile.Kind.STOCK_BY_ORIGIN, year)
    # The world's stock, the denominator of both shares, from the edition the emigrants are.
    stock_file = _latest(OfficialFile.Kind.STOCK_BY_DESTINATION, year, origin_file.edition)
    remittances_file = _latest(OfficialFile.Kind.REMITTANCES, year)
    stock_rows = AreaFigure.objects.filter(source=stock_file, year=year)
    stock = {
        int(area): (name, value)
        for area, name, value in stock_rows.values_list("area", "name", "value")
    }
    world = stock.get(WORLD_CODE, ("", None))[1]
    if world is None:
        raise InvalidInput(f"{stock_file}: has no world total for {year}", field="year")
    sources = Sources(
        stock={code: value for code, (_, value) in stock.items()},
        world=world,
        names={code: name for code, (name, _) in stock.items()},
        by_origin=_by_origin(origin_file, year),
        remittances=_area_values(remittances_file, year),
    )
    figures = regional_figures(region(region_key), year, sources)
    members = {m.iso3 for m in figures.region.members}
    national = received_comparison(actor=actor, period=str(year), states=members)
    return RegionalReview(figures, (stock_file, origin_file, remittances_file), national)


def _shares(figures: dict[str, Any], world: float, *, intra: str) -> dict[str, float | None]:
    """Immigrants, emigrants and intra-regional migrants as fractions of the world's migrant
    stock (None where the figure is missing)."""
    return {
        f"{name}_share_of_world": None if figures.get(key) is None else figures[key] / world
        for name, key in (
            ("immigrants", "immigrants"),
            ("emigrants", "emigrants"),
            ("intra_regional", intra),
        )
    }


def _latest(kind: str, year: int, edition: str | None = None) -> OfficialFile:
    """The newest edition of ``kind`` holding ``year`` (or the ``edition`` asked for), the
    newest vintage of it, the last imported."""
    model = OriginDestinationFigure if kind == OfficialFile.Kind.STOCK_BY_ORIGIN else AreaFigure
    holding = model.objects.filter(source__kind=kind, year=year).values_list("source", flat=True)
    files = OfficialFile.objects.filter(pk__in=holding)
    if edition is not None:
        files = files.filter(edition=edition)
    found = files.order_by("-edition", "-vintage", "-imported_at").first()
    if found is None:
        label = OfficialFile.Kind(kind).label
        of = f" of the {edition} edition" if edition else ""
        raise InvalidInput(f"no file of the {label}{of} holds {year}: {IMPORT_HINT}", field="year")
    return found


def _area_values(source: OfficialFile, year: int) -> dict[str, float | None]:
    rows = AreaFigure.objects.filter(source=source, year=year).values_list("area", "value")
    return dict(rows)


def _by_origin(source: OfficialFile, year: int) -> dict[str, dict[str, float]]:
    matrix: dict[str, dict[str, float]] = {}
    rows = OriginDestinationFigure.objects.filter(source=source, year=year).values_list(
        "destination", "origin", "value"
    )
    for destination, origin, value in rows.iterator(chunk_size=10_000):
        matrix.setdefault(destination, {})[origin] = value
    return matrix


def regional_review_json(review: RegionalReview) -> dict[str, Any]:
    """The regional review as JSON (schema ``regional-review/1``): totals, shares (fractions),
    a row per economy, the subregions, and the source of every figure."""
    f = review.figures
    world = f.world_migrant_stock
    return {
        "schema": "regional-review/1",
        "region": f.region.key,
        "region_title": f.region.title,
        "year": f.year,
        "immigrants": f.immigrants,
        "emigrants": f.emigrants,
        "intra_regional": f.intra_regional,
        "world_migrant_stock": world,
        "immigrants_share_of_world": f.immigrants / world,
        "emigrants_share_of_world": f.emigrants / world,
        "intra_regional_share_of_world": f.intra_regional / world,
        "remittances_received_usd": f.remittances_received_usd,
        "definitions": {
            "immigrants": "international migrants living in the region's economies",
            "emigrants": "people born in the region's economies living in any other country",
            "intra_regional": "people born in one of the region's economies living in another",
        },
        "subregion_titles": f.region.subregion_titles,
        "subregions": {
            name: sums | _shares(sums, world, intra="intra_regional")
            for name, sums in f.by_subregion().items()
        },
        "missing": f.missing,
        "countries": [
            {
                "iso3": e.member.iso3,
                "m49": f"{e.member.m49:03d}",
                "name": e.member.name,
                "subregion": e.member.subregion,
                "immigrants": e.immigrants,
                "emigrants": e.emigrants,
                "intra_regional_immigrants": e.intra_regional_immigrants,
                "remittances_received_usd": e.remittances_received_usd,
                **_shares(
                    {
                        "immigrants": e.immigrants,
                        "emigrants": e.emigrants,
                        "intra_regional_immigrants": e.intra_regional_immigrants,
                    },
                    world,
                    intra="intra_regional_immigrants",
                ),
            }
            for e in f.economies
        ],
        "national_reviews": review.national,
        "region_source": {"source": f.region.source, "as_of": f.region.as_of},
        "sources": [
            {
                "dataset": s.dataset,
                "edition": s.edition,
                "vintage": s.vintage,
                "reference": s.reference,
                "file": s.file_name,
                "sha256": s.sha256,
                "figures": OfficialFile.Kind(s.kind).label,
            }
            for s in review.files
        ],
    }


@dataclass(frozen=True)
class NationalReview:
    """The national review of a period, read once: each computed indicator's figures as
    published, the approved narrative on each objective, and the cooperation (None for a reader
    who may not see it)."""

    state: str
    period: str
    generated_at: str
    reported: dict[str, Reported]
    narratives: dict[int, Narrative]
    cooperation: CooperationAnnex | None


def national_review(*, actor: Actor, period: str, warehouse: Path | None = None) -> NationalReview:
    """The national review for ``period``: the indicators the platform computes, through
    disclosure control, from the statistics warehouse (``warehouse``: other than the
    platform's), the approved narrative and the cooperation."""
    if not actor.can(Action.REVIEW_VIEW):
        raise NotPermitted("you may not read the review")
    asked = Asked(actor, period, warehouse)
    return NationalReview(
        state=settings.HOST_STATE,
        period=period,
        generated_at=timezone.now().isoformat(),
        reported={i.id: i.compute(asked) for i in INDICATORS.values() if i.compute is not None},
        narratives=published_narratives(actor=actor, period=period),
        cooperation=review_cooperation(actor=actor, period=period),
    )


def national_review_json(
    *, actor: Actor, period: str, warehouse: Path | None = None
) -> dict[str, Any]:
    """The national review for ``period`` as JSON: ``national_review`` written out."""
    return national_review_document(
        national_review(actor=actor, period=period, warehouse=warehouse)
    )


def national_review_document(review: NationalReview) -> dict[str, Any]:
    """``review`` as JSON (schema ``national-review/1``): each GCM objective with the
    indicators that inform it, each with its definition, unit, source and, for those the
    platform computes, its figures as published (through disclosure control) with the day they
    hold as of. An indicator that comes from elsewhere is listed as not yet reported, with who
    publishes it. Each objective carries its approved narrative (or null). The schema is
    data/national-review-1.schema.json."""
    return {
        "schema": NATIONAL_SCHEMA,
        "state": review.state,
        "period": review.period,
        "generated_at": review.generated_at,
        "objectives": [
            {
                "number": objective.number,
                "title": objective.title,
                "short_label": objective.short_label,
                "indicators": [
                    _indicator_json(i, review.reported.get(i.id))
                    for i in informing(objective.number)
                ],
                "narrative": _narrative_json(review.narratives.get(objective.number)),
            }
            for objective in gcm_objectives()
        ],
        "cooperation": _cooperation_json(review.cooperation),
    }


def review_cooperation(*, actor: Actor, period: str) -> CooperationAnnex | None:
    """The cooperation the review reports: the agreements and mechanisms standing at the end of
    ``period`` (or today, within it) and the projects that ran in it; None for a reader who may
    not see the cooperation records."""
    if not actor.can(Action.COOPERATION_VIEW):
        return None
    when = parse_period(period)  # the indicators have refused a period that is not one
    on = min(when.last_day, timezone.localdate())
    return cooperation_annex(actor=actor, on=on, since=when.first_day)


def _cooperation_json(annex: CooperationAnnex | None) -> dict[str, Any] | None:
    if annex is None:
        return None
    return {
        "on": annex.on.isoformat(),
        "since": annex.since.isoformat(),
        "agreements": [
            {
                "partner": a.partner,
                "title": a.title,
                "kind": a.kind,
                "signed_on": a.signed_on.isoformat(),
                "in_force_on": a.in_force_on.isoformat() if a.in_force and a.in_force_on else None,
                "notification_hours": a.notification_hours,
                "notification_mandatory": a.notification_mandatory,
                "source": a.source,
            }
            for a in annex.agreements
        ],
        "mechanisms": [
            {"name": m.name, "kind": m.kind, "role": m.role, "joined_on": m.joined_on.isoformat()}
            for m in annex.mechanisms
        ],
        "projects": [
            {
                "title": p.title,
                "partners": list(p.partners),
                "funding_kind": p.funding_kind,
                "funder": p.funder,
                "amount": None if p.amount is None else str(p.amount),
                "currency": p.currency,
                "starts_on": p.starts_on.isoformat(),
                "ends_on": p.ends_on.isoformat() if p.ends_on else None,
                "objectives": list(p.objectives),
            }
            for p in annex.projects
        ],
    }


def _narrative_json(text: Narrative | None) -> dict[str, Any] | None:
    """The approved text on an objective; None where there is none. Who approved it stays in
    the platform: the State, not a person, speaks in the exported review."""
    if text is None or text.approved_at is None:
        return None
    return {
        "version": text.version,
        "approved_on": text.approved_at.date().isoformat(),
        "progress": text.progress,
        "challenges": text.challenges,
        "good_practice": text.good_practice,
    }


def _indicator_json(indicator: Indicator, reported: Reported | None) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "sdg": indicator.sdg or None,
        "source": indicator.source.value,
        "provider": indicator.provider or None,
        "disaggregations": list(indicator.disaggregations),
        "reported": None
        if reported is None
        else {
            "value": reported.value,
            "as_of": reported.as_of,
            "computed_from": reported.computed_from,
            **reported.figures,
            "breakdown": reported.breakdown,
        },
    }


@dataclass(frozen=True)
class ObjectiveTexts:
    """An objective's narrative: the text published (the newest approved) and the version being
    written, when there is one and the reader writes the narrative."""

    published: Narrative | None
    open: Narrative | None


def objective_texts(*, actor: Actor, period: str) -> dict[int, ObjectiveTexts]:
    """Each objective's narrative for ``period``; only writers see the versions not approved."""
    if not actor.can(Action.REVIEW_VIEW):
        raise NotPermitted("you may not read the review")
    writer = actor.can(Action.NARRATIVE_WRITE)
    published = published_narratives(actor=actor, period=period)
    open_versions = (
        {
            n.objective: n
            for n in Narrative.objects.filter(
                period=period, status__in=[Narrative.Status.DRAFT, Narrative.Status.REVIEWED]
            ).select_related("written_by", "reviewed_by")
        }
        if writer
        else {}
    )
    return {
        number: ObjectiveTexts(published.get(number), open_versions.get(number))
        for number in range(1, len(gcm_objectives()) + 1)
    }


def published_narratives(*, actor: Actor, period: str) -> dict[int, Narrative]:
    """The newest approved text on each objective for ``period``: what the review publishes."""
    if not actor.can(Action.REVIEW_VIEW):
        raise NotPermitted("you may not read the review")
    approved = Narrative.objects.filter(period=period, status=Narrative.Status.APPROVED)
    newest: dict[int, Narrative] = {}
    for text in approved.select_related("approved_by").order_by("objective", "version"):
        newest[text.objective] = text
    return newest


def received_reviews(
    *, actor: Actor, period: str, states: set[str] | None = None
) -> list[ReceivedReview]:
    """The national reviews received for ``period`` (from ``states``, default all): each
    State's newest, by State."""
    if not actor.can(Action.REVIEW_VIEW):
        raise NotPermitted("you may not read the review")
    received = ReceivedReview.objects.filter(period=period)
    if states is not None:
        received = received.filter(state__in=states)
    newest: dict[str, ReceivedReview] = {}
    for review in received.order_by("state", "received_at"):
        kept = newest.get(review.state)
        if kept is None or _generated(review) >= _generated(kept):
            newest[review.state] = review
    return list(newest.values())


def _generated(review: ReceivedReview) -> datetime:
    """When the State generated ``review``, comparable whatever offset it was written with."""
    return datetime.fromisoformat(review.generated_at).astimezone(UTC)


def received_comparison(
    *, actor: Actor, period: str, states: set[str] | None = None
) -> dict[str, Any]:
    """The national reviews received for ``period`` (from ``states``, default all) side by
    side: for each State, when its review was generated, how many objectives carry approved
    text, and each reported indicator's figure (None where the State's disclosure control
    suppressed it)."""
    reviews = received_reviews(actor=actor, period=period, states=states)
    values = {r.state: reported_values(r.document) for r in reviews}
    indicators = sorted({i for by_id in values.values() for i in by_id})
    return {
        "period": period,
        "indicators": indicators,
        "states": [
            {
                "state": r.state,
                "generated_at": r.generated_at,
                "schema": r.schema,
                "narrated_objectives": sum(1 for o in r.document["objectives"] if o["narrative"]),
                "values": {i: values[r.state].get(i) for i in indicators},
            }
            for r in reviews
        ],
    }


def check_reporting_year(period: str) -> None:
    """Refuse, naming the period, what is not a year that has begun: the years a review (and
    its narrative) is written for."""
    if len(period) != 4 or not period.isdigit():
        raise InvalidInput("expected a year, e.g. 2025", field="period")
    try:
        require_publishable(parse_period(period))
    except ValueError as problem:
        raise InvalidInput(str(problem), field="period") from None
