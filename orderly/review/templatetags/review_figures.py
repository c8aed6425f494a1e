"""How the review's reports write numbers: counts with thousands separators, fractions as
percentages, a suppressed figure said in words."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any, unit: str = "") -> str:
    """``value`` written for a reader: 1,234,567; 3.8 % for a fraction; "suppressed" for None."""
    if value is None:
        return "suppressed"
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit.startswith("fraction"):
        return percent(value)
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{round(value):,}"
    return f"{value:,.2f}"


@register.filter
def percent(value: Any) -> str:
    """A fraction as a percentage with one decimal: 0.0384 → 3.8 %."""
    if value is None:
        return "not available"
    return f"{value * 100:,.1f} %"


@register.filter
def signed_percent(value: Any) -> str:
    """A change as a signed percentage: 0.038 → +3.8 %."""
    if value is None:
        return "not available"
    return f"{value * 100:+,.1f} %"


@register.filter
def unit_label(unit: str) -> str:
    """The unit written after a figure; none after a percentage, which says its own."""
    return "" if unit.startswith("fraction") else unit


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``mapping[key]``, or None: templates cannot index a dict by a variable."""
    return mapping.get(key)


@register.filter
def available(value: Any) -> str:
    """A published figure, or "n/a" where the file gives none."""
    return "n/a" if value is None else figure(value)


@register.filter
def moment(value: str) -> str:
    """An as-of day as it is given, or an as-of time to the minute: 2026-11-29 08:52 UTC."""
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if len(value) <= 10:
        return value
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
