"""Projects serve GCM objectives 1 to 23 with their funding in a known currency; the State takes
part in a mechanism from the day it joins until the day it leaves (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from orderly.cooperation.rules import (
    MechanismTerms,
    ProjectTerms,
    mechanism_problem,
    objectives_problem,
    project_problem,
)

PROJECT = ProjectTerms(
    title="Better labour migration data",
    partners=("Department of Foreign Employment of Nepal", "UNOSSC"),
    funding_kind="south_south_fund",
    funder="Pérez-Guerrero Trust Fund for South-South Cooperation",
    starts_on=date(2024, 3, 1),
    ends_on=date(2026, 2, 28),
    objectives=(1, 5, 6),
    amount=Decimal("350000.00"),
    currency="USD",
    source="Project document",
)
BALI = MechanismTerms(
    name="Bali Process",
    kind="regional_consultative_process",
    role="member",
    joined_on=date(2002, 2, 28),
    source="Co-Chairs' Statement, 2002",
)


def field_at_fault(terms: ProjectTerms) -> str | None:
    problem = project_problem(terms)
    return None if problem is None else problem.field


def test_a_project_with_partners_funding_and_objectives_hangs_together() -> None:
    assert project_problem(PROJECT) is None
    assert project_problem(replace(PROJECT, amount=None, currency="", ends_on=None)) is None


def test_a_project_serves_at_least_one_objective_numbered_1_to_23() -> None:
    for objectives in ((), (0,), (24,), (5, 99), (True,), ("5",)):
        problem = project_problem(replace(PROJECT, objectives=objectives))  # type: ignore[arg-type]
        assert problem is not None and problem.field == "objectives", objectives
    assert project_problem(replace(PROJECT, objectives=(1, 23))) is None


def test_an_amount_comes_with_its_iso_4217_currency() -> None:
    assert field_at_fault(replace(PROJECT, currency="")) == "currency"
    assert field_at_fault(replace(PROJECT, currency="DOLLARS")) == "currency"
    assert field_at_fault(replace(PROJECT, amount=None)) == "currency"
    for amount in ("0", "-5", "10.005", "NaN", "1e13"):
        assert field_at_fault(replace(PROJECT, amount=Decimal(amount))) == "amount", amount


def test_partners_are_named_once_each() -> None:
    assert field_at_fault(replace(PROJECT, partners=())) == "partners"
    assert field_at_fault(replace(PROJECT, partners=("IOM", " "))) == "partners"
    assert field_at_fault(replace(PROJECT, partners=("IOM", "iom"))) == "partners"


def test_a_project_ends_on_or_after_its_first_day() -> None:
    assert field_at_fault(replace(PROJECT, ends_on=date(2024, 2, 29))) == "ends_on"
    assert field_at_fault(replace(PROJECT, ends_on=date(2024, 3, 1))) is None


def test_a_project_runs_in_a_period_when_one_of_its_days_falls_in_it() -> None:
    assert PROJECT.running(date(2026, 2, 28), date(2026, 12, 31))
    assert not PROJECT.running(date(2026, 3, 1), date(2026, 12, 31))
    assert PROJECT.running(date(2023, 1, 1), date(2024, 3, 1))
    assert not PROJECT.running(date(2023, 1, 1), date(2024, 2, 29))
    assert replace(PROJECT, ends_on=None).running(date(2040, 1, 1), date(2040, 1, 1))


def test_a_mechanism_has_a_known_kind_and_role_and_is_left_after_joining() -> None:
    assert mechanism_problem(BALI) is None
    for change, field in (
        ({"kind": "club"}, "kind"),
        ({"role": "president"}, "role"),
        ({"ended_on": BALI.joined_on}, "ended_on"),
        ({"name": ""}, "name"),
        ({"source": ""}, "source"),
    ):
        problem = mechanism_problem(replace(BALI, **change))
        assert problem is not None and problem.field == field, change


def test_the_state_takes_part_from_joining_until_the_day_it_leaves() -> None:
    left = replace(BALI, ended_on=date(2010, 1, 1))
    assert not left.taking_part(date(2002, 2, 27))
    assert left.taking_part(date(2002, 2, 28)) and left.taking_part(date(2009, 12, 31))
    assert not left.taking_part(date(2010, 1, 1))


@given(st.lists(st.integers(min_value=1, max_value=23), min_size=1))
def test_any_objectives_from_1_to_23_are_accepted(objectives: list[int]) -> None:
    assert objectives_problem(objectives) is None


@given(
    st.lists(st.integers(min_value=1, max_value=23)),
    st.integers().filter(lambda n: not 1 <= n <= 23),
    st.randoms(),
)
def test_any_number_outside_1_to_23_is_refused(
    objectives: list[int], outside: int, shuffle: object
) -> None:
    mixed = [*objectives, outside]
    shuffle.shuffle(mixed)  # type: ignore[attr-defined]
    problem = objectives_problem(mixed)
    assert problem is not None and problem.field == "objectives"
