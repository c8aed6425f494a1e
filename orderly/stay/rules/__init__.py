"""The lawful-stay engine: pure Python, no Django, no clock.

``decide(facts, pack, as_of)`` says whether a person is regular or irregular, until when, and why.
Everything it needs is passed in: the person's facts, the policy pack in force and the moment.
"""

from orderly.stay.rules.decide import decide
from orderly.stay.rules.decision import Reason, Status, StayDecision
from orderly.stay.rules.facts import (
    Application,
    AsOf,
    Authorization,
    CrossingFact,
    PersonFacts,
    PlannedTrip,
)

__all__ = [
    "Application",
    "AsOf",
    "Authorization",
    "CrossingFact",
    "PersonFacts",
    "PlannedTrip",
    "Reason",
    "Status",
    "StayDecision",
    "decide",
]
