"""What moves an authorized end later: extensions granted, and special measures for everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from orderly.stay.rules import pack as kinds
from orderly.stay.rules.decision import Reason
from orderly.stay.rules.facts import EXTENSION, PersonFacts
from orderly.stay.rules.pack import Pack


@dataclass(frozen=True)
class End:
    day: date
    instant: datetime | None = None  # set only where hours count


def extended(
    pack: Pack,
    person: PersonFacts,
    end: End,
    *,
    stay_began: date,
    residence: bool,
    known_on: date,
) -> tuple[End, list[Reason]]:
    """``end`` after the extensions granted during the stay, then each automatic extension."""
    end, reasons = _granted_extensions(pack, person, end, stay_began, known_on)
    for measure, new_end in _automatic_extensions(pack, end, residence, known_on):
        reasons.append(
            Reason(
                measure.id,
                measure.reference,
                f"authorized stay ending {end.day.isoformat()} extended automatically to "
                f"{new_end.isoformat()}",
                (f"authorized to {end.day.isoformat()}",),
            )
        )
        end = End(new_end)
    return end, reasons


def _granted_extensions(
    pack: Pack, person: PersonFacts, end: End, stay_began: date, known_on: date
) -> tuple[End, list[Reason]]:
    rules = pack.of_kind(kinds.EXTENSION)
    rule_id, reference = (rules[0].id, rules[0].reference) if rules else ("extension", "")
    reasons: list[Reason] = []
    granted = sorted(
        (
            a
            for a in person.authorizations
            if a.kind == EXTENSION and stay_began <= a.granted_on <= known_on
        ),
        key=lambda a: (a.granted_on, a.order_key),
    )
    for extension in granted:
        if extension.valid_until > end.day:
            reasons.append(
                Reason(
                    rule_id,
                    reference,
                    f"extension granted on {extension.granted_on.isoformat()}: stay to "
                    f"{extension.valid_until.isoformat()}",
                    (extension.describe(),),
                )
            )
            end = End(extension.valid_until)
    return end, reasons


def _automatic_extensions(
    pack: Pack, end: End, residence: bool, known_on: date
) -> list[tuple[kinds.Rule, date]]:
    """Each measure whose range holds ``end``, applied once, judged on the end before any
    measure (so a measure never extends the result of another one or of itself)."""
    target = kinds.RESIDENCE if residence else kinds.STAY
    found: list[tuple[kinds.Rule, date]] = []
    latest = end.day
    for measure in pack.of_kind(kinds.AUTOMATIC_EXTENSION):
        if target not in measure.applies_to:
            continue
        # Announced on effective_from; stays it extended stay extended after it lapses.
        if measure.effective_from is not None and known_on < measure.effective_from:
            continue
        if measure.ends_from is None or measure.ends_until is None:
            continue
        if measure.ends_from <= end.day <= measure.ends_until:
            latest = max(latest, measure.extend(end.day))
            found.append((measure, latest))
    return found
