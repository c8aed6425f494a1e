"""Named personas: the people tests and the demo sign in as.

Each persona is one role in one scope. Scopes name ports and regions by code, and the migrant by
the id of their own person record, so this module needs nothing from the other contexts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from orderly.core.audit import audit
from orderly.core.models import RoleGrant, User
from orderly.core.roles import Role, ScopeKind, system_actor


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    role: Role | None  # None: signed in, but granted nothing (the outsider)
    scope: ScopeKind | None
    scope_key: str  # which code fills the scope: "port_a", "port_b", "region_a", "migrant", ""


PERSONAS: tuple[Persona, ...] = (
    Persona("officer.ana", "Ana Officer", Role.BORDER_OFFICER, ScopeKind.PORT, "port_a"),
    Persona("officer.ben", "Ben Officer", Role.BORDER_OFFICER, ScopeKind.PORT, "port_b"),
    Persona("supervisor.sara", "Sara Supervisor", Role.SUPERVISOR, ScopeKind.REGION, "region_a"),
    Persona("caseworker.carl", "Carl Caseworker", Role.CASEWORKER, ScopeKind.NATION, ""),
    Persona("analyst.alma", "Alma Analyst", Role.ANALYST, ScopeKind.NATION, ""),
    Persona("coordinator.cora", "Cora Coordinator", Role.REVIEW_COORDINATOR, ScopeKind.NATION, ""),
    Persona("admin.ada", "Ada Administrator", Role.ADMINISTRATOR, ScopeKind.NATION, ""),
    Persona("migrant.mia", "Mia Migrant", Role.MIGRANT, ScopeKind.SELF, "migrant"),
    Persona("outsider.otto", "Otto Outsider", None, None, ""),
)


@transaction.atomic
def persona_users_create(*, codes: dict[str, str], password: str) -> dict[str, User]:
    """Create (or refresh) every persona's account and grant; returns users by user name.

    ``codes`` maps each scope key to a real code, e.g. {"port_a": "CAP-AIR", "migrant": "<uuid>"}.
    Used by the test suite and ``orderly demo-data``, which run as the system, not as a person.
    """
    users: dict[str, User] = {}
    hashed = make_password(password)  # hashed once: argon2 is slow on purpose
    actor = system_actor("personas")
    for persona in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=persona.username,
            defaults={
                "display_name": persona.display_name,
                "is_staff": persona.role is Role.ADMINISTRATOR,
            },
        )
        user.password = hashed
        user.save(update_fields=["password"])
        RoleGrant.objects.filter(user=user).delete()
        code = codes.get(persona.scope_key, "") if persona.scope_key else ""
        if persona.role is not None and persona.scope is not None:
            RoleGrant.objects.create(user=user, role=persona.role, scope=persona.scope, code=code)
        audit(
            actor,
            "core.persona.provisioned",
            obj=user,
            changes={"role": persona.role, "scope": persona.scope, "code": code},
        )
        users[persona.username] = user
    return users
