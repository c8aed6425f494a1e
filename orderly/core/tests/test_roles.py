"""Permissions are an action within a jurisdiction, and everything else is denied."""

from __future__ import annotations

from orderly.core.roles import ANONYMOUS, Action, Actor, Grant, Place, Role, ScopeKind

CAP = Place(port="CAP-AIR", region="capital")
NORTH = Place(port="NTH-LND", region="north")


def officer_at(port: str) -> Actor:
    return Actor(
        user_id=1, username="officer", grants=(Grant(Role.BORDER_OFFICER, ScopeKind.PORT, port),)
    )


def test_an_officer_records_at_their_own_port_only() -> None:
    officer = officer_at("CAP-AIR")
    assert officer.can(Action.CROSSING_RECORD, CAP)
    assert not officer.can(Action.CROSSING_RECORD, NORTH)


def test_an_officer_looks_up_travellers_nationwide() -> None:
    assert officer_at("CAP-AIR").can(Action.PERSON_SEARCH, Place())


def test_an_officer_at_two_ports_records_at_both() -> None:
    officer = Actor(
        user_id=1,
        username="o",
        grants=(
            Grant(Role.BORDER_OFFICER, ScopeKind.PORT, "CAP-AIR"),
            Grant(Role.BORDER_OFFICER, ScopeKind.PORT, "NTH-LND"),
        ),
    )
    assert officer.can(Action.CROSSING_RECORD, CAP) and officer.can(Action.CROSSING_RECORD, NORTH)


def test_a_regional_supervisor_sees_crossings_in_their_region_only() -> None:
    supervisor = Actor(
        user_id=2, username="s", grants=(Grant(Role.SUPERVISOR, ScopeKind.REGION, "capital"),)
    )
    assert supervisor.can(Action.CROSSING_VIEW, CAP)
    assert not supervisor.can(Action.CROSSING_VIEW, NORTH)
    assert not supervisor.can(Action.CROSSING_RECORD, CAP)


def test_a_migrant_sees_only_themself() -> None:
    migrant = Actor(user_id=3, username="m", grants=(Grant(Role.MIGRANT, ScopeKind.SELF, "p-1"),))
    assert migrant.can(Action.PERSON_VIEW, Place(person_id="p-1"))
    assert not migrant.can(Action.PERSON_VIEW, Place(person_id="p-2"))
    assert not migrant.can(Action.PERSON_SEARCH, Place())


def test_an_analyst_never_reaches_personal_data() -> None:
    analyst = Actor(user_id=4, username="a", grants=(Grant(Role.ANALYST, ScopeKind.NATION),))
    for action in (
        Action.PERSON_VIEW,
        Action.PERSON_SEARCH,
        Action.CROSSING_VIEW,
        Action.CROSSING_RECORD,
    ):
        assert not analyst.can(action, CAP)
    assert analyst.can(Action.STATS_VIEW)


def test_nobody_without_a_grant_may_do_anything() -> None:
    for action in Action:
        assert not ANONYMOUS.can(action, CAP)
        assert not ANONYMOUS.may_somewhere(action)
