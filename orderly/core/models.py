"""Users, role grants, device tokens, login failures and the append-only audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from orderly.core.roles import Role, ScopeKind


class User(AbstractUser):
    """A person who signs in: staff of the authority, or a migrant using the portal."""

    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrant(models.Model):
    """One role held by a user within one scope: a port, a region, the nation, or oneself."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(
        max_length=32, choices=[(r.value, r.name.title()) for r in Role if r is not Role.SYSTEM]
    )
    scope = models.CharField(max_length=16, choices=[(s.value, s.name.title()) for s in ScopeKind])
    code = models.CharField(
        max_length=64, blank=True, help_text="Port code, region code or person id"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "role", "scope", "code"], name="one_grant_per_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} @ {self.scope}:{self.code}"


class DeviceToken(models.Model):
    """A bearer token for a border-post device, acting as its user. Only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="device_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed sign-in, counted to throttle password guessing across all server processes."""

    username = models.CharField(max_length=150, db_index=True)
    remote_addr = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M:%S}"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """Something that happened: a change, or a read of personal data. Never updated or deleted.

    On PostgreSQL a trigger also refuses UPDATE and DELETE, so not even raw SQL can rewrite history.
    """

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(
        max_length=100, db_index=True, help_text="Dotted, e.g. border.crossing.recorded"
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.name} by {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")
