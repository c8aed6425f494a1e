"""The basis of a stay: which rule (and which authorization) let the person in, and until when.

Every rule that could apply to an entry is tried; the one allowing the latest end is the basis.
An entry none of them allows has no basis: the person is present irregularly from the first day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from orderly.stay.rules import pack as kinds
from orderly.stay.rules.decision import Reason
from orderly.stay.rules.facts import (
    RESIDENCE_PERMIT,
    VISA,
    Authorization,
    CrossingFact,
    PersonFacts,
    local_day,
)
from orderly.stay.rules.pack import Pack, Rule


@dataclass(frozen=True)
class Basis:
    rule: Rule
    end: date  # the last lawful day, before extensions
    reason: Reason
    end_instant: datetime | None = None  # where hours count
    authorization: Authorization | None = None

    @property
    def is_residence(self) -> bool:
        return self.rule.kind == kinds.RESIDENCE_PERMIT


def stay_basis(
    pack: Pack,
    person: PersonFacts,
    entry: CrossingFact,
    earlier_entries: list[CrossingFact],
    known_on: date,
    window_until: date | None = None,
) -> tuple[Basis | None, list[Reason]]:
    """The basis for the stay opened by ``entry``, and the reasons the other rules gave none.

    ``window_until`` is the last day a rolling window allows a stay entered then (the caller
    counts the days); without it a rolling basis is taken to reach the entry day only.
    """
    found: list[Basis] = []
    refused: list[Reason] = []
    candidates = _candidates(pack, person, entry, earlier_entries, known_on, window_until)
    for basis_or_refusal in candidates:
        if isinstance(basis_or_refusal, Basis):
            found.append(basis_or_refusal)
        else:
            refused.append(basis_or_refusal)
    if not found:
        return None, refused
    return max(found, key=_reach), refused


def _reach(basis: Basis) -> tuple[date, int, float]:
    """How far a basis reaches: its last day, and a whole day beyond any hour on that day."""
    if basis.end_instant is None:
        return basis.end, 1, 0.0
    return basis.end, 0, basis.end_instant.timestamp()


def _candidates(
    pack: Pack,
    person: PersonFacts,
    entry: CrossingFact,
    earlier: list[CrossingFact],
    known_on: date,
    window_until: date | None,
) -> Iterator[Basis | Reason]:
    granted = sorted(
        (a for a in person.authorizations if a.granted_on <= known_on),
        key=lambda a: a.order_key,
    )
    for rule in pack.basis_rules:
        if not rule.in_force_on(entry.day):
            continue
        suspension = pack.suspended(rule, entry.day) if rule.kind in kinds.SUSPENDABLE else None
        if suspension is not None:
            yield Reason(
                suspension.id,
                suspension.reference,
                f"{rule.id} was suspended on {entry.day.isoformat()}: it gave no basis to "
                "this entry",
                (entry.describe(),),
            )
            continue
        if rule.kind in (kinds.VISA_FREE, kinds.ROLLING):
            yield from _visa_free(rule, person, entry, window_until)
        elif rule.kind == kinds.TRANSIT:
            yield from _transit(rule, person, entry)
        elif rule.kind == kinds.VISA:
            yield from _visas(rule, granted, entry, earlier)
        elif rule.kind == kinds.RESIDENCE_PERMIT:
            yield from _permits(rule, granted, entry)


def _visa_free(
    rule: Rule, person: PersonFacts, entry: CrossingFact, window_until: date | None
) -> Iterator[Basis]:
    """A fixed stay per entry (or, for a rolling rule, as long as the window allows).

    Only for the nationalities the rule lists: a rule listing none is a limit, not a basis.
    """
    if rule.nationalities is None or not rule.covers(person.nationalities):
        return
    who = _nationality_fact(person)
    if rule.kind == kinds.ROLLING:
        text = (
            f"visa-free short stay: at most {rule.max_days} days in any {rule.window_days}-day "
            "period"
        )
        # The window sets the end (decide counts it). It must be known here, or a 144-hour
        # transit would look longer than 90 visa-free days and be chosen as the basis.
        end = window_until if window_until is not None else entry.day
        yield Basis(rule, end, Reason(rule.id, rule.reference, text, (who, entry.describe())))
        return
    end = entry.day + timedelta(days=rule.days - 1)
    text = f"visa-free entry: {rule.days} days from the day of entry, to {end.isoformat()}"
    yield Basis(rule, end, Reason(rule.id, rule.reference, text, (who, entry.describe())))


def _transit(rule: Rule, person: PersonFacts, entry: CrossingFact) -> Iterator[Basis | Reason]:
    if entry.purpose != "transit" or rule.nationalities is None:
        return
    if not rule.covers(person.nationalities):
        return
    if entry.port not in rule.ports and entry.region not in rule.regions:
        yield Reason(
            rule.id,
            rule.reference,
            f"the {rule.hours}-hour transit exemption does not apply at "
            f"{entry.port or 'this port'}",
            (entry.describe(),),
        )
        return
    until = entry.instant + timedelta(hours=rule.hours)
    end = local_day(until, entry.zone)
    text = (
        f"{rule.hours}-hour transit without a visa: until "
        f"{until.astimezone(entry.instant.tzinfo).isoformat()} ({end.isoformat()} local time)"
    )
    facts = (_nationality_fact(person), entry.describe(), "purpose: transit")
    yield Basis(rule, end, Reason(rule.id, rule.reference, text, facts), end_instant=until)


def _visas(
    rule: Rule, granted: list[Authorization], entry: CrossingFact, earlier: list[CrossingFact]
) -> Iterator[Basis | Reason]:
    for visa in granted:
        if visa.kind != VISA or visa.category not in rule.categories:
            continue
        if not visa.valid_from <= entry.day <= visa.valid_until:
            continue
        used = 1 + sum(1 for e in earlier if visa.valid_from <= e.day <= visa.valid_until)
        if visa.entries is not None and used > visa.entries:
            yield Reason(
                rule.id,
                rule.reference,
                f"visa {visa.id} allows {visa.entries} entries; this was entry {used}",
                (visa.describe(), entry.describe()),
            )
            continue
        stay_days = visa.stay_days or rule.stay_days or (visa.valid_until - entry.day).days + 1
        end = entry.day + timedelta(days=stay_days - 1)
        if rule.ends_by_validity and end > visa.valid_until:
            end = visa.valid_until
        text = f"visa ({visa.category}): stays of up to {stay_days} days, to {end.isoformat()}"
        reason = Reason(rule.id, rule.reference, text, (visa.describe(), entry.describe()))
        yield Basis(rule, end, reason, authorization=visa)


def _permits(rule: Rule, granted: list[Authorization], entry: CrossingFact) -> Iterator[Basis]:
    for permit in granted:
        if permit.kind != RESIDENCE_PERMIT or permit.category not in rule.categories:
            continue
        if not permit.valid_from <= entry.day <= permit.valid_until:
            continue
        yield permit_basis(rule, permit, entry.describe())


def permit_basis(rule: Rule, permit: Authorization, *facts: str) -> Basis:
    """The basis a residence permit gives: lawful to its last valid day."""
    text = f"residence permit ({permit.category}) valid to {permit.valid_until.isoformat()}"
    reason = Reason(rule.id, rule.reference, text, (permit.describe(), *facts))
    return Basis(rule, permit.valid_until, reason, authorization=permit)


def _nationality_fact(person: PersonFacts) -> str:
    if not person.nationalities:
        return "nationality: not stated (the rule is assumed to apply)"
    return "nationality: " + ", ".join(sorted(person.nationalities))
