"""JSON API for the stay calculator (no account needed), a person's status and overstays."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from orderly.core.actors import request_actor
from orderly.core.schemas import ERRORS, IsoDay
from orderly.registry.selectors import person_get
from orderly.stay.calculator import PastStay, Question, calculate
from orderly.stay.packs_in_force import pack_in_force, pack_names
from orderly.stay.schemas import CalculatorIn, DecisionOut, OverstayListOut, PackOut
from orderly.stay.selectors import Overstay, overstays_list, person_status

router = Router(tags=["stay"])


@router.get("/stay/packs", response={200: list[PackOut], **ERRORS}, auth=None)
def list_packs(request: HttpRequest) -> Any:
    """The policy packs in force, with the version each decision would record."""
    packs = (pack_in_force(name) for name in pack_names())
    return [
        {"name": p.pack.name, "version": p.label, "title": p.pack.title, "notice": p.pack.notice}
        for p in packs
    ]


@router.post("/stay/calculate", response={200: DecisionOut, **ERRORS}, auth=None)
def calculate_stay(request: HttpRequest, payload: CalculatorIn) -> Any:
    """The stay calculator: days used and remaining, the last lawful day, the earliest
    re-entry and the reasons, for past stays and a planned trip. Needs no account; stores
    nothing."""
    question = Question(
        pack=payload.pack,
        as_of=payload.as_of,
        nationality=payload.nationality,
        stays=tuple(PastStay(s.entry, s.exit) for s in payload.stays),
        planned_entry=payload.planned_entry,
        planned_days=payload.planned_days,
    )
    return calculate(question).as_dict()


@router.get("/persons/{person_id}/stay", response={200: DecisionOut, **ERRORS})
def person_stay(request: HttpRequest, person_id: uuid.UUID, as_of: IsoDay | None = None) -> Any:
    """A person's status now (or as of a day) with its reasons; the read is audited."""
    actor = request_actor(request)
    person = person_get(actor=actor, person_id=person_id)
    return person_status(actor=actor, person=person, as_of=as_of).as_dict()


@router.get("/stay/overstays", response={200: OverstayListOut, **ERRORS})
def list_overstays(
    request: HttpRequest,
    as_of: IsoDay,
    kind: str | None = Query(None, pattern="^(in_country|out_of_country)$"),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Any:
    """Overstays as of a day in the caller's jurisdiction, in-country and out-of-country."""
    listed = overstays_list(
        actor=request_actor(request), as_of=as_of, kind=kind, limit=limit, offset=offset
    )
    return {
        "as_of": listed.as_of,
        "in_country": listed.in_country,
        "out_of_country": listed.out_of_country,
        "rows": [_overstay_out(row) for row in listed.rows],
    }


def _overstay_out(row: Overstay) -> dict[str, Any]:
    stay = row.stay
    return {
        "person_id": stay.person_id,
        "name": stay.person.display_name,
        "nationality": stay.person.nationality,
        "kind": row.kind,
        "entered_on": stay.entered_on,
        "port": stay.port,
        "authorized_until": stay.authorized_until,
        "exited_on": stay.exited_on,
        "exit_unrecorded": stay.exit_unrecorded,
        "overstay_days": row.days,
        "basis": stay.basis,
        "reasons": stay.reasons,
    }
