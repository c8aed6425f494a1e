"""Every write of cooperation: agreements, mechanisms and projects created, changed and ended.

Administrators keep these records. The admin, the demo loader and anything later all come
through here, so each change is checked by the rules, written and audited in one transaction;
bad input is refused naming the field, and nothing is half-written. Nothing is deleted: an
agreement that stops applying, a mechanism the State leaves or a project closed early is ended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.rules import (
    AgreementTerms,
    MechanismTerms,
    Problem,
    ProjectTerms,
    agreement_problem,
    mechanism_problem,
    project_problem,
)
from orderly.core.audit import audit
from orderly.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from orderly.core.roles import Action, Actor


@dataclass(frozen=True)
class _Record:
    """How one kind of record is checked, keyed, written and named in the audit trail."""

    model: type[models.Model]
    event: str  # cooperation.agreement -> cooperation.agreement.created, ...
    fields: tuple[str, ...]  # the facts, named alike in the model, the terms and the services
    key: tuple[str, ...]  # the facts that name a record once
    named_by: str  # the fact a person names the record by, blamed when it is recorded twice
    twice: str  # what is said when it is
    end: str  # the fact the end service sets
    problem: Callable[[Any], Problem | None]
    # A fact that cannot lie ahead of today (a signature, joining), or "" for none.
    past: str = ""


AGREEMENT = _Record(
    model=BilateralAgreement,
    event="cooperation.agreement",
    fields=(
        "partner",
        "title",
        "kind",
        "signed_on",
        "in_force_on",
        "ended_on",
        "notification_hours",
        "notification_mandatory",
        "source",
        "source_url",
    ),
    key=("partner", "title", "signed_on"),
    named_by="title",
    twice="this agreement (partner, title and day of signature) is already recorded",
    end="ended_on",
    problem=agreement_problem,
    past="signed_on",
)
MECHANISM = _Record(
    model=MultilateralMechanism,
    event="cooperation.mechanism",
    fields=(
        "name",
        "kind",
        "role",
        "joined_on",
        "ended_on",
        "description",
        "source",
        "source_url",
    ),
    key=("name",),
    named_by="name",
    twice="a mechanism of this name is already recorded",
    end="ended_on",
    problem=mechanism_problem,
    past="joined_on",
)
PROJECT = _Record(
    model=CooperationProject,
    event="cooperation.project",
    fields=(
        "title",
        "partners",
        "funding_kind",
        "funder",
        "amount",
        "currency",
        "starts_on",
        "ends_on",
        "objectives",
        "summary",
        "source",
        "source_url",
    ),
    key=("title",),
    named_by="title",
    twice="a project of this title is already recorded",
    end="ends_on",
    problem=project_problem,
)


# --- bilateral agreements -------------------------------------------------------------------


def bilateral_agreement_create(
    *,
    actor: Actor,
    partner: str,
    title: str,
    kind: str,
    signed_on: date,
    source: str,
    in_force_on: date | None = None,
    ended_on: date | None = None,
    notification_hours: int | None = None,
    notification_mandatory: bool = False,
    source_url: str = "",
) -> BilateralAgreement:
    """Record an agreement with ``partner`` (ISO alpha-3). A consular agreement states its
    notification deadline in hours and whether notification is mandatory; no other kind does."""
    terms = AgreementTerms(
        partner=partner,
        title=title,
        kind=kind,
        signed_on=signed_on,
        in_force_on=in_force_on,
        ended_on=ended_on,
        notification_hours=notification_hours,
        notification_mandatory=notification_mandatory,
        source=source,
        source_url=source_url,
    )
    created = _create(actor, AGREEMENT, terms)
    assert isinstance(created, BilateralAgreement)
    return created


def bilateral_agreement_update(
    *, actor: Actor, agreement: BilateralAgreement, **changes: Any
) -> BilateralAgreement:
    """Change some of an agreement's facts, named as in ``bilateral_agreement_create``; the
    audit event holds each changed fact's value before and after."""
    updated = _update(actor, AGREEMENT, agreement, changes)
    assert isinstance(updated, BilateralAgreement)
    return updated


def bilateral_agreement_end(
    *, actor: Actor, agreement: BilateralAgreement, ended_on: date
) -> BilateralAgreement:
    """Record that an agreement no longer applies from ``ended_on`` (terminated, expired or
    replaced); it stays on record, and applies on every day before."""
    ended = _end(actor, AGREEMENT, agreement, ended_on)
    assert isinstance(ended, BilateralAgreement)
    return ended


def agreement_validate(terms: AgreementTerms) -> None:
    """Refuse an agreement whose facts do not hang together, naming the field."""
    _validate(AGREEMENT, terms)


# --- multilateral mechanisms ----------------------------------------------------------------


def multilateral_mechanism_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    role: str,
    joined_on: date,
    source: str,
    ended_on: date | None = None,
    description: str = "",
    source_url: str = "",
) -> MultilateralMechanism:
    """Record a mechanism the State takes part in, with its role (member, observer, chair...)."""
    terms = MechanismTerms(
        name=name,
        kind=kind,
        role=role,
        joined_on=joined_on,
        ended_on=ended_on,
        description=description,
        source=source,
        source_url=source_url,
    )
    created = _create(actor, MECHANISM, terms)
    assert isinstance(created, MultilateralMechanism)
    return created


def multilateral_mechanism_update(
    *, actor: Actor, mechanism: MultilateralMechanism, **changes: Any
) -> MultilateralMechanism:
    """Change some of a mechanism's facts (e.g. the State's role), named as in create."""
    updated = _update(actor, MECHANISM, mechanism, changes)
    assert isinstance(updated, MultilateralMechanism)
    return updated


def multilateral_mechanism_end(
    *, actor: Actor, mechanism: MultilateralMechanism, ended_on: date
) -> MultilateralMechanism:
    """Record that the State no longer takes part in a mechanism from ``ended_on``."""
    ended = _end(actor, MECHANISM, mechanism, ended_on)
    assert isinstance(ended, MultilateralMechanism)
    return ended


def mechanism_validate(terms: MechanismTerms) -> None:
    """Refuse a mechanism whose facts do not hang together, naming the field."""
    _validate(MECHANISM, terms)


# --- cooperation projects -------------------------------------------------------------------


def cooperation_project_create(
    *,
    actor: Actor,
    title: str,
    partners: tuple[str, ...] | list[str],
    funding_kind: str,
    funder: str,
    starts_on: date,
    objectives: tuple[int, ...] | list[int],
    source: str,
    ends_on: date | None = None,
    amount: Decimal | None = None,
    currency: str = "",
    summary: str = "",
    source_url: str = "",
) -> CooperationProject:
    """Record a project: its partners, its funding (an amount with its ISO 4217 currency, or
    none), its days, and the GCM objectives (1 to 23) it serves."""
    terms = ProjectTerms(
        title=title,
        partners=tuple(partners),
        funding_kind=funding_kind,
        funder=funder,
        starts_on=starts_on,
        ends_on=ends_on,
        objectives=tuple(objectives),
        amount=amount,
        currency=currency,
        summary=summary,
        source=source,
        source_url=source_url,
    )
    created = _create(actor, PROJECT, terms)
    assert isinstance(created, CooperationProject)
    return created


def cooperation_project_update(
    *, actor: Actor, project: CooperationProject, **changes: Any
) -> CooperationProject:
    """Change some of a project's facts (e.g. extend it), named as in create."""
    updated = _update(actor, PROJECT, project, changes)
    assert isinstance(updated, CooperationProject)
    return updated


def cooperation_project_end(
    *, actor: Actor, project: CooperationProject, ends_on: date
) -> CooperationProject:
    """Close a project on ``ends_on``, its last day: a project with no end yet, or one closed
    before the end it had. To extend a project, update its ``ends_on``."""
    ended = _end(actor, PROJECT, project, ends_on, closing_early=True)
    assert isinstance(ended, CooperationProject)
    return ended


def project_validate(terms: ProjectTerms) -> None:
    """Refuse a project whose facts do not hang together, naming the field."""
    _validate(PROJECT, terms)


# --- shared ---------------------------------------------------------------------------------


def _require(actor: Actor) -> None:
    if not actor.can(Action.COOPERATION_MANAGE):
        raise NotPermitted("you may not manage cooperation records")


def _validate(record: _Record, terms: Any) -> None:
    problem = record.problem(terms)
    if problem is not None:
        raise InvalidInput(problem.message, field=problem.field)
    if record.past and getattr(terms, record.past) > timezone.localdate():
        raise InvalidInput(
            f"{record.past.replace('_', ' ')} cannot be in the future", field=record.past
        )


@transaction.atomic
def _create(actor: Actor, record: _Record, terms: Any) -> models.Model:
    _require(actor)
    terms = _tidy(terms)
    _validate(record, terms)
    values = {field: _column(getattr(terms, field)) for field in record.fields}
    _refuse_twice(record, values)
    row = _saved(record, record.model(**values))
    audit(actor, f"{record.event}.created", obj=row, changes=_json(values))
    return row


@transaction.atomic
def _update(
    actor: Actor, record: _Record, row: models.Model, changes: Mapping[str, Any]
) -> models.Model:
    _require(actor)
    for name in changes:
        if name not in record.fields:
            raise InvalidInput(f"{name!r} is not a fact that can be changed", field=name)
    current = _locked(record, row)
    before = {field: getattr(current, field) for field in record.fields}
    terms = _tidy(replace(current.terms(), **changes))
    _validate(record, terms)
    after = {field: _column(getattr(terms, field)) for field in record.fields}
    changed = {field: after[field] for field in record.fields if after[field] != before[field]}
    if not changed:
        return current
    if any(field in changed for field in record.key):
        _refuse_twice(record, after, leaving_out=current.pk)
    for field, value in changed.items():
        setattr(current, field, value)
    _saved(record, current, fields=list(changed))
    audit(
        actor,
        f"{record.event}.updated",
        obj=current,
        changes={
            f: {"from": _json_value(before[f]), "to": _json_value(v)} for f, v in changed.items()
        },
    )
    return current


@transaction.atomic
def _end(
    actor: Actor, record: _Record, row: models.Model, day: date, *, closing_early: bool = False
) -> models.Model:
    _require(actor)
    current = _locked(record, row)
    already = getattr(current, record.end)
    if already is not None and not closing_early:
        raise InvalidInput(f"it has already ended, on {already}", field=record.end)
    if already is not None and day > already:
        raise InvalidInput(
            f"it already ends on {already}: to extend it, change its end", field=record.end
        )
    terms = replace(current.terms(), **{record.end: day})
    _validate(record, terms)
    setattr(current, record.end, day)
    _saved(record, current, fields=[record.end])
    audit(
        actor,
        f"{record.event}.ended",
        obj=current,
        changes={record.end: {"from": _json_value(already), "to": day.isoformat()}},
    )
    return current


def _locked(record: _Record, row: models.Model) -> Any:
    try:
        return record.model._default_manager.select_for_update().get(pk=row.pk)
    except ObjectDoesNotExist:
        raise NotFound("no such record", field="id") from None


def _refuse_twice(
    record: _Record, values: Mapping[str, Any], leaving_out: object | None = None
) -> None:
    same = record.model._default_manager.filter(**{f: values[f] for f in record.key})
    if leaving_out is not None:
        same = same.exclude(pk=leaving_out)
    if same.exists():
        raise Conflict(record.twice, field=record.named_by)


def _saved(record: _Record, row: models.Model, fields: list[str] | None = None) -> models.Model:
    # A concurrent save of the same record is refused by the unique constraint, not by the
    # check above; it is the same conflict, said the same way.
    try:
        with transaction.atomic():
            row.save(update_fields=fields)
    except IntegrityError:
        raise Conflict(record.twice, field=record.named_by) from None
    return row


# Codes are kept in capitals, texts without the spaces around them, objectives in order once.
_CODES = ("partner", "currency")


def _tidy(terms: Any) -> Any:
    tidied: dict[str, Any] = {}
    for field in terms.__dataclass_fields__:
        value = getattr(terms, field)
        if isinstance(value, str):
            tidied[field] = value.strip().upper() if field in _CODES else value.strip()
        elif field == "partners" and isinstance(value, list | tuple):
            tidied[field] = tuple(v.strip() if isinstance(v, str) else v for v in value)
        elif field == "objectives" and isinstance(value, list | tuple):
            tidied[field] = _objectives(tuple(value))
    return replace(terms, **tidied)


def _objectives(numbers: tuple[Any, ...]) -> tuple[Any, ...]:
    if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return tuple(sorted(set(numbers)))
    return numbers  # the rule says which one is not an objective


def _column(value: Any) -> Any:
    """A fact as its column holds it (JSON lists for partners and objectives)."""
    return list(value) if isinstance(value, tuple) else value


def _json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {field: _json_value(value) for field, value in values.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
