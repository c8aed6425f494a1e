"""The demo's national review narrative: texts on a few objectives for the last full year,
written by the analyst persona and reviewed and approved by the coordinator, through the same
services as anyone's, and one draft still waiting for review."""

from __future__ import annotations

from dataclasses import dataclass

from orderly.core.actors import actor_for_user
from orderly.core.models import User
from orderly.review.models import Narrative
from orderly.review.services import (
    narrative_approve,
    narrative_review,
    narrative_save,
)

APPROVED: dict[int, dict[str, str]] = {
    1: {
        "progress": (
            "Every entry and exit at the State's ports is now recorded at the desk in one "
            "action, and the offline posts on the northern land border synchronise within a "
            "day. Entry-exit person-times, foreigners present and overstay rates are published "
            "each quarter through disclosure control, by nationality, traveller category and "
            "port."
        ),
        "challenges": (
            "Sea ports still record crew changes on paper at night; those crossings reach the "
            "statistics up to a week late, which lowers the overstay rate's early figures."
        ),
        "good_practice": (
            "The same records feed the border desk, the migrant's own status page and the "
            "national statistics, so the three never disagree."
        ),
    },
    4: {
        "progress": (
            "Border officers verify the check digits of every machine-readable travel document "
            "and link a person's several documents to one record, so that a renewed passport "
            "does not restart a lawful stay."
        ),
        "challenges": "Identity cards of two neighbouring States carry no machine-readable zone.",
        "good_practice": "",
    },
    11: {
        "progress": (
            "Integrated border management: the air, land and sea ports share one record of "
            "crossings; a supervisor corrects a crossing recorded in error as a new fact, and "
            "the original stays."
        ),
        "challenges": (
            "Staffing at the land crossings peaks with seasonal workers in spring and autumn."
        ),
        "good_practice": (
            "Officers see the traveller's lawful stay, and why, before stamping an exit."
        ),
    },
    14: {
        "progress": (
            "Consular notification deadlines from each bilateral consular convention are kept "
            "with the agreement, so the hours that apply to a detained national are known at "
            "the moment of detention."
        ),
        "challenges": "",
        "good_practice": (
            "Mandatory notification is applied whatever the detainee's wish where the treaty "
            "says so, and the Vienna Convention's rule elsewhere."
        ),
    },
    20: {
        "progress": (
            "The State joined the regional remittance-cost monitoring and publishes the "
            "personal remittances received each year from the World Bank's figures."
        ),
        "challenges": "Remittance costs from the two largest corridors remain above 5 %.",
        "good_practice": "",
    },
}

DRAFT = (
    23,
    {
        "progress": (
            "The State takes part in the Bali Process and the Colombo Process, and co-leads a "
            "South-South cooperation project on labour migration data."
        )
    },
)


@dataclass(frozen=True)
class NarrativesLoaded:
    period: str
    approved: int
    drafts: int


def demo_narratives_load(*, period: str) -> NarrativesLoaded:
    """Load the demo texts for ``period``; an objective holding any text already is left as it
    is, so re-running adds nothing."""
    alma = actor_for_user(User.objects.get(username="analyst.alma"))
    cora = actor_for_user(User.objects.get(username="coordinator.cora"))
    written = set(Narrative.objects.filter(period=period).values_list("objective", flat=True))
    approved = 0
    for objective, sections in APPROVED.items():
        if objective in written:
            continue
        draft = narrative_save(actor=alma, period=period, objective=objective, sections=sections)
        reviewed = narrative_review(actor=cora, narrative_id=draft.pk, revision=draft.revision)
        narrative_approve(actor=cora, narrative_id=draft.pk, revision=reviewed.revision)
        approved += 1
    objective, sections = DRAFT
    drafts = 0
    if objective not in written:
        narrative_save(actor=alma, period=period, objective=objective, sections=sections)
        drafts = 1
    return NarrativesLoaded(period, approved, drafts)
