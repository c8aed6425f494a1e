"""``decide``: a person's status at one moment under one pack, with the reasons.

The steps, each in its own function below: keep only what was known at the moment; exempt
nationals stop there; pair crossings into stays; find the open stay's basis and its last lawful
day (a rolling window, extensions and special measures included); compare with the moment; then
count the days of the reference window. A planned trip is judged as if it began on its day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from orderly.stay.rules import pack as kinds
from orderly.stay.rules.basis import Basis, permit_basis, stay_basis
from orderly.stay.rules.decision import Reason, Status, StayDecision
from orderly.stay.rules.facts import (
    ENTRY,
    RESIDENCE_PERMIT,
    Application,
    AsOf,
    Authorization,
    CrossingFact,
    PersonFacts,
    PlannedTrip,
    noon,
)
from orderly.stay.rules.measures import End, extended
from orderly.stay.rules.pack import Pack, Rule
from orderly.stay.rules.stays import Presence, Stay, presence
from orderly.stay.rules.window import (
    Interval,
    before,
    days_in,
    earliest_start,
    last_lawful_day,
    merged,
    without,
)

# A decision's fields, gathered step by step and given to StayDecision once (building a frozen
# dataclass again at each step cost a fifth of a decision).
Fields = dict[str, Any]


def decide(
    facts: PersonFacts,
    pack: Pack,
    as_of: date | datetime,
    planned: PlannedTrip | None = None,
) -> StayDecision:
    """The status of the person described by ``facts`` at ``as_of`` under ``pack``."""
    moment = AsOf.of(as_of, pack.time_zone)
    person = known_at(facts, moment)
    common: Fields = {"pack": pack.name, "pack_version": pack.version, "as_of": moment.day}
    exemption = _exemption(pack, person, moment.day)
    if exemption is not None:
        return StayDecision(status=Status.EXEMPT, reasons=(exemption,), **common)
    judge = _Judge(pack, person, moment, presence(person.crossings), planned)
    fields = judge.present() if judge.presence.open_stay else judge.absent()
    decision = StayDecision(**common, **fields)
    if planned is not None:
        decision = judge.planned(decision, planned)
    return decision


def known_at(facts: PersonFacts, moment: AsOf) -> PersonFacts:
    """``facts`` without what happened or was decided after ``moment``."""
    day = moment.day
    known = PersonFacts(
        nationalities=facts.nationalities,
        crossings=moment.known(facts.crossings),
        authorizations=tuple(a for a in facts.authorizations if a.granted_on <= day),
        applications=tuple(_as_known_on(a, day) for a in facts.applications if a.filed_on <= day),
    )
    # Deciding for today, nothing is taken away: the facts themselves serve (compared element
    # by element, and the elements are the same objects).
    return facts if known == facts else known


def _as_known_on(application: Application, day: date) -> Application:
    """``application`` as it stood on ``day``: still pending if it was decided later."""
    if application.decided_on is not None and application.decided_on > day:
        return replace(application, decided_on=None)
    return application


def _exemption(pack: Pack, person: PersonFacts, day: date) -> Reason | None:
    for rule in pack.of_kind(kinds.EXEMPTION):
        covered = rule.nationalities or frozenset()
        if rule.in_force_on(day) and not covered.isdisjoint(person.nationalities):
            held = ", ".join(sorted(covered & person.nationalities))
            text = rule.title or "exempt from the rules on the stay of foreigners"
            return Reason(rule.id, rule.reference, text, (f"nationality: {held}",))
    return None


class _Judge:
    """The decision's working state for one person at one moment."""

    def __init__(
        self,
        pack: Pack,
        person: PersonFacts,
        moment: AsOf,
        present: Presence,
        planned: PlannedTrip | None = None,
    ) -> None:
        self.pack, self.person, self.moment, self.presence = pack, person, moment, present
        self.planned_entry = planned.entry if planned is not None else None
        self.rolling = _rolling_rule(pack, moment.day)
        self._limits: dict[date, date | None] = {}

    # --- present: the open stay ----------------------------------------------------------

    def present(self) -> Fields:
        stay = self.presence.open_stay
        assert stay is not None
        basis, notes = self._basis(stay)
        if basis is None:
            return self._without_basis(stay, notes)
        end, reasons = self._end(stay, basis)
        status, overstay = self._status(end)
        reasons = [basis.reason, *reasons, *self._status_reasons(status, end, overstay)]
        return {
            "status": status,
            "basis": basis.rule.id,
            "authorized_until": end.day,
            "authorized_until_instant": end.instant,
            "overstay_days": overstay,
            "reasons": tuple(reasons),
            **self._window(stay, end, basis),
        }

    def _basis(self, stay: Stay) -> tuple[Basis | None, list[Reason]]:
        """The stay's basis: a permit in force today, or what allowed the entry."""
        permit = self._permit_today()
        if permit is not None:
            return permit, []
        return self._entry_basis(stay)

    def _entry_basis(self, stay: Stay) -> tuple[Basis | None, list[Reason]]:
        """What allowed the entry that opened ``stay``, given the entries before it."""
        index = next(i for i, s in enumerate(self.presence.stays) if s is stay)
        # By position, not by day: a second entry on the same day is still a second entry.
        earlier = [s.entry for s in self.presence.stays[:index]]
        return stay_basis(
            self.pack,
            self.person,
            stay.entry,
            earlier,
            self.moment.day,
            window_until=self._window_limit(stay.first_day),
        )

    def _permit_today(self) -> Basis | None:
        """A residence permit valid today, even one granted after the entry (a change of status).

        Of two valid permits the one lasting longer is taken (then by id), whatever their order.
        """
        day = self.moment.day
        permits = sorted(
            self.person.authorizations, key=lambda a: (-a.valid_until.toordinal(), a.order_key)
        )
        for rule in self.pack.of_kind(kinds.RESIDENCE_PERMIT):
            for permit in permits:
                if _permit_valid(permit, rule, day):
                    return permit_basis(rule, permit)
        return None

    def _end(self, stay: Stay, basis: Basis) -> tuple[End, list[Reason]]:
        """The last lawful day: the basis's, limited by a rolling window, then extended."""
        end, limited = self._limited(stay, basis)
        reasons = [self._limit_reason(stay, end.day)] if limited else []
        end, more = self._extended(stay, basis, end)
        return end, reasons + more

    def _end_day(self, stay: Stay, basis: Basis) -> End:
        """``_end`` without its reasons, for a past stay that may not need them."""
        end, _ = self._limited(stay, basis)
        return self._extended(stay, basis, end)[0]

    def _extended(self, stay: Stay, basis: Basis, end: End) -> tuple[End, list[Reason]]:
        return extended(
            self.pack,
            self.person,
            end,
            stay_began=stay.first_day,
            residence=basis.is_residence,
            known_on=self.moment.day,
        )

    def _limited(self, stay: Stay, basis: Basis) -> tuple[End, bool]:
        """The basis's end, or the rolling window's last day where that comes first (True)."""
        end = End(basis.end, basis.end_instant)
        rolling = basis.rule.kind == kinds.ROLLING
        if self.rolling is None or not (rolling or basis.rule.kind in self.rolling.limits):
            return end, False
        limit = self._window_limit(stay.first_day)
        if limit is not None and (rolling or limit < end.day):
            return End(limit), True
        return end, False

    def _window_limit(self, first_day: date) -> date | None:
        """The last day a stay entered on ``first_day`` keeps to the rolling rule, if any.

        Finding the basis and then the end both ask for it: it is worked out once.
        """
        if first_day not in self._limits:
            self._limits[first_day] = self._last_day_in_window(first_day)
        return self._limits[first_day]

    def _last_day_in_window(self, first_day: date) -> date | None:
        rule = self.rolling
        if rule is None:
            return None
        entry = first_day.toordinal()
        past = before(self._counted, entry)
        return date.fromordinal(last_lawful_day(past, entry, rule.max_days, rule.window_days))

    def _limit_reason(self, stay: Stay, limit: date) -> Reason:
        rule = self.rolling
        assert rule is not None
        text = (
            f"at most {rule.max_days} days in any {rule.window_days}-day period: the last day "
            f"this stay keeps to it is {limit.isoformat()}"
        )
        # The windows judged end on the days from the entry to the limit: the stays counted
        # are those reaching into the first of them.
        since = stay.first_day - timedelta(days=rule.window_days - 1)
        return Reason(rule.id, rule.reference, text, tuple(self._stay_facts(since)))

    def _status(self, end: End) -> tuple[Status, int]:
        """Regular up to the end (to the hour where hours count), then pending or irregular."""
        day, instant = self.moment.day, self.moment.instant
        if end.instant is not None and instant is not None:
            # Both are instants: compare them. The end's day is on the port's clock and the
            # moment's on the capital's, which may differ when the port keeps another time.
            lawful = instant <= end.instant
        else:
            lawful = day <= end.day
        if lawful:
            return Status.REGULAR, 0
        if self._pending_in_time(end.day) is not None:
            return Status.PENDING, 0
        return Status.IRREGULAR, max(0, (day - end.day).days)

    def _pending_in_time(self, last_lawful: date) -> str | None:
        """An application filed during this stay, by its last lawful day, still undecided.

        One left undecided from an earlier stay does not make a later one lawful.
        """
        stay = self.presence.open_stay
        began = stay.first_day if stay is not None else date.min
        for application in self.person.applications:
            in_time = began <= application.filed_on <= last_lawful
            if in_time and application.pending_on(self.moment.day):
                return application.id
        return None

    def _status_reasons(self, status: Status, end: End, overstay: int) -> list[Reason]:
        if status == Status.PENDING:
            rule_id, reference = self._extension_rule()
            application = self._pending_in_time(end.day)
            text = (
                f"application {application} was filed by the last lawful day "
                f"({end.day.isoformat()}) and awaits a decision: the stay stays lawful meanwhile"
            )
            return [Reason(rule_id, reference, text, (f"application {application}",))]
        if status == Status.IRREGULAR:
            rule_id, reference = self._extension_rule()
            text = f"{overstay} days after the last lawful day ({end.day.isoformat()})"
            return [Reason(rule_id, reference, f"overstay: {text}", ())]
        return []

    def _extension_rule(self) -> tuple[str, str]:
        rules = self.pack.of_kind(kinds.EXTENSION)
        return (rules[0].id, rules[0].reference) if rules else ("overstay", "")

    def _without_basis(self, stay: Stay, notes: list[Reason]) -> Fields:
        days = stay.days(self.moment.day)
        text = f"no rule of {self.pack.name} gives a basis for the entry on {stay.first_day}"
        reason = Reason("no-basis", "", text, (stay.entry.describe(), *self._nationality()))
        return {
            "status": Status.IRREGULAR,
            "overstay_days": days,
            "window_start": stay.first_day,
            "window_end": self.moment.day,
            "days_used": days,
            "days_remaining": 0,
            "reasons": (*notes, reason),
        }

    # --- absent: the last stay, if any ---------------------------------------------------

    def absent(self) -> Fields:
        """Not present: the window's figures, and an overstay on the last stay if there was one."""
        fields: Fields = {"status": Status.NOT_PRESENT, **self._window(None, None, None)}
        last = self.presence.stays[-1] if self.presence.stays else None
        if last is None or last.exit is None:
            return fields
        overstay = self._past_overstay(last)
        if overstay is None:
            return fields
        days, reason = overstay
        return {**fields, "overstay_days": days, "reasons": (reason,)}

    def _past_overstay(self, stay: Stay) -> tuple[int, Reason] | None:
        assert stay.exit is not None
        basis, _ = self._entry_basis(stay)
        if basis is None:
            return self._past_without_basis(stay)
        end = self._end_day(stay, basis)
        if stay.exit.day <= end.day:
            return None
        days = (stay.exit.day - end.day).days
        text = (
            f"left on {stay.exit.day.isoformat()}, {days} days after the last lawful day "
            f"({end.day.isoformat()}): an overstay, now out of the country"
        )
        return days, Reason(basis.rule.id, basis.rule.reference, text, ())

    def _past_without_basis(self, stay: Stay) -> tuple[int, Reason]:
        """A stay no rule allowed was irregular from its first day, as it is while present."""
        days = stay.days(self.moment.day)
        text = (
            f"no rule of {self.pack.name} gave a basis for the entry on "
            f"{stay.first_day.isoformat()}: {days} days present irregularly, now out of the "
            "country"
        )
        return days, Reason("no-basis", "", text, (stay.entry.describe(), *self._nationality()))

    # --- a planned trip ------------------------------------------------------------------

    def planned(self, decision: StayDecision, trip: PlannedTrip) -> StayDecision:
        """Judge a trip beginning on ``trip.entry``: its last lawful day and the window then."""
        entry = CrossingFact(noon(trip.entry, self.pack.time_zone), trip.entry, ENTRY)
        earlier = [s.entry for s in self.presence.stays]
        basis, notes = stay_basis(
            self.pack,
            self.person,
            entry,
            earlier,
            self.moment.day,
            window_until=self._window_limit(trip.entry),
        )
        if basis is None:
            reason = Reason(
                "no-basis",
                "",
                f"no rule of {self.pack.name} gives a basis for an entry on {trip.entry}",
                tuple(self._nationality()),
            )
            return replace(decision, authorized_until=None, reasons=(*notes, reason))
        trip_stay = Stay(entry)
        end, limited = self._limited(trip_stay, basis)
        limit = [self._limit_reason(trip_stay, end.day)] if limited else []
        reasons = [basis.reason, *limit, *self._plan_fits(trip, end.day)]
        result = replace(
            decision,
            basis=basis.rule.id,
            authorized_until=end.day,
            authorized_until_instant=end.instant,
            reasons=(*decision.reasons, *reasons),
        )
        return self._plan_window(result, trip)

    def _plan_fits(self, trip: PlannedTrip, last: date) -> list[Reason]:
        if trip.days is None:
            return []
        leaves = trip.entry + timedelta(days=trip.days - 1)
        if leaves <= last:
            return []
        rule = self.rolling
        rule_id, reference = (rule.id, rule.reference) if rule else ("planned-trip", "")
        text = (
            f"a {trip.days}-day trip from {trip.entry} would end on {leaves}, "
            f"{(leaves - last).days} days after the last lawful day ({last})"
        )
        return [Reason(rule_id, reference, text, ())]

    def _plan_window(self, decision: StayDecision, trip: PlannedTrip) -> StayDecision:
        rule = self.rolling
        if rule is None:
            return replace(
                decision,
                window_start=trip.entry,
                window_end=decision.authorized_until,
                days_used=0,
                days_remaining=_days_until(trip.entry, decision.authorized_until),
            )
        end = trip.entry.toordinal()
        past = before(self._counted, end)
        start = end - rule.window_days + 1
        used = days_in(past, start, end)
        days = trip.days or 1
        earliest = earliest_start(past, end, days, rule.max_days, rule.window_days)
        return replace(
            decision,
            window_start=date.fromordinal(start),
            window_end=trip.entry,
            days_used=used,
            days_remaining=max(0, rule.max_days - used),
            earliest_reentry=date.fromordinal(earliest) if earliest is not None else None,
        )

    # --- the reference window ------------------------------------------------------------

    def _window(self, stay: Stay | None, end: End | None, basis: Basis | None) -> Fields:
        """Days used and remaining: in the rolling window, or else in the stay itself."""
        rule, day = self.rolling, self.moment.day
        short_stay = basis is None or not basis.is_residence
        if rule is not None and short_stay:
            counted = self._counted
            today = day.toordinal()
            start = today - rule.window_days + 1
            used = days_in(counted, start, today)
            not_before = max(today + (1 if stay else 0), (counted[-1][1] + 1) if counted else 0)
            earliest = earliest_start(counted, not_before, 1, rule.max_days, rule.window_days)
            return {
                "window_start": date.fromordinal(start),
                "window_end": day,
                "days_used": used,
                "days_remaining": max(0, rule.max_days - used),
                "excess_days": max(0, used - rule.max_days),
                "earliest_reentry": date.fromordinal(earliest) if earliest is not None else None,
            }
        if stay is None or end is None:
            return {}
        return {
            "window_start": stay.first_day,
            "window_end": day,
            "days_used": stay.days(day),
            "days_remaining": max(0, (end.day - day).days),
        }

    @cached_property
    def _counted(self) -> list[Interval]:
        """The days that count toward short-stay windows: present, and not under a permit.

        Only from the horizon on, and worked out once for all the steps that ask.
        """
        permits = [
            (a.valid_from.toordinal(), a.valid_until.toordinal())
            for a in self.person.authorizations
            if a.kind == RESIDENCE_PERMIT
        ]
        stays = self._stays_since(self._horizon())
        if not permits:
            return merged(stays)
        return merged([piece for first, last in stays for piece in without(first, last, permits)])

    def _horizon(self) -> int:
        """The first day any window of this decision can reach back to.

        Windows are judged ending on the as-of day, on the last stay's entry and on a planned
        entry, or later: a day more than a window's length before the earliest of those can
        change no figure. So a long history is walked only as far back as it matters.
        """
        rule = self.rolling
        assert rule is not None  # only rolling rules count days across stays
        judged = [self.moment.day]
        if self.presence.stays:
            judged.append(self.presence.stays[-1].entry.day)
        if self.planned_entry is not None:
            judged.append(self.planned_entry)
        return min(judged).toordinal() - rule.window_days + 1

    def _stays_since(self, horizon: int) -> list[Interval]:
        """The stays' days (to the as-of day) of those reaching ``horizon`` or later, in order."""
        today = self.moment.day
        spans: list[Interval] = []
        for stay in reversed(self.presence.stays):  # newest first: stop at the horizon
            last = min(stay.last_day(today), today).toordinal()
            if last < horizon:
                break
            spans.append((stay.entry.day.toordinal(), last))
        spans.reverse()
        return spans

    def _stay_facts(self, since: date) -> list[str]:
        """The stays reaching ``since`` or later, as facts of a reason."""
        today = self.moment.day
        return [
            f"stay {s.entry.day.isoformat()} to {s.last_day(today).isoformat()}"
            + (" (exit not recorded: entry day only)" if s.exit_unrecorded else "")
            for s in self.presence.stays
            if s.last_day(today) >= since
        ]

    def _nationality(self) -> list[str]:
        held = ", ".join(sorted(self.person.nationalities)) or "not stated"
        return [f"nationality: {held}"]


def _rolling_rule(pack: Pack, day: date) -> Rule | None:
    """The rolling rule in force: it limits every short stay, whoever the person is."""
    return next((rule for rule in pack.of_kind(kinds.ROLLING) if rule.in_force_on(day)), None)


def _permit_valid(permit: Authorization, rule: Rule, day: date) -> bool:
    return (
        permit.kind == RESIDENCE_PERMIT
        and permit.category in rule.categories
        and permit.valid_from <= day <= permit.valid_until
    )


def _days_until(first: date, last: date | None) -> int | None:
    """Days from ``first`` to ``last``, both counted; None without a last day."""
    if last is None:
        return None
    return max(0, (last - first).days + 1)
