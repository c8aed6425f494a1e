"""Writing the narrative on an objective: drafted, reviewed, approved, each step audited, and
only approved text published."""

from __future__ import annotations

import pytest

from conftest import World
from orderly.core.errors import Conflict, InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.review.models import Narrative
from orderly.review.selectors import objective_texts, published_narratives
from orderly.review.services import (
    narrative_approve,
    narrative_return,
    narrative_review,
    narrative_save,
)

pytestmark = pytest.mark.django_db

PROGRESS = {"progress": "Entry-exit records are now complete at every port."}


def _published(world: World) -> dict[int, Narrative]:
    return published_narratives(actor=world.actor("analyst.alma"), period="2025")


def _drafted(world: World, sections: dict[str, str] = PROGRESS) -> Narrative:
    return narrative_save(
        actor=world.actor("analyst.alma"), period="2025", objective=1, sections=sections
    )


def _approved(world: World) -> Narrative:
    draft = _drafted(world)
    cora = world.actor("coordinator.cora")
    reviewed = narrative_review(actor=cora, narrative_id=draft.pk, revision=draft.revision)
    return narrative_approve(actor=cora, narrative_id=draft.pk, revision=reviewed.revision)


def test_a_draft_reviewed_and_approved_is_published_and_every_step_is_audited(
    world: World,
) -> None:
    approved = _approved(world)
    assert approved.status == Narrative.Status.APPROVED
    assert _published(world)[1].progress == PROGRESS["progress"]
    steps = AuditEvent.objects.filter(
        object_type="review.narrative", object_id=str(approved.pk)
    ).order_by("id")
    assert [(e.name, e.actor_label) for e in steps] == [
        ("review.narrative.saved", "analyst.alma"),
        ("review.narrative.reviewed", "coordinator.cora"),
        ("review.narrative.approved", "coordinator.cora"),
    ]
    assert steps[0].changes["progress"] == PROGRESS["progress"]


def test_a_draft_or_a_reviewed_text_is_not_published(world: World) -> None:
    draft = _drafted(world)
    assert _published(world) == {}
    narrative_review(
        actor=world.actor("coordinator.cora"), narrative_id=draft.pk, revision=draft.revision
    )
    assert _published(world) == {}


def test_the_author_cannot_review_their_own_draft(world: World) -> None:
    draft = _drafted(world)
    with pytest.raises(Conflict, match="someone else"):
        narrative_review(
            actor=world.actor("analyst.alma"), narrative_id=draft.pk, revision=draft.revision
        )
    assert Narrative.objects.get(pk=draft.pk).status == Narrative.Status.DRAFT


def test_only_the_coordinator_approves(world: World) -> None:
    draft = narrative_save(
        actor=world.actor("coordinator.cora"), period="2025", objective=1, sections=PROGRESS
    )
    alma = world.actor("analyst.alma")
    reviewed = narrative_review(actor=alma, narrative_id=draft.pk, revision=draft.revision)
    with pytest.raises(NotPermitted):
        narrative_approve(actor=alma, narrative_id=draft.pk, revision=reviewed.revision)


@pytest.mark.parametrize("username", ["officer.ana", "admin.ada", "migrant.mia", "outsider.otto"])
def test_nobody_else_writes_the_narrative(world: World, username: str) -> None:
    with pytest.raises(NotPermitted):
        narrative_save(actor=world.actor(username), period="2025", objective=1, sections=PROGRESS)
    assert not Narrative.objects.exists()


def test_a_new_draft_after_approval_leaves_the_approved_text_published(world: World) -> None:
    approved = _approved(world)
    newer = narrative_save(
        actor=world.actor("analyst.alma"),
        period="2025",
        objective=1,
        sections={"progress": "Revised text, not yet reviewed."},
    )
    assert newer.version == approved.version + 1
    assert _published(world)[1].pk == approved.pk
    texts = objective_texts(actor=world.actor("analyst.alma"), period="2025")[1]
    assert (texts.published, texts.open) == (approved, newer)


def test_editing_a_reviewed_text_sends_it_back_to_draft(world: World) -> None:
    draft = _drafted(world)
    reviewed = narrative_review(
        actor=world.actor("coordinator.cora"), narrative_id=draft.pk, revision=draft.revision
    )
    edited = narrative_save(
        actor=world.actor("analyst.alma"),
        period="2025",
        objective=1,
        sections={"progress": "Changed after review."},
        revision=reviewed.revision,
    )
    assert (edited.pk, edited.status, edited.reviewed_by) == (draft.pk, "draft", None)


def test_a_save_from_a_stale_form_is_refused_and_nothing_is_lost(world: World) -> None:
    draft = _drafted(world)
    cora = world.actor("coordinator.cora")
    narrative_save(
        actor=cora,
        period="2025",
        objective=1,
        sections={"progress": "Cora's words."},
        revision=draft.revision,
    )
    with pytest.raises(Conflict, match="changed since you opened it"):
        narrative_save(
            actor=world.actor("analyst.alma"),
            period="2025",
            objective=1,
            sections={"progress": "Alma's older words."},
            revision=draft.revision,
        )
    assert Narrative.objects.get(pk=draft.pk).progress == "Cora's words."


def test_a_text_returned_to_draft_says_why(world: World) -> None:
    draft = _drafted(world)
    cora = world.actor("coordinator.cora")
    reviewed = narrative_review(actor=cora, narrative_id=draft.pk, revision=draft.revision)
    with pytest.raises(InvalidInput) as refused:
        narrative_return(actor=cora, narrative_id=draft.pk, revision=reviewed.revision, because=" ")
    assert refused.value.field == "because"
    returned = narrative_return(
        actor=cora,
        narrative_id=draft.pk,
        revision=reviewed.revision,
        because="Cite the figures.",
    )
    assert (returned.status, returned.returned_because) == ("draft", "Cite the figures.")
    assert AuditEvent.objects.filter(name="review.narrative.returned").count() == 1


@pytest.mark.parametrize(
    ("period", "objective", "sections", "field"),
    [
        ("25", 1, PROGRESS, "period"),
        ("2999", 1, PROGRESS, "period"),
        ("2025", 24, PROGRESS, "objective"),
        ("2025", 1, {"progress": " "}, "progress"),
        ("2025", 1, {"progress": "ok", "good_practice": "x" * 20_001}, "good_practice"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, period: str, objective: int, sections: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        narrative_save(
            actor=world.actor("analyst.alma"),
            period=period,
            objective=objective,
            sections=sections,
        )
    assert refused.value.field == field
    assert not Narrative.objects.exists()
    assert not AuditEvent.objects.filter(name__startswith="review.narrative").exists()


def test_a_colleague_who_saved_a_word_makes_neither_of_them_a_possible_reviewer(
    world: World,
) -> None:
    alma, cora = world.actor("analyst.alma"), world.actor("coordinator.cora")
    draft = _drafted(world)
    touched = narrative_save(
        actor=cora,
        period="2025",
        objective=1,
        sections={"progress": PROGRESS["progress"] + " Offline posts sync daily."},
        revision=draft.revision,
    )
    for actor in (alma, cora):
        with pytest.raises(Conflict, match="you wrote some of this text"):
            narrative_review(actor=actor, narrative_id=draft.pk, revision=touched.revision)


def test_saving_without_a_change_makes_nobody_an_author(world: World) -> None:
    draft = _drafted(world)
    cora = world.actor("coordinator.cora")
    same = narrative_save(
        actor=cora, period="2025", objective=1, sections=PROGRESS, revision=draft.revision
    )
    assert (same.revision, same.authors) == (draft.revision, [world.user("analyst.alma").pk])
    reviewed = narrative_review(actor=cora, narrative_id=draft.pk, revision=same.revision)
    assert reviewed.status == "reviewed"


def test_a_save_from_a_form_opened_before_approval_is_refused(world: World) -> None:
    approved = _approved(world)
    with pytest.raises(Conflict, match="approved since"):
        narrative_save(
            actor=world.actor("analyst.alma"),
            period="2025",
            objective=1,
            sections={"progress": "Words written on the old draft."},
            revision=approved.revision - 2,  # the draft's revision when the form was opened
        )
    assert Narrative.objects.count() == 1


def test_only_those_who_read_the_review_read_its_published_texts(world: World) -> None:
    _approved(world)
    with pytest.raises(NotPermitted):
        published_narratives(actor=world.actor("officer.ana"), period="2025")
