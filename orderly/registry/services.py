"""Every write to people and documents: checks permission, writes, audits, in one transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from orderly.core.audit import audit
from orderly.core.errors import Conflict, InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.registry.models import Person, TravelDocument
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.rules.names import names_match, normalize_name
from orderly.registry.selectors import document_label


# Not atomic as a whole: a document registered already is only read, and a new one is written
# with its holder in one block below. A caller's transaction (the border's, recording a first
# crossing) then has no savepoint to pay for on its busiest path.
def document_register(
    *, actor: Actor, facts: DocumentFacts, holder: Person | None
) -> TravelDocument:
    """Register a new document, held by ``holder`` (a match the officer confirmed) or a new person.

    A document already registered keeps its holder: the same document always means the same person.
    """
    existing = document_presented_again(actor=actor, facts=facts, holder=holder)
    if existing is not None:
        return existing
    if holder is not None and not could_hold(holder, facts):
        raise InvalidInput(
            "this person's nationality, date of birth or names differ from the document's",
            field="holder_id",
        )
    try:
        with transaction.atomic():
            person = holder or _person_create(actor, facts)
            return _document_create(actor, facts, person)
    except IntegrityError:
        # Another desk or post registered the same document a moment ago: it is theirs now,
        # and ours is the same document, so it means the same person.
        existing = _registered(facts)
        if existing is None:
            raise
        return _same_holder(existing, holder)


def document_presented_again(
    *, actor: Actor, facts: DocumentFacts, holder: Person | None
) -> TravelDocument | None:
    """The registered document ``facts`` describe, with its holder; None if it is new.

    Checked as registering it would be, so that a caller may look before it registers.
    """
    if not actor.can(Action.DOCUMENT_REGISTER):
        raise NotPermitted("you may not register documents")
    if not facts.identifies_holder:
        raise InvalidInput("a visa does not identify its holder; read the passport", field="mrz")
    existing = _registered(facts)
    return None if existing is None else _same_holder(existing, holder)


def _registered(facts: DocumentFacts) -> TravelDocument | None:
    # get(), not first(): at most one row, and no ORDER BY to build on every scan.
    try:
        return TravelDocument.objects.select_related("holder").get(
            document_kind=facts.document_kind,
            issuing_state=facts.issuing_state,
            number=facts.number,
        )
    except TravelDocument.DoesNotExist:
        return None


def _same_holder(document: TravelDocument, holder: Person | None) -> TravelDocument:
    if holder is not None and document.holder_id != holder.pk:
        raise Conflict("this document already belongs to another person", field="holder_id")
    return document


def could_hold(person: Person, facts: DocumentFacts) -> bool:
    """True when ``person`` is one of the people a new document could be proposed for.

    Linking a document to an existing person is only allowed where the match rule would have
    proposed it; anything else would merge two people on an officer's word alone.
    """
    return (
        person.nationality == facts.nationality
        and person.date_of_birth == facts.date_of_birth
        and names_match(person.surname, person.given_names, facts.surname, facts.given_names)
    )


def _person_create(actor: Actor, facts: DocumentFacts) -> Person:
    person = Person.objects.create(
        surname=facts.surname,
        given_names=facts.given_names,
        surname_key=normalize_name(facts.surname),
        given_names_key=normalize_name(facts.given_names),
        date_of_birth=facts.date_of_birth,
        sex=facts.sex,
        nationality=facts.nationality,
        created_at=timezone.now(),
    )
    audit(
        actor,
        "registry.person.created",
        obj=person,
        changes={"nationality": facts.nationality, "date_of_birth": facts.date_of_birth},
    )
    return person


def _document_create(actor: Actor, facts: DocumentFacts, person: Person) -> TravelDocument:
    document = TravelDocument.objects.create(
        holder=person,
        document_type=facts.document_type,
        document_kind=facts.document_kind,
        issuing_state=facts.issuing_state,
        number=facts.number,
        expiry_date=facts.expiry_date,
        created_at=timezone.now(),
    )
    audit(
        actor,
        "registry.document.registered",
        obj=document,
        changes={
            "holder": str(person.pk),
            "document": document_label(facts),
        },
    )
    return document
