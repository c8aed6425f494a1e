"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from orderly.core.actors import request_actor
from orderly.core.roles import Action


def actor(request: HttpRequest) -> dict[str, Any]:
    """The actor, and which top-level pages the navigation may offer them."""
    current = request_actor(request)
    return {
        "actor": current,
        "nav_desk": current.may_somewhere(Action.CROSSING_RECORD),
        "nav_crossings": current.may_somewhere(Action.CROSSING_VIEW),
        "nav_audit": current.may_somewhere(Action.AUDIT_VIEW),
        "nav_overstays": current.may_somewhere(Action.OVERSTAY_LIST),
        "nav_statistics": current.may_somewhere(Action.STATS_VIEW),
        "nav_review": current.may_somewhere(Action.REVIEW_VIEW),
    }
