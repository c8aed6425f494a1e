"""The consular notification deadline for a detained national of a State, on a day.

Article 36(1)(b) of the Vienna Convention on Consular Relations (1963) says the authorities
inform the consular post "without delay" when the detained national so requests, and tell them
of that right "without delay". A bilateral consular convention may fix the deadline in hours
(48, 72, four days...) and make notification mandatory, whatever the detainee wishes: article
73(2) lets States supplement and amplify the Convention by agreement, and between the two States
the agreement's deadline is the one applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from orderly.cooperation.rules.agreements import AgreementTerms
from orderly.cooperation.rules.kinds import AgreementKind

VIENNA_CONVENTION = "Vienna Convention on Consular Relations (1963), article 36(1)(b)"
BILATERAL = "bilateral"
VIENNA = "vienna"


@dataclass(frozen=True)
class ConsularDeadline:
    """How soon, and whether regardless of the detainee's wish, their consul must be told.

    ``hours`` is None when the deadline is the Convention's "without delay". ``mandatory`` is
    True when the consul is told even if the detainee does not ask (or objects); otherwise only
    at the detainee's request. ``agreement`` is the bilateral agreement that decides, if any.
    """

    nationality: str
    on: date
    hours: int | None
    mandatory: bool
    basis: str  # BILATERAL or VIENNA
    agreement: AgreementTerms | None
    reason: str

    @property
    def without_delay(self) -> bool:
        return self.hours is None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values, with the deciding agreement's reference, title and source."""
        chosen = self.agreement
        return {
            "nationality": self.nationality,
            "on": self.on.isoformat(),
            "hours": self.hours,
            "without_delay": self.without_delay,
            "mandatory": self.mandatory,
            "basis": self.basis,
            "agreement": None
            if chosen is None
            else {"reference": chosen.reference, "title": chosen.title, "source": chosen.source},
            "reason": self.reason,
        }


def notification_deadline(
    nationality: str, on: date, agreements: Iterable[AgreementTerms]
) -> ConsularDeadline:
    """The deadline for a national of ``nationality`` (ISO alpha-3) detained on ``on``.

    The consular agreements with that State in force that day decide, with their hours and
    mandatory flag; with none, the Vienna Convention's "without delay", at the detainee's
    request. Should two be in force at once, the one in force most recently decides (the later
    treaty prevails), then the shorter deadline, then mandatory over not.
    """
    deciding = [
        terms
        for terms in agreements
        if terms.kind == AgreementKind.CONSULAR
        and terms.partner == nationality
        and terms.notification_hours is not None
        and terms.in_force(on)
    ]
    if not deciding:
        return _vienna(nationality, on)
    chosen = max(deciding, key=_precedence)
    assert chosen.notification_hours is not None  # filtered above; said again for the type
    return ConsularDeadline(
        nationality=nationality,
        on=on,
        hours=chosen.notification_hours,
        mandatory=chosen.notification_mandatory,
        basis=BILATERAL,
        agreement=chosen,
        reason=_bilateral_reason(chosen, chosen.notification_hours),
    )


def _precedence(terms: AgreementTerms) -> tuple[date, int, bool, str, str]:
    assert terms.in_force_on is not None and terms.notification_hours is not None
    return (
        terms.in_force_on,
        -terms.notification_hours,
        terms.notification_mandatory,
        terms.reference,
        terms.title,
    )


def _vienna(nationality: str, on: date) -> ConsularDeadline:
    reason = (
        f"No bilateral consular agreement with {nationality} is in force on {on.isoformat()}, "
        f"so the {VIENNA_CONVENTION} applies: the consular post is informed without delay if "
        "the detained person so requests, and the person is told of this right without delay."
    )
    return ConsularDeadline(
        nationality=nationality,
        on=on,
        hours=None,
        mandatory=False,
        basis=VIENNA,
        agreement=None,
        reason=reason,
    )


def _bilateral_reason(terms: AgreementTerms, hours: int) -> str:
    assert terms.in_force_on is not None
    whether = (
        "whether or not the detained person asks"
        if terms.notification_mandatory
        else "if the detained person so requests"
    )
    return (
        f"{terms.title} ({terms.source}), in force with {terms.partner} since "
        f"{terms.in_force_on.isoformat()}: the consular post is informed within "
        f"{_hours(hours)}, {whether}."
    )


def _hours(hours: int) -> str:
    if hours == 1:
        return "1 hour"
    if hours % 24 == 0 and hours > 24:
        return f"{hours} hours ({hours // 24} days)"
    return f"{hours} hours"
