"""Turning a signed-in user (or a device token) into an ``Actor`` with its grants."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from orderly.core.models import RoleGrant
from orderly.core.roles import ANONYMOUS, Actor, Grant, Role, ScopeKind


def actor_for_user(user: Any) -> Actor:
    """The actor for ``user``, with every role grant it holds; anonymous users have none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    rows = RoleGrant.objects.filter(user_id=user.pk).values_list("role", "scope", "code")
    grants = tuple(Grant(Role(role), ScopeKind(scope), code) for role, scope, code in rows)
    return Actor(user_id=user.pk, username=user.get_username(), grants=grants)


def request_actor(request: HttpRequest) -> Actor:
    """The actor behind ``request``, computed once per request."""
    cached = getattr(request, "_orderly_actor", None)
    if cached is None:
        cached = actor_for_user(getattr(request, "user", None))
        request._orderly_actor = cached  # type: ignore[attr-defined]
    return cached
