"""Every read of people and documents: scoped to the actor, and audited (personal data)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from orderly.core.audit import audit, mask_document_number
from orderly.core.errors import NotFound, NotPermitted
from orderly.core.roles import Action, Actor, Place
from orderly.registry.models import Person, TravelDocument
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.rules.names import names_match, normalize_name


@dataclass(frozen=True)
class Identification:
    """Who a presented document belongs to: its known holder, or people who may be the holder."""

    facts: DocumentFacts
    document: TravelDocument | None
    candidates: list[Person] = field(default_factory=list)

    @property
    def person(self) -> Person | None:
        return self.document.holder if self.document else None


def _require(actor: Actor, action: Action, place: Place | None = None) -> None:
    if not actor.may_somewhere(action):
        raise NotPermitted(f"you may not {action.value}")
    if not actor.can(action, place):
        # Out of the actor's scope: answer as if it did not exist, so nothing leaks.
        raise NotFound("no such record")


def traveller_identify(*, actor: Actor, facts: DocumentFacts) -> Identification:
    """Find the holder of a presented document; for a new document, propose matching people.

    The same document always means the same person. A new document is never merged silently:
    people with the same nationality, date of birth and names are only proposed.
    """
    _require(actor, Action.PERSON_SEARCH, Place())
    document = _document_by_number(facts)
    candidates = [] if document else _holder_candidates(facts)
    audit(
        actor,
        "registry.person.searched",
        obj=document.holder if document else None,
        changes={
            "document": document_label(facts),
            "found": document is not None,
            "candidates": [str(p.pk) for p in candidates],
        },
    )
    return Identification(facts=facts, document=document, candidates=candidates)


def _document_by_number(facts: DocumentFacts) -> TravelDocument | None:
    return (
        TravelDocument.objects.select_related("holder")
        .filter(
            document_kind=facts.document_kind,
            issuing_state=facts.issuing_state,
            number=facts.number,
        )
        .first()
    )


def _holder_candidates(facts: DocumentFacts) -> list[Person]:
    people = Person.objects.filter(
        nationality=facts.nationality,
        date_of_birth=facts.date_of_birth,
        surname_key=normalize_name(facts.surname),
    )[:20]
    return [
        p for p in people if names_match(p.surname, p.given_names, facts.surname, facts.given_names)
    ]


def person_get(*, actor: Actor, person_id: uuid.UUID | str) -> Person:
    """One person, if the actor may see them (a migrant sees only themself)."""
    _require(actor, Action.PERSON_VIEW, Place(person_id=str(person_id)))
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("no such person", field="person_id")
    audit(actor, "registry.person.viewed", obj=person)
    return person


def person_documents(*, actor: Actor, person: Person) -> list[TravelDocument]:
    """The documents of a person, for an actor who may view that person (part of that read)."""
    _require(actor, Action.PERSON_VIEW, Place(person_id=str(person.pk)))
    return list(person.documents.order_by("-expiry_date", "-created_at"))


def document_label(facts: DocumentFacts) -> str:
    """How a document is named in the audit trail: never its full number."""
    return f"{facts.document_type} {facts.issuing_state} {mask_document_number(facts.number)}"
