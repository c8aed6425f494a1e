"""Every read in the stay context: a person's status, and the overstay list, scoped and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from orderly.core.audit import audit
from orderly.core.errors import NotPermitted
from orderly.core.roles import Action, Actor, Place, ScopeKind
from orderly.registry.models import Person
from orderly.stay.facts import person_facts
from orderly.stay.models import OPEN_OR_LATE, Application, AuthorizedStay
from orderly.stay.packs_in_force import decide_in_force
from orderly.stay.rules import StayDecision
from orderly.stay.rules.facts import days_between

MAX_PAGE = 500
IN_COUNTRY = "in_country"
OUT_OF_COUNTRY = "out_of_country"


def person_status(*, actor: Actor, person: Person, as_of: date | None = None) -> StayDecision:
    """``person``'s decision now (or as of a day), for someone allowed to see it; audited."""
    if not actor.can(Action.STAY_VIEW, Place(person_id=str(person.pk))):
        raise NotPermitted("you may not see this person's status")
    decision = decide_in_force(person_facts(person), as_of or timezone.now())
    audit(actor, "stay.status.viewed", obj=person, changes={
        "status": decision.status.value, "pack": decision.pack_version,
    })  # fmt: skip
    return decision


@dataclass(frozen=True)
class Overstay:
    """One stay past its last lawful day as of the list's day, with its evidence."""

    stay: AuthorizedStay
    kind: str  # IN_COUNTRY (no exit by the day) or OUT_OF_COUNTRY (the exit came later)
    days: int


@dataclass(frozen=True)
class OverstayList:
    as_of: date
    in_country: int
    out_of_country: int
    rows: list[Overstay]


def overstays_list(
    *, actor: Actor, as_of: date, kind: str | None = None, limit: int = 100, offset: int = 0
) -> OverstayList:
    """Overstays as of ``as_of`` in the actor's jurisdiction: suspected in-country (no exit
    recorded by then) and out-of-country (left after the last lawful day), with counts.

    Someone whose application filed by the last lawful day still awaits a decision on
    ``as_of`` is not an overstay. Ends are those computed with every fact known now.
    """
    stays = _in_jurisdiction(actor, _overstayed_by(as_of))
    in_country = stays.filter(_in_country_on(as_of))
    out_of_country = stays.exclude(_in_country_on(as_of))
    chosen = {IN_COUNTRY: in_country, OUT_OF_COUNTRY: out_of_country}.get(kind or "", stays)
    page = chosen.select_related("person").order_by("unlawful_from", "entered_on", "pk")[
        offset : offset + min(limit, MAX_PAGE)
    ]
    rows = [_row(stay, as_of) for stay in page]
    # Both counts in one pass over the stays: at national scale each pass is seconds. Counted
    # on entered_on (never empty, so the same count as rows), a column of the partial index, so
    # the count reads the index alone; the key is not in it.
    counts = stays.aggregate(
        inside=Count("entered_on", filter=_in_country_on(as_of)),
        gone=Count("entered_on", filter=~_in_country_on(as_of)),
    )
    listed = OverstayList(as_of, counts["inside"], counts["gone"], rows)
    audit(actor, "stay.overstays.listed", changes={
        "as_of": as_of.isoformat(), "kind": kind, "rows": len(rows),
        "people": [str(row.stay.person_id) for row in rows],
    })  # fmt: skip
    return listed


def _overstayed_by(as_of: date) -> QuerySet[AuthorizedStay]:
    """Stays present unlawfully on or before ``as_of``: still in the country on ``as_of``, or
    gone by then but after the last lawful day (on or after their first unlawful day)."""
    pending = Application.objects.filter(
        person_id=OuterRef("person_id"),
        filed_on__gte=OuterRef("entered_on"),  # during this stay, not an earlier one
        filed_on__lt=OuterRef("unlawful_from"),  # by the last lawful day
    ).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=as_of), filed_on__lte=as_of)
    gone_late = Q(exited_on__lte=as_of) & Q(exited_on__gte=F("unlawful_from"))
    # One range of one column, inside the partial index, whose columns are all the counts read.
    # (A stay unlawful from a day on or before as_of was entered by then.)
    return (
        AuthorizedStay.objects.filter(OPEN_OR_LATE)
        .filter(unlawful_from__lte=as_of)
        .filter(_in_country_on(as_of) | gone_late)
        .exclude(Exists(pending))
    )


def _in_country_on(as_of: date) -> Q:
    return Q(exited_on__isnull=True) | Q(exited_on__gt=as_of)


def _in_jurisdiction(actor: Actor, stays: QuerySet[AuthorizedStay]) -> QuerySet[AuthorizedStay]:
    """Only stays that began in the actor's regions (or all of them, for the nation)."""
    if not actor.may_somewhere(Action.OVERSTAY_LIST):
        raise NotPermitted("you may not list overstays")
    if actor.reaches_nation(Action.OVERSTAY_LIST):
        return stays
    return stays.filter(region__in=actor.scope_codes(Action.OVERSTAY_LIST, ScopeKind.REGION))


def _row(stay: AuthorizedStay, as_of: date) -> Overstay:
    gone = stay.exited_on is not None and stay.exited_on <= as_of
    last_present = stay.exited_on if gone and stay.exited_on else as_of
    assert stay.unlawful_from is not None  # the list holds no exempt stay
    return Overstay(
        stay, OUT_OF_COUNTRY if gone else IN_COUNTRY, days_between(stay.unlawful_from, last_present)
    )
