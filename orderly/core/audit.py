"""Writing to the audit trail. Every service calls ``audit`` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from orderly.core.models import AuditEvent
from orderly.core.roles import Actor


def audit(
    actor: Actor, name: str, *, obj: Any = None, changes: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that ``actor`` did ``name`` (dotted) to ``obj``, with what changed or was read."""
    return AuditEvent.objects.create(
        name=name,
        actor_id=actor.user_id,
        actor_label=actor.username,
        object_type=_object_type(obj),
        object_id="" if obj is None else str(getattr(obj, "pk", obj)),
        occurred_at=timezone.now(),
        changes=changes or {},
    )


def _object_type(obj: Any) -> str:
    if obj is None or not hasattr(obj, "_meta"):
        return ""
    return str(obj._meta.label_lower)


def mask_document_number(number: str) -> str:
    """Show only the last three characters: audit data and logs never hold full document numbers."""
    if len(number) <= 3:
        return "*" * len(number)
    return "*" * (len(number) - 3) + number[-3:]
