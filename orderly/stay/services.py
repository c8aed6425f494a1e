"""Every write in the stay context: pack versions, authorizations, applications, and the
authorized stays kept for the overstay list (recomputed whenever a person's facts change)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from orderly.border.models import Crossing, CrossingCorrection, Direction, Outcome
from orderly.core.audit import audit
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor, system_actor
from orderly.registry.models import Person
from orderly.stay.facts import admitted_crossings, person_facts
from orderly.stay.models import Application, Authorization, AuthorizedStay, PackVersion
from orderly.stay.packfiles import PackError, installed_pack_files, pack_from_text
from orderly.stay.packs_in_force import DEFAULT_PACK, digest, pack_in_force
from orderly.stay.rules import Status, StayDecision, decide
from orderly.stay.rules.facts import AUTHORIZATION_KINDS, PersonFacts
from orderly.stay.rules.pack import Pack


@transaction.atomic
def pack_load(*, actor: Actor, text: str, source: str) -> PackVersion:
    """Check ``text`` and keep it as the new version in force of the pack it names.

    Loading the text already in force changes nothing; every other load is a new version,
    kept for good, so a stored decision can always show the text it used.
    """
    if not actor.may_somewhere(Action.PACK_MANAGE):
        raise NotPermitted("you may not change policy packs")
    try:
        pack = pack_from_text(text, source)
    except PackError as problem:
        raise InvalidInput(str(problem), field="file") from None
    sha = digest(text)
    latest = PackVersion.objects.filter(name=pack.name).order_by("-loaded_at", "-id").first()
    if latest is not None and latest.sha256 == sha:
        return latest
    version = PackVersion.objects.create(
        name=pack.name,
        version=pack.version,
        title=pack.title,
        text=text,
        sha256=sha,
        source=source[:200],
        loaded_at=timezone.now(),
        loaded_by_id=actor.user_id,
    )
    audit(actor, "stay.pack.loaded", obj=version, changes={
        "name": pack.name, "version": pack.version, "sha256": sha, "source": source[:200],
        "replaces": latest.label if latest else None,
    })  # fmt: skip
    return version


def pack_version_for_decisions(name: str = DEFAULT_PACK) -> tuple[PackVersion, Pack]:
    """The stored version of ``name`` in force and its rules; the shipped file is stored
    first if none is (a stored decision must be able to name the text it used)."""
    in_force = pack_in_force(name)
    if in_force.version is not None:
        return in_force.version, in_force.pack
    text = installed_pack_files()[name].read_text(encoding="utf-8")
    version = pack_load(actor=system_actor("shipped pack"), text=text, source=f"shipped:{name}")
    return version, in_force.pack


@dataclass(frozen=True)
class AuthorizationRequest:
    kind: str
    category: str
    reference: str
    valid_from: date
    valid_until: date
    granted_on: date
    entries: int | None = None
    stay_days: int | None = None


@transaction.atomic
def authorization_record(
    *, actor: Actor, person: Person, request: AuthorizationRequest
) -> Authorization:
    """Record a visa, permit or extension granted to ``person``, then recompute their stays."""
    if not actor.may_somewhere(Action.AUTHORIZATION_RECORD):
        raise NotPermitted("you may not record authorizations")
    _validate_authorization(request)
    authorization = Authorization.objects.create(
        person=person,
        kind=request.kind,
        category=request.category,
        reference=request.reference,
        valid_from=request.valid_from,
        valid_until=request.valid_until,
        granted_on=request.granted_on,
        entries=request.entries,
        stay_days=request.stay_days,
        recorded_at=timezone.now(),
        recorded_by_id=actor.user_id,
    )
    audit(actor, "stay.authorization.recorded", obj=authorization, changes={
        "person": str(person.pk), "kind": request.kind, "category": request.category,
        "valid_from": request.valid_from.isoformat(),
        "valid_until": request.valid_until.isoformat(),
    })  # fmt: skip
    stays_refresh(actor=actor, person=person)
    return authorization


@transaction.atomic
def authorizations_bulk_record(*, actor: Actor, granted: list[Authorization], source: str) -> int:
    """Record many authorizations at once (a bulk load), audited as one event; returns how many.

    Stays are not recomputed here: run ``stays_refresh_everyone`` after the load.
    """
    if not actor.may_somewhere(Action.AUTHORIZATION_RECORD):
        raise NotPermitted("you may not record authorizations")
    Authorization.objects.bulk_create(granted, batch_size=1000)
    audit(actor, "stay.authorizations.bulk_recorded", changes={
        "source": source, "recorded": len(granted),
    })  # fmt: skip
    return len(granted)


def _validate_authorization(request: AuthorizationRequest) -> None:
    if request.kind not in AUTHORIZATION_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(sorted(AUTHORIZATION_KINDS))}",
                           field="kind")  # fmt: skip
    if not request.category.strip():
        raise InvalidInput("a category is required", field="category")
    if request.valid_until < request.valid_from:
        raise InvalidInput("valid until is before valid from", field="valid_until")
    if request.entries is not None and request.entries < 1:
        raise InvalidInput("entries must be at least 1 (empty: multiple)", field="entries")
    if request.stay_days is not None and request.stay_days < 1:
        raise InvalidInput("stay days must be at least 1", field="stay_days")


@transaction.atomic
def application_record(
    *, actor: Actor, person: Person, kind: str, filed_on: date, decided_on: date | None = None
) -> Application:
    """Record an application for an extension or a permit (pending while undecided), then
    recompute the person's stays: one filed in time is part of the evidence each stay keeps."""
    if not actor.may_somewhere(Action.AUTHORIZATION_RECORD):
        raise NotPermitted("you may not record applications")
    if decided_on is not None and decided_on < filed_on:
        raise InvalidInput("decided before it was filed", field="decided_on")
    application = Application.objects.create(
        person=person, kind=kind, filed_on=filed_on, decided_on=decided_on,
        recorded_at=timezone.now(),
    )  # fmt: skip
    audit(actor, "stay.application.recorded", obj=application, changes={
        "person": str(person.pk), "kind": kind, "filed_on": filed_on.isoformat(),
    })  # fmt: skip
    stays_refresh(actor=actor, person=person)
    return application


def stays_refresh(
    *,
    actor: Actor,
    person: Person,
    pack_name: str = DEFAULT_PACK,
    since: datetime | None = None,
) -> int:
    """Recompute the authorized end of each of ``person``'s stays; returns how many changed.

    ``since``: only a crossing from then on is new, so the stays that ended before it (decided
    as of their exit, they cannot see it) are left as they are. A crossing recorded at the desk
    then recomputes the last stay alone, however long the person's history.

    A cache derived from audited facts, so the recomputation is not audited itself. Run it in
    the caller's transaction (every caller holds one), so the stays never lag the facts.

    Each stay is decided as of the moment just before its exit (or now, while open), with
    every fact known now, so a permit or an extension granted later is taken into account.
    A stay whose entry is no longer current (corrected or struck out) is forgotten.
    """
    return _refresh_locked(person.pk, pack_name, since)


def _refresh_locked(person_id: uuid.UUID, pack_name: str, since: datetime | None) -> int:
    # No savepoint: every caller's transaction ends with a failure here anyway, and a
    # crossing's recording saves two round trips.
    with transaction.atomic(savepoint=False):
        # One refresh of a person at a time: another, reading the crossings before this one's
        # transaction commits, would otherwise store ends decided without them. The lock also
        # reads the person, which the facts need.
        person = Person.objects.select_for_update().get(pk=person_id)
        return _refresh(person, pack_name, since)


def _refresh(person: Person, pack_name: str, since: datetime | None) -> int:
    version, pack = pack_version_for_decisions(pack_name)
    crossings = list(admitted_crossings(person))
    facts = person_facts(person, crossings)
    # Only a correction takes an entry away, and its hook forgets the stay first; a full
    # refresh looks too, so it also tidies what an earlier run left.
    changed = _forget_stays_of_corrected_entries(person) if since is None else 0
    stays = [
        (index, entry, closing)
        for index, entry, closing in _stays(crossings)
        if since is None or closing is None or closing.occurred_at >= since
    ]
    kept = _kept_stays(person, [entry for _, entry, _ in stays], everyone=since is None)
    now = timezone.now()
    for index, entry, closing in stays:
        decision = _decide_stay(facts, pack, index, entry, closing, now)
        changed += _keep(entry, closing, decision, version, now, kept.get(entry.pk))
    return changed


def _stays(crossings: list[Crossing]) -> Iterator[tuple[int, Crossing, Crossing | None]]:
    """Each entry of ``crossings`` (in order, with its place) with the crossing that closed its
    stay: the next one, an exit or, when the exit went unrecorded, another entry; None while
    open."""
    for index, crossing in enumerate(crossings):
        if crossing.direction == Direction.ENTRY:
            yield index, crossing, crossings[index + 1] if index + 1 < len(crossings) else None


def _decide_stay(
    facts: PersonFacts,
    pack: Pack,
    index: int,
    entry: Crossing,
    closing: Crossing | None,
    now: datetime,
) -> StayDecision:
    """The decision for the stay opened by ``entry`` (``facts.crossings[index]``): as of now
    while open, else as it stood just before ``closing``.

    A closed stay is decided on the crossings up to its entry, and as of the moment before the
    closing one, or the entry's own instant when both were recorded at the same instant: a
    moment before the entry would find no stay at all.
    """
    if closing is None:
        return decide(facts, pack, now)
    moment = max(closing.occurred_at - timedelta(microseconds=1), entry.occurred_at)
    return decide(replace(facts, crossings=facts.crossings[: index + 1]), pack, moment)


def _kept_stays(
    person: Person, entries: list[Crossing], *, everyone: bool
) -> dict[uuid.UUID, AuthorizedStay]:
    """The stays kept until now for ``entries``, by entry id (all the person's if ``everyone``:
    read in one go rather than by a list of every id)."""
    kept = AuthorizedStay.objects.filter(person=person)
    if not everyone:
        kept = kept.filter(entry_id__in=[entry.pk for entry in entries])
    return {stay.entry_id: stay for stay in kept}


def _forget_stays_of_corrected_entries(person: Person) -> int:
    """Delete ``person``'s kept stays whose entry was corrected or struck out; how many.

    Left in place, such a stay would still count in the overstay list, which reads the kept
    stays and not the crossings. (Only those: a stay whose entry this transaction cannot see
    yet is another's to keep.)
    """
    deleted, _ = AuthorizedStay.objects.filter(
        person=person, entry__correction__isnull=False
    ).delete()
    return deleted


def _unlawful_from(decision: StayDecision, entered_on: date) -> date | None:
    """The stay's first day present unlawfully (None for the exempt, who have none)."""
    if decision.status == Status.EXEMPT:
        return None
    if decision.authorized_until is None:  # no rule allowed the entry
        return entered_on
    return decision.authorized_until + timedelta(days=1)


def _keep(
    entry: Crossing,
    closing: Crossing | None,
    decision: StayDecision,
    version: PackVersion,
    now: datetime,
    current: AuthorizedStay | None,
) -> int:
    """Store ``decision`` for the stay ``entry`` opened and ``closing`` closed (``current``: as
    kept until now); 1 when it changed, else 0."""
    entered_on = _local_day(entry)
    exit_unrecorded = closing is not None and closing.direction == Direction.ENTRY
    values = {
        "person_id": entry.person_id,
        "pack_id": version.pk,  # the id alone: comparing objects would load each kept pack
        "entered_on": entered_on,
        "port": entry.port.code,
        "region": entry.port.region,
        "basis": decision.basis or "",
        "authorized_until": decision.authorized_until,
        "authorized_until_instant": decision.authorized_until_instant,
        "unlawful_from": _unlawful_from(decision, entered_on),
        "exited_on": _exited_on(closing, entered_on),
        "exit_unrecorded": exit_unrecorded,
        "exempt": decision.status == Status.EXEMPT,
        "reasons": [r.as_dict() for r in decision.reasons],
    }
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return 0
    if current is None:
        AuthorizedStay.objects.create(entry=entry, **values, decided_at=now)
    else:  # read with the others already: one UPDATE, no second look
        AuthorizedStay.objects.filter(entry=entry).update(**values, decided_at=now)
    return 1


def _exited_on(closing: Crossing | None, entered_on: date) -> date | None:
    """The day a stay ended: its exit's, or, left unseen (another entry closed it), its entry
    day, as the engine counts such a stay; None while open."""
    if closing is None:
        return None
    return entered_on if closing.direction == Direction.ENTRY else _local_day(closing)


def _local_day(crossing: Crossing) -> date:
    return crossing.occurred_at.astimezone(ZoneInfo(crossing.port.timezone)).date()


def stays_refresh_after_crossing(actor: Actor, crossing: Crossing) -> None:
    """After a crossing is stored: recompute the authorized ends of the person's stays.

    Refused entries are not presence and change nothing. Derived data: the crossing that
    caused it is audited, the recomputation itself is not.
    """
    if crossing.outcome != Outcome.ADMITTED:
        return
    _refresh_locked(crossing.person_id, DEFAULT_PACK, since=crossing.occurred_at)


def stays_refresh_after_correction(actor: Actor, correction: CrossingCorrection) -> None:
    """After a crossing is corrected or struck out: recompute the person's stays, forgetting
    the one a corrected entry opened, in the correcting transaction.

    A correction keeps the person (a crossing recorded for the wrong traveller is struck out,
    then recorded for the right one, which refreshes their stays), so one person is enough.
    A refused crossing is not presence, and its replacement is refused too: nothing changes.
    """
    if correction.crossing.outcome != Outcome.ADMITTED:
        return
    person = Person.objects.get(pk=correction.crossing.person_id)
    _forget_stays_of_corrected_entries(person)
    replacement = correction.replacement
    moved_to = (
        replacement.occurred_at if replacement is not None else correction.crossing.occurred_at
    )
    since = min(correction.crossing.occurred_at, moved_to)
    stays_refresh(actor=actor, person=person, since=since)


def stays_refresh_everyone(*, actor: Actor, pack_name: str = DEFAULT_PACK) -> tuple[int, int]:
    """Recompute the stays of everyone with an admitted crossing (after a bulk import, or
    when a new pack version is in force); returns (people, stays changed)."""
    if not actor.may_somewhere(Action.PACK_MANAGE) and not actor.may_somewhere(Action.IMPORT_RUN):
        raise NotPermitted("you may not recompute stays")
    # Corrected crossings count here too: someone whose every crossing was struck out still
    # has their stays looked at, and forgotten, should any have been left behind.
    people = Person.objects.filter(crossings__outcome=Outcome.ADMITTED).distinct().order_by("pk")
    counted = changed = 0
    for person in people.iterator(chunk_size=500):
        with transaction.atomic():
            changed += stays_refresh(actor=actor, person=person, pack_name=pack_name)
        counted += 1
    audit(actor, "stay.stays.recomputed", changes={
        "people": counted, "changed": changed, "pack": pack_name,
    })  # fmt: skip
    return counted, changed
