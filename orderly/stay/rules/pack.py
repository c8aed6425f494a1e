"""A policy pack: the rules of one host state, as data, each with the dates it is in force.

The kinds of rule (the ``kind`` field in a pack file):

* ``exemption``: nationals of the listed states are exempt (citizens, treaty partners);
* ``visa_free``: a fixed stay of ``days`` per entry for the listed nationalities;
* ``rolling``: at most ``max_days`` in any ``window_days``-day period ending on the day of
  control, entry and exit days both counted; a basis for the listed nationalities, and a limit
  on the stays of the kinds in ``limits`` (visas, visa-free stays);
* ``transit``: a stay of ``hours`` from entry, for travellers in transit of the listed
  nationalities entering at the listed ports or regions;
* ``visa``: visas of the listed categories, each stay up to the visa's (or ``stay_days``) days,
  and no longer than the visa's validity when ``ends_by_validity``;
* ``residence_permit``: permits of the listed categories; stays under them do not count toward
  short-stay windows;
* ``extension``: extensions of stay granted to a person (the legal basis quoted for them);
* ``automatic_extension``: everyone whose authorized stay ends between ``ends_from`` and
  ``ends_until`` has it extended once by ``days`` and ``months`` (stays and/or residence);
* ``suspension``: the listed rules give no basis to entries between ``start`` and ``end``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

EXEMPTION = "exemption"
VISA_FREE = "visa_free"
ROLLING = "rolling"
TRANSIT = "transit"
VISA = "visa"
RESIDENCE_PERMIT = "residence_permit"
EXTENSION = "extension"
AUTOMATIC_EXTENSION = "automatic_extension"
SUSPENSION = "suspension"
RULE_KINDS = (
    EXEMPTION,
    VISA_FREE,
    ROLLING,
    TRANSIT,
    VISA,
    RESIDENCE_PERMIT,
    EXTENSION,
    AUTOMATIC_EXTENSION,
    SUSPENSION,
)
# The kinds that can let a person in (the basis of a stay), and those a suspension can take away.
BASIS_KINDS = frozenset({VISA_FREE, ROLLING, TRANSIT, VISA, RESIDENCE_PERMIT})
SUSPENDABLE = (VISA_FREE, ROLLING, TRANSIT, VISA)
# What an automatic extension may apply to: short stays, or residence under a permit.
STAY = "stay"
RESIDENCE = "residence"


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. Only the fields of its kind are used (see the module docstring)."""

    id: str
    kind: str
    reference: str  # the legal reference, quoted in every reason the rule gives
    title: str = ""
    effective_from: date | None = None
    effective_until: date | None = None
    # None: every nationality; otherwise the ISO 3166 alpha-3 codes it covers.
    nationalities: frozenset[str] | None = None
    days: int = 0
    max_days: int = 0
    window_days: int = 0
    limits: frozenset[str] = frozenset()
    hours: int = 0
    ports: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    stay_days: int | None = None
    ends_by_validity: bool = False
    ends_from: date | None = None
    ends_until: date | None = None
    months: int = 0
    applies_to: frozenset[str] = frozenset()
    suspends: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None

    def in_force_on(self, day: date) -> bool:
        """True when the rule is in force on ``day``."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until

    def covers(self, nationalities: frozenset[str]) -> bool:
        """True when the rule covers someone of ``nationalities``; unstated nationality: yes."""
        if self.nationalities is None or not nationalities:
            return True
        return not self.nationalities.isdisjoint(nationalities)

    def extend(self, end: date) -> date:
        """``end`` moved on by the rule's months and days (an automatic extension)."""
        return add_months(end, self.months) + timedelta(days=self.days)


@dataclass(frozen=True)
class Pack:
    """A host state's rules. ``version`` identifies the exact text a decision used."""

    name: str
    title: str
    version: str
    time_zone: str
    notice: str
    rules: tuple[Rule, ...] = field(default=())

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return self._by_kind.get(kind, ())

    @cached_property
    def _by_kind(self) -> dict[str, tuple[Rule, ...]]:
        # Asked about ten times per decision, and a pack decides millions: grouped once.
        grouped: dict[str, list[Rule]] = {}
        for rule in self.rules:
            grouped.setdefault(rule.kind, []).append(rule)
        return {kind: tuple(rules) for kind, rules in grouped.items()}

    @cached_property
    def basis_rules(self) -> tuple[Rule, ...]:
        """The rules that can give a stay its basis, in the pack's order."""
        return tuple(rule for rule in self.rules if rule.kind in BASIS_KINDS)

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def suspended(self, rule: Rule, day: date) -> Rule | None:
        """The suspension that takes ``rule`` away on ``day``, if any."""
        for suspension in self.of_kind(SUSPENSION):
            if rule.id not in suspension.suspends or not suspension.in_force_on(day):
                continue
            if (suspension.start is None or suspension.start <= day) and (
                suspension.end is None or day <= suspension.end
            ):
                return suspension
        return None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, kept to the last day of a shorter month
    (31 January + 1 month is 28 or 29 February)."""
    if months == 0:
        return day
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
