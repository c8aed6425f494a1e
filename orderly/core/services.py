"""Every write in core: users, role grants, device tokens and login throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orderly.core.audit import audit
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import DeviceToken, LoginFailure, RoleGrant, User
from orderly.core.roles import ROLE_SCOPES, Action, Actor, Role, ScopeKind

TOKEN_PREFIX_LENGTH = 8


def _require(actor: Actor, action: Action) -> None:
    if not actor.can(action):
        raise NotPermitted(f"you may not {action.value}")


@transaction.atomic
def user_create(
    *, actor: Actor, username: str, password: str, display_name: str = "", is_staff: bool = False
) -> User:
    """Create a user account (administrators only)."""
    _require(actor, Action.USER_MANAGE)
    if User.objects.filter(username=username).exists():
        raise InvalidInput("a user with this name already exists", field="username")
    user = User.objects.create_user(
        username=username, password=password, display_name=display_name, is_staff=is_staff
    )
    audit(
        actor, "core.user.created", obj=user, changes={"username": username, "is_staff": is_staff}
    )
    return user


@transaction.atomic
def role_grant(
    *, actor: Actor, user: User, role: Role, scope: ScopeKind, code: str = ""
) -> RoleGrant:
    """Give ``user`` a role within a scope, refusing scopes the role cannot hold."""
    _require(actor, Action.USER_MANAGE)
    role_grant_validate(role=role, scope=scope, code=code)
    grant, _ = RoleGrant.objects.get_or_create(
        user=user, role=role.value, scope=scope.value, code=code
    )
    audit(
        actor,
        "core.role.granted",
        obj=user,
        changes={"role": role.value, "scope": scope.value, "code": code},
    )
    return grant


@transaction.atomic
def user_update(*, actor: Actor, user: User, display_name: str, is_active: bool) -> User:
    """Change a user's display name, or deactivate (or reactivate) the account."""
    _require(actor, Action.USER_MANAGE)
    before = {"display_name": user.display_name, "is_active": user.is_active}
    user.display_name, user.is_active = display_name, is_active
    user.save(update_fields=["display_name", "is_active"])
    after = {"display_name": display_name, "is_active": is_active}
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    audit(actor, "core.user.updated", obj=user, changes=changed)
    return user


def role_grant_validate(*, role: Role, scope: ScopeKind, code: str) -> None:
    """Refuse a scope the role cannot hold, or a scope without its code, naming the field."""
    if role is Role.SYSTEM or scope not in ROLE_SCOPES[role]:
        raise InvalidInput(f"a {role.value} cannot be granted a {scope.value} scope", field="scope")
    if scope is not ScopeKind.NATION and not code:
        raise InvalidInput(f"a {scope.value} scope needs a code", field="code")


@transaction.atomic
def device_token_revoke(*, actor: Actor, prefix: str) -> DeviceToken:
    """Stop a device token from working, e.g. when a border-post device is lost."""
    _require(actor, Action.USER_MANAGE)
    token = DeviceToken.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None:
        raise InvalidInput("no active device token with this prefix", field="prefix")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor, "core.device_token.revoked", obj=token, changes={"name": token.name})
    return token


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def device_token_issue(*, actor: Actor, user: User, name: str) -> str:
    """Issue a bearer token for a border-post device acting as ``user``; returned only once."""
    _require(actor, Action.USER_MANAGE)
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token = DeviceToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(secret))
    audit(
        actor, "core.device_token.issued", obj=token, changes={"user": user.username, "name": name}
    )
    return f"{prefix}.{secret}"


def device_token_user(raw: str) -> User | None:
    """The active user a presented token stands for, or None. Compares digests in constant time."""
    prefix, _, secret = raw.partition(".")
    if not prefix or not secret:
        return None
    # get(), not first(): the prefix is unique, and every API request comes through here, so the
    # ORDER BY that first() adds is CPU spent on each request for nothing.
    try:
        token = DeviceToken.objects.select_related("user").get(
            prefix=prefix, revoked_at__isnull=True
        )
    except DeviceToken.DoesNotExist:
        return None
    if not secrets.compare_digest(token.digest, _digest(secret)):
        return None
    return token.user if token.user.is_active else None


def login_is_throttled(username: str) -> bool:
    """True when this user name has failed too often recently to be allowed another try."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=since).count()
    return recent >= settings.LOGIN_FAILURE_LIMIT


def _sign_in_actor(username: str) -> Actor:
    # Nobody is signed in yet: the audit trail names who tried, not who they are.
    return Actor(user_id=None, username=f"sign-in:{username.lower()[:120]}")


def login_refusal_record(*, username: str, remote_addr: str) -> None:
    """Audit a sign-in refused because the user name is throttled."""
    audit(_sign_in_actor(username), "core.login.throttled", changes={"remote_addr": remote_addr})


def login_failure_record(*, username: str, remote_addr: str) -> None:
    """Count and audit a failed sign-in (the password itself is never stored or logged)."""
    audit(_sign_in_actor(username), "core.login.failed", changes={"remote_addr": remote_addr})
    LoginFailure.objects.create(
        username=username.lower()[:150], remote_addr=remote_addr[:64], at=timezone.now()
    )


def login_success_record(*, username: str, remote_addr: str) -> None:
    """Audit a successful sign-in and forget the user name's earlier failures."""
    audit(_sign_in_actor(username), "core.login.succeeded", changes={"remote_addr": remote_addr})
    login_failures_clear(username=username)


def login_failures_clear(*, username: str) -> None:
    """Forget failures after a successful sign-in."""
    LoginFailure.objects.filter(username=username.lower()).delete()


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    """Take a role away from a user."""
    _require(actor, Action.USER_MANAGE)
    audit(
        actor,
        "core.role.revoked",
        obj=grant.user,
        changes={"role": grant.role, "scope": grant.scope, "code": grant.code},
    )
    grant.delete()
