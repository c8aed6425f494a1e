"""Roles, the actions each may take, and the jurisdiction each action reaches.

A permission is an action within a jurisdiction: a port, a region, the nation, or oneself.
Anything not listed here is denied. This module is pure: no Django, so it can be read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    BORDER_OFFICER = "border_officer"
    SUPERVISOR = "supervisor"
    CASEWORKER = "caseworker"
    ANALYST = "analyst"
    # The official who signs off the State's GCM review (the national focal point).
    REVIEW_COORDINATOR = "review_coordinator"
    ADMINISTRATOR = "administrator"
    MIGRANT = "migrant"
    # Commands an operator runs on the server itself; never granted to an account.
    SYSTEM = "system"


class ScopeKind(StrEnum):
    PORT = "port"
    REGION = "region"
    NATION = "nation"
    SELF = "self"


class Reach(StrEnum):
    """How far an action reaches from a role grant's scope."""

    GRANT = "grant"  # exactly the grant's port, region, nation or self
    NATION = (
        "nation"  # anywhere, whatever the grant's scope (e.g. an officer looks up any traveller)
    )


class Action(StrEnum):
    PERSON_SEARCH = "registry.person.search"
    PERSON_VIEW = "registry.person.view"
    DOCUMENT_REGISTER = "registry.document.register"
    CROSSING_RECORD = "border.crossing.record"
    CROSSING_VIEW = "border.crossing.view"
    CROSSING_CORRECT = "border.crossing.correct"
    PORT_VIEW = "border.port.view"
    PORT_MANAGE = "border.port.manage"
    IMPORT_RUN = "border.import.run"
    AUDIT_VIEW = "core.audit.view"
    USER_MANAGE = "core.user.manage"
    STATS_VIEW = "stats.aggregate.view"
    # Copies every crossing, with the person's nationality, into the warehouse.
    WAREHOUSE_EXPORT = "stats.warehouse.export"
    STAY_VIEW = "stay.status.view"
    OVERSTAY_LIST = "stay.overstay.list"
    AUTHORIZATION_RECORD = "stay.authorization.record"
    PACK_MANAGE = "stay.pack.manage"
    # Official international files (UN DESA migrant stock, World Bank remittances) for the review.
    REVIEW_DATA_IMPORT = "review.data.import"
    REVIEW_VIEW = "review.report.view"
    NARRATIVE_WRITE = "review.narrative.write"
    NARRATIVE_APPROVE = "review.narrative.approve"
    # Bilateral agreements, multilateral mechanisms and cooperation projects: the State's public
    # commitments, kept by administrators and read by those who report on them.
    COOPERATION_VIEW = "cooperation.view"
    COOPERATION_MANAGE = "cooperation.manage"


# Which scopes a grant of each role may carry.
ROLE_SCOPES: dict[Role, frozenset[ScopeKind]] = {
    Role.BORDER_OFFICER: frozenset({ScopeKind.PORT}),
    Role.SUPERVISOR: frozenset({ScopeKind.REGION, ScopeKind.NATION}),
    Role.CASEWORKER: frozenset({ScopeKind.NATION}),
    Role.ANALYST: frozenset({ScopeKind.NATION}),
    Role.REVIEW_COORDINATOR: frozenset({ScopeKind.NATION}),
    Role.ADMINISTRATOR: frozenset({ScopeKind.NATION}),
    Role.MIGRANT: frozenset({ScopeKind.SELF}),
    Role.SYSTEM: frozenset(),
}

# What each role may do, and how far. A traveller can present at any port, so officers look up
# people nationally; they record and list crossings only at their own ports.
ROLE_ACTIONS: dict[Role, dict[Action, Reach]] = {
    Role.BORDER_OFFICER: {
        Action.PERSON_SEARCH: Reach.NATION,
        Action.PERSON_VIEW: Reach.NATION,
        Action.DOCUMENT_REGISTER: Reach.NATION,
        Action.CROSSING_RECORD: Reach.GRANT,
        Action.CROSSING_VIEW: Reach.GRANT,
        Action.PORT_VIEW: Reach.GRANT,
        # The traveller in front of the officer may have entered anywhere.
        Action.STAY_VIEW: Reach.NATION,
    },
    Role.SUPERVISOR: {
        Action.PERSON_SEARCH: Reach.NATION,
        Action.PERSON_VIEW: Reach.NATION,
        Action.CROSSING_VIEW: Reach.GRANT,
        # Officers record; a supervisor corrects what was recorded in their region, so a
        # correction is always a second person's decision.
        Action.CROSSING_CORRECT: Reach.GRANT,
        Action.PORT_VIEW: Reach.GRANT,
        Action.IMPORT_RUN: Reach.GRANT,
        Action.STAY_VIEW: Reach.NATION,
        Action.OVERSTAY_LIST: Reach.GRANT,
        # The agreements are the nation's, whatever region the supervisor oversees: a foreigner
        # held at one of their ports has the consular deadline of their own State's treaty.
        Action.COOPERATION_VIEW: Reach.NATION,
    },
    Role.CASEWORKER: {
        Action.PERSON_SEARCH: Reach.GRANT,
        Action.PERSON_VIEW: Reach.GRANT,
        Action.CROSSING_VIEW: Reach.GRANT,
        Action.PORT_VIEW: Reach.GRANT,
        Action.STAY_VIEW: Reach.GRANT,
        Action.OVERSTAY_LIST: Reach.GRANT,
        Action.AUTHORIZATION_RECORD: Reach.GRANT,
    },
    Role.ANALYST: {
        Action.STATS_VIEW: Reach.GRANT,
        Action.PORT_VIEW: Reach.GRANT,
        Action.REVIEW_DATA_IMPORT: Reach.GRANT,
        Action.REVIEW_VIEW: Reach.GRANT,
        # Analysts draft the review's narrative and review one another's drafts.
        Action.NARRATIVE_WRITE: Reach.GRANT,
        # The review's cooperation annex is built from the cooperation records.
        Action.COOPERATION_VIEW: Reach.GRANT,
    },
    Role.REVIEW_COORDINATOR: {
        Action.STATS_VIEW: Reach.GRANT,
        Action.REVIEW_VIEW: Reach.GRANT,
        Action.NARRATIVE_WRITE: Reach.GRANT,
        # Only approved text is published: approval is the coordinator's alone.
        Action.NARRATIVE_APPROVE: Reach.GRANT,
        Action.COOPERATION_VIEW: Reach.GRANT,
    },
    Role.ADMINISTRATOR: {
        Action.PORT_VIEW: Reach.GRANT,
        Action.PORT_MANAGE: Reach.GRANT,
        Action.AUDIT_VIEW: Reach.GRANT,
        Action.USER_MANAGE: Reach.GRANT,
        Action.IMPORT_RUN: Reach.GRANT,
        Action.PACK_MANAGE: Reach.GRANT,
        Action.WAREHOUSE_EXPORT: Reach.GRANT,
        # Administrators load the official files; analysts, who read the statistics, read the
        # review built on them.
        Action.REVIEW_DATA_IMPORT: Reach.GRANT,
        Action.COOPERATION_VIEW: Reach.GRANT,
        Action.COOPERATION_MANAGE: Reach.GRANT,
    },
    Role.MIGRANT: {
        Action.PERSON_VIEW: Reach.GRANT,
        Action.CROSSING_VIEW: Reach.GRANT,
        Action.STAY_VIEW: Reach.GRANT,
    },
    Role.SYSTEM: dict.fromkeys(Action, Reach.NATION),
}


@dataclass(frozen=True)
class Place:
    """Where the object of an action lies: its port and region, and whose record it is."""

    port: str | None = None
    region: str | None = None
    person_id: str | None = None


@dataclass(frozen=True)
class Grant:
    """One role held within one scope (``code`` names the port, region or person)."""

    role: Role
    scope: ScopeKind
    code: str = ""

    def reaches(self, action: Action, place: Place | None) -> bool:
        """True when this grant allows ``action`` on an object at ``place``."""
        reach = ROLE_ACTIONS[self.role].get(action)
        if reach is None:
            return False
        if reach is Reach.NATION or self.scope is ScopeKind.NATION:
            return self.scope is not ScopeKind.SELF or _is_self(self, place)
        return _covers(self, place)


def _is_self(grant: Grant, place: Place | None) -> bool:
    return place is not None and place.person_id is not None and place.person_id == grant.code


def _covers(grant: Grant, place: Place | None) -> bool:
    if place is None:
        return False
    if grant.scope is ScopeKind.PORT:
        return place.port is not None and place.port == grant.code
    if grant.scope is ScopeKind.REGION:
        return place.region is not None and place.region == grant.code
    return _is_self(grant, place)


@dataclass(frozen=True)
class Actor:
    """Who is acting, with every grant they hold. Built once per request from the database."""

    user_id: int | None
    username: str
    grants: tuple[Grant, ...] = ()

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def can(self, action: Action, place: Place | None = None) -> bool:
        """True when any grant allows ``action`` at ``place``; deny by default."""
        return any(grant.reaches(action, place) for grant in self.grants)

    def may_somewhere(self, action: Action) -> bool:
        """True when some grant allows ``action`` at all (used to show or hide whole pages)."""
        return any(action in ROLE_ACTIONS[grant.role] for grant in self.grants)

    def scope_codes(self, action: Action, scope: ScopeKind) -> frozenset[str]:
        """The ports (or regions, or persons) where ``action`` is granted with that scope kind."""
        return frozenset(
            g.code for g in self.grants if g.scope is scope and action in ROLE_ACTIONS[g.role]
        )

    def reaches_nation(self, action: Action) -> bool:
        """True when ``action`` is allowed everywhere (national grant or nation-wide reach)."""
        return any(
            (ROLE_ACTIONS[g.role].get(action) is Reach.NATION and g.scope is not ScopeKind.SELF)
            or (g.scope is ScopeKind.NATION and action in ROLE_ACTIONS[g.role])
            for g in self.grants
        )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)


ANONYMOUS = Actor(user_id=None, username="anonymous")


def system_actor(purpose: str) -> Actor:
    """The actor for commands an operator runs on the server itself (demo data, imports).

    Shell access to the server already implies full control; the name still lands in the audit
    trail so such runs are told apart from people's actions.
    """
    return Actor(
        user_id=None,
        username=f"system:{purpose}",
        grants=(Grant(Role.SYSTEM, ScopeKind.NATION),),
    )
