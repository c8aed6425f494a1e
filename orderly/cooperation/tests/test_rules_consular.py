"""The consular notification deadline: a bilateral treaty's hours where one is in force that
day, else the Vienna Convention's "without delay" at the detainee's request (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from orderly.cooperation.rules import (
    BILATERAL,
    VIENNA,
    VIENNA_CONVENTION,
    AgreementTerms,
    notification_deadline,
)

CHINA = AgreementTerms(
    partner="CHN",
    title="Consular Convention between Utopia and the People's Republic of China",
    kind="consular",
    signed_on=date(2014, 3, 12),
    in_force_on=date(2015, 1, 19),
    notification_hours=96,
    notification_mandatory=True,
    source="Utopia Treaty Series 2015, No. 4",
    reference="1",
)
VIET_NAM = AgreementTerms(
    partner="VNM",
    title="Consular Agreement between Utopia and Viet Nam",
    kind="consular",
    signed_on=date(2011, 11, 21),
    in_force_on=date(2012, 8, 10),
    notification_hours=72,
    notification_mandatory=False,
    source="Utopia Treaty Series 2012, No. 19",
    reference="2",
)
DAY = date(2025, 3, 14)


def test_a_chinese_national_is_notified_within_four_days_whatever_they_wish() -> None:
    deadline = notification_deadline("CHN", DAY, [CHINA, VIET_NAM])

    assert (deadline.hours, deadline.mandatory, deadline.basis) == (96, True, BILATERAL)
    assert deadline.agreement == CHINA and not deadline.without_delay
    assert deadline.reason == (
        "Consular Convention between Utopia and the People's Republic of China (Utopia Treaty "
        "Series 2015, No. 4), in force with CHN since 2015-01-19: the consular post is informed "
        "within 96 hours (4 days), whether or not the detained person asks."
    )


def test_a_vietnamese_national_is_notified_within_72_hours_if_they_ask() -> None:
    deadline = notification_deadline("VNM", DAY, [CHINA, VIET_NAM])

    assert (deadline.hours, deadline.mandatory) == (72, False)
    assert deadline.reason.endswith("within 72 hours (3 days), if the detained person so requests.")


def test_without_a_treaty_the_vienna_convention_says_without_delay_on_request() -> None:
    deadline = notification_deadline("BRA", DAY, [CHINA, VIET_NAM])

    assert deadline.without_delay and deadline.hours is None
    assert (deadline.mandatory, deadline.basis, deadline.agreement) == (False, VIENNA, None)
    assert VIENNA_CONVENTION in deadline.reason and "without delay" in deadline.reason
    assert "No bilateral consular agreement with BRA is in force on 2025-03-14" in deadline.reason


def test_a_treaty_signed_but_not_yet_in_force_does_not_decide() -> None:
    pending = replace(CHINA, in_force_on=None)
    assert notification_deadline("CHN", DAY, [pending]).basis == VIENNA
    later = replace(CHINA, in_force_on=DAY + timedelta(days=1))
    assert notification_deadline("CHN", DAY, [later]).basis == VIENNA
    assert notification_deadline("CHN", DAY + timedelta(days=1), [later]).hours == 96


def test_an_ended_treaty_decides_up_to_the_day_before_it_ends() -> None:
    ended = replace(CHINA, ended_on=DAY)
    assert notification_deadline("CHN", DAY - timedelta(days=1), [ended]).hours == 96
    assert notification_deadline("CHN", DAY, [ended]).basis == VIENNA


def test_agreements_of_other_kinds_never_decide() -> None:
    labour = replace(CHINA, kind="labour_mobility", notification_hours=None)
    assert notification_deadline("CHN", DAY, [labour]).basis == VIENNA


def test_of_two_treaties_in_force_the_later_one_decides() -> None:
    protocol = replace(
        CHINA, title="Protocol amending the Consular Convention", in_force_on=date(2022, 1, 1),
        notification_hours=120, notification_mandatory=False, reference="9",
    )  # fmt: skip
    deadline = notification_deadline("CHN", DAY, [CHINA, protocol])
    assert deadline.agreement == protocol and deadline.hours == 120
    assert notification_deadline("CHN", date(2021, 12, 31), [CHINA, protocol]).hours == 96


def test_the_deadline_as_json_names_the_agreement_and_its_source() -> None:
    assert notification_deadline("CHN", DAY, [CHINA]).as_dict() == {
        "nationality": "CHN",
        "on": "2025-03-14",
        "hours": 96,
        "without_delay": False,
        "mandatory": True,
        "basis": "bilateral",
        "agreement": {"reference": "1", "title": CHINA.title, "source": CHINA.source},
        "reason": notification_deadline("CHN", DAY, [CHINA]).reason,
    }


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def consular_agreements(draw: st.DrawFn) -> AgreementTerms:
    signed = draw(days)
    in_force = draw(st.none() | st.integers(0, 900).map(lambda d: signed + timedelta(days=d)))
    start = in_force or signed
    ended = draw(st.none() | st.integers(1, 3000).map(lambda d: start + timedelta(days=d)))
    return AgreementTerms(
        partner=draw(st.sampled_from(["CHN", "VNM", "PHL"])),
        title=f"Convention {draw(st.integers(1, 9))}",
        kind=draw(st.sampled_from(["consular", "consular", "readmission"])),
        signed_on=signed,
        in_force_on=in_force,
        ended_on=ended,
        notification_hours=draw(st.integers(1, 720)),
        notification_mandatory=draw(st.booleans()),
        source="Treaty series",
        reference=str(draw(st.integers(1, 50))),
    )


@given(st.lists(consular_agreements(), max_size=6), st.sampled_from(["CHN", "VNM", "BRA"]), days)
def test_the_order_the_agreements_come_in_never_changes_the_deadline(
    agreements: list[AgreementTerms], nationality: str, day: date
) -> None:
    forwards = notification_deadline(nationality, day, agreements)
    backwards = notification_deadline(nationality, day, list(reversed(agreements)))
    assert forwards == backwards


@given(st.lists(consular_agreements(), max_size=6), st.sampled_from(["CHN", "VNM", "BRA"]), days)
def test_a_fixed_deadline_always_comes_from_a_consular_treaty_in_force_with_that_state(
    agreements: list[AgreementTerms], nationality: str, day: date
) -> None:
    deadline = notification_deadline(nationality, day, agreements)
    if deadline.agreement is None:
        assert (deadline.hours, deadline.mandatory, deadline.basis) == (None, False, VIENNA)
        assert not any(
            a.kind == "consular" and a.partner == nationality and a.in_force(day)
            for a in agreements
        )
    else:
        chosen = deadline.agreement
        assert chosen.kind == "consular" and chosen.partner == nationality
        assert chosen.in_force(day) and deadline.hours == chosen.notification_hours
        assert deadline.mandatory == chosen.notification_mandatory
        assert chosen.reference in {a.reference for a in agreements}
