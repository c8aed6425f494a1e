"""Every read of cooperation: the review's cooperation annex, and the consular notification
deadline for a detained foreigner. Both need ``cooperation.view``; everyone else is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pycountry
from django.db.models import Q

from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.rules import ConsularDeadline, notification_deadline
from orderly.cooperation.rules.kinds import (
    AGREEMENT_KIND_LABELS,
    FUNDING_KIND_LABELS,
    MECHANISM_KIND_LABELS,
    PARTICIPATION_ROLE_LABELS,
    AgreementKind,
    FundingKind,
    MechanismKind,
    ParticipationRole,
)
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.registry.rules.mrz_states import is_known_state, state_to_iso3


@dataclass(frozen=True)
class AnnexAgreement:
    """A bilateral agreement as the annex lists it; ``in_force`` False: signed, not yet in force."""

    partner: str  # ISO 3166-1 alpha-3
    partner_name: str
    title: str
    kind: str
    kind_label: str
    signed_on: date
    in_force_on: date | None
    ended_on: date | None
    in_force: bool
    notification_hours: int | None
    notification_mandatory: bool
    source: str
    source_url: str


@dataclass(frozen=True)
class AnnexMechanism:
    """A mechanism the State took part in on the annex's day, and its role there."""

    name: str
    kind: str
    kind_label: str
    role: str
    role_label: str
    joined_on: date
    ended_on: date | None
    description: str
    source: str
    source_url: str


@dataclass(frozen=True)
class AnnexProject:
    """A project running in the annex's period, with the GCM objectives it serves."""

    title: str
    partners: tuple[str, ...]
    funding_kind: str
    funding_kind_label: str
    funder: str
    amount: Decimal | None
    currency: str
    starts_on: date
    ends_on: date | None
    objectives: tuple[int, ...]
    summary: str
    source: str
    source_url: str


@dataclass(frozen=True)
class CooperationAnnex:
    """The cooperation annex of a review: what stood on ``on``, and the projects that ran on
    any day from ``since`` to ``on``.

    ``agreements`` lists those in force on ``on`` first, then those signed but not yet in force
    (``in_force`` False), each group by partner and date of signature.
    """

    on: date
    since: date
    agreements: tuple[AnnexAgreement, ...]
    mechanisms: tuple[AnnexMechanism, ...]
    projects: tuple[AnnexProject, ...]

    @property
    def in_force(self) -> tuple[AnnexAgreement, ...]:
        return tuple(a for a in self.agreements if a.in_force)

    @property
    def awaiting_force(self) -> tuple[AnnexAgreement, ...]:
        return tuple(a for a in self.agreements if not a.in_force)


def cooperation_annex(*, actor: Actor, on: date, since: date | None = None) -> CooperationAnnex:
    """The agreements in force (or signed, awaiting force) on ``on``, the mechanisms the State
    took part in that day, and the projects running on any day from ``since`` (default: ``on``)
    to ``on``; each with its source. Refused without ``cooperation.view``."""
    _require_view(actor)
    since = on if since is None else since
    if since > on:
        raise InvalidInput("the period starts on or before its last day", field="since")
    return CooperationAnnex(
        on=on,
        since=since,
        agreements=_agreements(on),
        mechanisms=_mechanisms(on),
        projects=_projects(since, on),
    )


def consular_deadline(*, actor: Actor, nationality: str, on: date) -> ConsularDeadline:
    """The consular notification deadline for a national of ``nationality`` detained on ``on``:
    the bilateral consular agreement's hours and mandatory flag, else the Vienna Convention's
    "without delay" at the detainee's request. ``nationality`` is an ISO alpha-3 code or an MRZ
    code (D for Germany, GBD for a British Overseas Territories Citizen)."""
    _require_view(actor)
    code = _nationality(nationality)
    agreements = BilateralAgreement.objects.filter(
        partner=code, kind=AgreementKind.CONSULAR, in_force_on__lte=on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    return notification_deadline(code, on, [agreement.terms() for agreement in agreements])


def _require_view(actor: Actor) -> None:
    if not actor.can(Action.COOPERATION_VIEW):
        raise NotPermitted("you may not read the cooperation records")


def _nationality(nationality: str) -> str:
    given = nationality.strip().strip("<").upper()
    if not given or not is_known_state(given):
        raise InvalidInput(
            f"{nationality!r} is not a nationality code (ISO 3166-1 alpha-3, or as an MRZ "
            "shows it)",
            field="nationality",
        )
    # Stateless people, refugees and the like keep their code: no State has a treaty for them.
    return state_to_iso3(given) or given


def _agreements(on: date) -> tuple[AnnexAgreement, ...]:
    standing = BilateralAgreement.objects.filter(signed_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    rows = [_annex_agreement(agreement, on) for agreement in standing]
    return tuple(sorted(rows, key=lambda a: (not a.in_force, a.partner_name, a.signed_on)))


def _annex_agreement(agreement: BilateralAgreement, on: date) -> AnnexAgreement:
    return AnnexAgreement(
        partner=agreement.partner,
        partner_name=_country_name(agreement.partner),
        title=agreement.title,
        kind=agreement.kind,
        kind_label=AGREEMENT_KIND_LABELS[AgreementKind(agreement.kind)],
        signed_on=agreement.signed_on,
        in_force_on=agreement.in_force_on,
        ended_on=agreement.ended_on,
        in_force=agreement.terms().in_force(on),
        notification_hours=agreement.notification_hours,
        notification_mandatory=agreement.notification_mandatory,
        source=agreement.source,
        source_url=agreement.source_url,
    )


def _mechanisms(on: date) -> tuple[AnnexMechanism, ...]:
    taking_part = MultilateralMechanism.objects.filter(joined_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    return tuple(
        AnnexMechanism(
            name=m.name,
            kind=m.kind,
            kind_label=MECHANISM_KIND_LABELS[MechanismKind(m.kind)],
            role=m.role,
            role_label=PARTICIPATION_ROLE_LABELS[ParticipationRole(m.role)],
            joined_on=m.joined_on,
            ended_on=m.ended_on,
            description=m.description,
            source=m.source,
            source_url=m.source_url,
        )
        for m in taking_part.order_by("name")
    )


def _projects(since: date, on: date) -> tuple[AnnexProject, ...]:
    running = CooperationProject.objects.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=since)
    )
    return tuple(
        AnnexProject(
            title=p.title,
            partners=tuple(p.partners),
            funding_kind=p.funding_kind,
            funding_kind_label=FUNDING_KIND_LABELS[FundingKind(p.funding_kind)],
            funder=p.funder,
            amount=p.amount,
            currency=p.currency,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            objectives=tuple(p.objectives),
            summary=p.summary,
            source=p.source,
            source_url=p.source_url,
        )
        for p in running.order_by("starts_on", "title")
    )


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
