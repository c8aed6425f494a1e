"""JSON API for finding people by their documents."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from orderly.core.actors import request_actor
from orderly.core.roles import Actor
from orderly.core.schemas import ERRORS
from orderly.registry.models import Person
from orderly.registry.reading import facts_from_mrz, read_mrz
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.schemas import LookupIn, LookupOut, PersonOut
from orderly.registry.selectors import person_documents, person_get, traveller_identify

router = Router(tags=["registry"])


def person_out(actor: Actor, person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "surname": person.surname,
        "given_names": person.given_names,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "nationality": person.nationality,
        "documents": [
            {
                "id": d.pk,
                "document_type": d.document_type,
                "issuing_state": d.issuing_state,
                "number": d.number,
                "expiry_date": d.expiry_date,
            }
            for d in person_documents(actor=actor, person=person)
        ],
    }


# POST, not GET: a document number in a query string would land in every access log.
@router.post("/persons/lookup", response={200: LookupOut, **ERRORS})
def lookup_person(request: HttpRequest, payload: LookupIn) -> Any:
    """Find the holder of a document; for an unknown document, people who may be its holder."""
    actor = request_actor(request)
    found = traveller_identify(actor=actor, facts=_facts(payload))
    person = found.person
    return {
        "found": person is not None,
        "person": person_out(actor, person) if person else None,
        "candidates": [
            {
                "id": p.pk,
                "surname": p.surname,
                "given_names": p.given_names,
                "date_of_birth": p.date_of_birth,
                "nationality": p.nationality,
            }
            for p in found.candidates
        ],
    }


def _facts(payload: LookupIn) -> DocumentFacts:
    if payload.mrz is not None:
        return facts_from_mrz(read_mrz(payload.mrz, today=timezone.now().date()))
    assert payload.document_type and payload.issuing_state and payload.number
    # Only the document's key is known; the holder's details come from the registry.
    return DocumentFacts(
        document_type=payload.document_type.rstrip("<"),
        issuing_state=payload.issuing_state,
        number=payload.number,
        expiry_date=None,
        surname="",
        given_names="",
        date_of_birth="",
        sex="",
        nationality="",
    )


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """One person and their documents (a migrant may fetch only themself)."""
    actor = request_actor(request)
    return person_out(actor, person_get(actor=actor, person_id=person_id))
