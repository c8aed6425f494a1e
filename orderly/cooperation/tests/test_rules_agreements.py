"""Whether an agreement's facts hang together, and when it is in force (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from orderly.cooperation.rules import MAX_NOTIFICATION_HOURS, AgreementTerms, agreement_problem
from orderly.cooperation.rules.kinds import AgreementKind

CONSULAR = AgreementTerms(
    partner="PHL",
    title="Consular Agreement between Utopia and the Republic of the Philippines",
    kind="consular",
    signed_on=date(2016, 9, 6),
    in_force_on=date(2017, 4, 1),
    notification_hours=72,
    notification_mandatory=True,
    source="Utopia Treaty Series 2017, No. 11",
)
READMISSION = AgreementTerms(
    partner="PAK",
    title="Readmission Agreement",
    kind="readmission",
    signed_on=date(2018, 6, 27),
    in_force_on=date(2019, 3, 1),
    source="Utopia Treaty Series 2019, No. 6",
)


def field_at_fault(terms: AgreementTerms) -> str | None:
    problem = agreement_problem(terms)
    return None if problem is None else problem.field


def test_a_consular_agreement_with_its_deadline_hangs_together() -> None:
    assert agreement_problem(CONSULAR) is None
    assert agreement_problem(READMISSION) is None


def test_an_agreement_signed_and_not_yet_in_force_hangs_together() -> None:
    assert agreement_problem(replace(CONSULAR, in_force_on=None)) is None


def test_an_agreement_cannot_enter_into_force_before_it_is_signed() -> None:
    early = replace(CONSULAR, in_force_on=date(2016, 9, 5))
    problem = agreement_problem(early)
    assert problem is not None and problem.field == "in_force_on"
    assert "before it is signed (2016-09-06)" in problem.message


def test_it_may_enter_into_force_on_the_day_it_is_signed() -> None:
    assert agreement_problem(replace(CONSULAR, in_force_on=CONSULAR.signed_on)) is None


def test_an_agreement_ends_after_it_enters_into_force() -> None:
    assert field_at_fault(replace(CONSULAR, ended_on=date(2017, 4, 1))) == "ended_on"
    assert field_at_fault(replace(CONSULAR, ended_on=date(2017, 4, 2))) is None


def test_an_agreement_never_in_force_ends_after_it_is_signed() -> None:
    never = replace(CONSULAR, in_force_on=None, ended_on=CONSULAR.signed_on)
    assert field_at_fault(never) == "ended_on"
    assert field_at_fault(replace(never, ended_on=date(2020, 1, 1))) is None


def test_a_consular_agreement_must_state_its_deadline() -> None:
    problem = agreement_problem(replace(CONSULAR, notification_hours=None))
    assert problem is not None and problem.field == "notification_hours"
    assert "states its notification deadline in hours" in problem.message


def test_the_deadline_is_whole_hours_from_one_to_thirty_days() -> None:
    for hours in (0, -24, MAX_NOTIFICATION_HOURS + 1, 72.5, True):
        assert field_at_fault(replace(CONSULAR, notification_hours=hours)) == (  # type: ignore[arg-type]
            "notification_hours"
        ), hours
    for hours in (1, 48, 96, MAX_NOTIFICATION_HOURS):
        assert field_at_fault(replace(CONSULAR, notification_hours=hours)) is None


def test_other_kinds_carry_no_deadline_and_no_mandatory_notification() -> None:
    assert field_at_fault(replace(READMISSION, notification_hours=72)) == "notification_hours"
    mandatory = replace(READMISSION, notification_mandatory=True)
    assert field_at_fault(mandatory) == "notification_mandatory"


def test_the_partner_is_an_iso_alpha3_country_code() -> None:
    for code in ("", "PH", "ph1", "phl", "D", "UTO", "XXA"):
        assert field_at_fault(replace(CONSULAR, partner=code)) == "partner", code


def test_a_title_a_kind_and_a_source_are_required() -> None:
    assert field_at_fault(replace(CONSULAR, title="  ")) == "title"
    assert field_at_fault(replace(CONSULAR, kind="friendship")) == "kind"
    assert field_at_fault(replace(CONSULAR, source="")) == "source"
    assert field_at_fault(replace(CONSULAR, source_url="treaties.example/1")) == "source_url"
    assert field_at_fault(replace(CONSULAR, source_url="https://treaties.example/1")) is None


def test_in_force_runs_from_its_first_day_until_the_day_it_ends() -> None:
    ended = replace(CONSULAR, ended_on=date(2024, 7, 1))
    assert not ended.in_force(date(2017, 3, 31))
    assert ended.in_force(date(2017, 4, 1))
    assert ended.in_force(date(2024, 6, 30))
    assert not ended.in_force(date(2024, 7, 1))


def test_a_signed_agreement_awaits_force_until_its_first_day() -> None:
    assert not CONSULAR.awaiting_force(date(2016, 9, 5))
    assert CONSULAR.awaiting_force(date(2016, 9, 6))
    assert not CONSULAR.awaiting_force(date(2017, 4, 1))
    pending = replace(CONSULAR, in_force_on=None)
    assert pending.awaiting_force(date(2030, 1, 1)) and not pending.in_force(date(2030, 1, 1))


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
gaps = st.integers(min_value=0, max_value=20_000)


@st.composite
def agreements(draw: st.DrawFn) -> AgreementTerms:
    """Agreements whose facts hang together: any kind, dates in order, a deadline iff consular."""
    kind = draw(st.sampled_from(list(AgreementKind)))
    signed = draw(days)
    in_force = draw(st.none() | gaps.map(lambda gap: signed + timedelta(days=gap)))
    start = in_force or signed
    ended = draw(st.none() | gaps.map(lambda gap: start + timedelta(days=gap + 1)))
    consular = kind is AgreementKind.CONSULAR
    return AgreementTerms(
        partner=draw(st.sampled_from(["PHL", "CHN", "NPL", "DEU", "BRA"])),
        title="An agreement",
        kind=kind.value,
        signed_on=signed,
        in_force_on=in_force,
        ended_on=ended,
        notification_hours=draw(st.integers(1, MAX_NOTIFICATION_HOURS)) if consular else None,
        notification_mandatory=draw(st.booleans()) if consular else False,
        source="Treaty series",
    )


@given(agreements())
def test_facts_in_order_always_hang_together(terms: AgreementTerms) -> None:
    assert agreement_problem(terms) is None


@given(agreements(), st.integers(min_value=1, max_value=5000))
def test_entering_into_force_before_signing_is_always_refused(
    terms: AgreementTerms, days_early: int
) -> None:
    early = replace(terms, in_force_on=terms.signed_on - timedelta(days=days_early), ended_on=None)
    assert field_at_fault(early) == "in_force_on"


@given(agreements(), days)
def test_an_agreement_is_never_both_in_force_and_awaiting_force(
    terms: AgreementTerms, day: date
) -> None:
    assert not (terms.in_force(day) and terms.awaiting_force(day))
    if terms.in_force(day):
        assert terms.in_force_on is not None and terms.signed_on <= day
