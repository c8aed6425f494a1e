"""Where contexts built on border take part in its work without border importing them.

The stay context keeps each stay's authorized end next to the crossings; border cannot import
stay (stay builds on border), so stay registers here when the platform starts (its AppConfig).
Registered callables run inside the recording (or correcting) transaction: if one fails, nothing
is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orderly.border.models import Crossing, CrossingCorrection, Port
    from orderly.core.roles import Actor
    from orderly.registry.models import Person

CrossingRecorded = Callable[["Actor", "Crossing"], None]
CrossingCorrected = Callable[["Actor", "CrossingCorrection"], None]
# A traveller panel for the desk: (template name, context), or None to show nothing.
TravellerPanel = Callable[["Actor", "Person", "Port"], tuple[str, dict[str, Any]] | None]

_recorded: list[CrossingRecorded] = []
_corrected: list[CrossingCorrected] = []
_panels: list[TravellerPanel] = []


def on_crossing_recorded(callback: CrossingRecorded) -> None:
    """Have ``callback(actor, crossing)`` run after every admitted or refused crossing is stored."""
    if callback not in _recorded:
        _recorded.append(callback)


def on_crossing_corrected(callback: CrossingCorrected) -> None:
    """Have ``callback(actor, correction)`` run after every crossing is corrected or struck out.

    The replacement (if any) belongs to the same person as the crossing it replaces.
    """
    if callback not in _corrected:
        _corrected.append(callback)


def add_traveller_panel(panel: TravellerPanel) -> None:
    """Show ``panel``'s template on the desk under the traveller, before the officer decides."""
    if panel not in _panels:
        _panels.append(panel)


def crossing_recorded(actor: Actor, crossing: Crossing) -> None:
    for callback in _recorded:
        callback(actor, crossing)


def crossing_corrected(actor: Actor, correction: CrossingCorrection) -> None:
    for callback in _corrected:
        callback(actor, correction)


def traveller_panels(actor: Actor, person: Person, port: Port) -> list[tuple[str, dict[str, Any]]]:
    """The panels to show for ``person`` at ``port`` (each provider checks permission)."""
    shown = (panel(actor, person, port) for panel in _panels)
    return [item for item in shown if item is not None]
