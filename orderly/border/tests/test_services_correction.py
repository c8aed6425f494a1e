"""Correcting a crossing: a new fact pointing at the old, which stays stored exactly as it was.

Supervisor Sara (region "capital", where CAP-AIR lies) corrects; officers record and may not.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from conftest import World, specimen_mrz
from orderly.border.models import Crossing, CrossingCorrection, Source
from orderly.border.rules.flags import EXIT_WITHOUT_ENTRY, RECORDED_LATE
from orderly.border.selectors import traveller_history
from orderly.border.services import (
    CrossingRequest,
    crossing_correct,
    crossing_record,
    crossing_strike_out,
    port_save,
)
from orderly.core.actors import actor_for_user
from orderly.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from orderly.core.models import AuditEvent, User
from orderly.core.roles import Actor, Role, ScopeKind, system_actor
from orderly.core.services import role_grant
from orderly.registry.models import Person

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("tests")
REASON = "Officer keyed the wrong time"


def cross(
    person: Person,
    direction: str,
    when: datetime,
    *,
    port: str = "CAP-AIR",
    refused_because: str = "",
) -> Crossing:
    """``person`` crossing at ``port`` at ``when``, sent by an offline post with its time."""
    request = CrossingRequest(
        port_code=port,
        direction=direction,
        idempotency_key=uuid.uuid4().hex,
        source=Source.OFFLINE,
        outcome="refused" if refused_because else "admitted",
        refusal_reason=refused_because,
        occurred_at=when,
    )
    return crossing_record(actor=SYSTEM, document=person.documents.get(), request=request).crossing


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


def sara(world: World) -> Actor:
    return world.actor("supervisor.sara")


def supervisor_of_the_north() -> Actor:
    user = User.objects.create_user(username="supervisor.nora", password="unused 7 words long")
    role_grant(actor=SYSTEM, user=user, role=Role.SUPERVISOR, scope=ScopeKind.REGION, code="north")
    return actor_for_user(user)


def as_stored(crossing: Crossing) -> dict[str, Any]:
    return model_to_dict(Crossing.objects.get(pk=crossing.pk), exclude=())


def events(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(name=name))


# --- correcting ---------------------------------------------------------------------------------


def test_a_supervisor_corrects_the_time_and_a_replacement_stands_in_its_place(
    world: World,
) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    right_time = hours_ago(7)

    correction = crossing_correct(
        actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=right_time
    )

    replacement = correction.replacement
    assert replacement is not None and replacement.pk != exit_.pk
    assert (replacement.occurred_at, replacement.source) == (right_time, Source.CORRECTION)
    assert (replacement.person_id, replacement.document_id, replacement.port_id) == (
        exit_.person_id,
        exit_.document_id,
        exit_.port_id,
    )
    assert (replacement.direction, replacement.outcome, replacement.purpose) == (
        exit_.direction,
        exit_.outcome,
        exit_.purpose,
    )
    assert replacement.officer_id == exit_.officer_id
    assert replacement.idempotency_key == f"correction/{exit_.pk}"
    assert correction.corrected_by == world.user("supervisor.sara")
    assert (correction.crossing_id, correction.reason) == (exit_.pk, REASON)


def test_the_crossings_corrected_are_stored_exactly_as_they_were(world: World) -> None:
    entry = cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(5))
    before = (as_stored(entry), as_stored(exit_))

    crossing_correct(actor=sara(world), crossing_id=exit_.pk, reason=REASON, direction="entry")
    crossing_strike_out(actor=sara(world), crossing_id=entry.pk, reason="Recorded twice")

    assert (as_stored(entry), as_stored(exit_)) == before


def test_a_correction_and_a_strike_out_are_audited_with_what_changed(world: World) -> None:
    entry = cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(5))

    correction = crossing_correct(
        actor=sara(world), crossing_id=exit_.pk, reason=REASON, direction="entry"
    )
    crossing_strike_out(actor=sara(world), crossing_id=entry.pk, reason="Recorded in error")

    (corrected,) = events("border.crossing.corrected")
    assert (corrected.object_id, corrected.actor_label) == (str(exit_.pk), "supervisor.sara")
    assert corrected.changes["direction"] == {"from": "exit", "to": "entry"}
    assert corrected.changes["replacement"] == str(correction.replacement_id)
    assert corrected.changes["reason"] == REASON
    assert "occurred_at" not in corrected.changes and "port" not in corrected.changes
    (struck,) = events("border.crossing.struck_out")
    assert struck.object_id == str(entry.pk)
    assert (struck.changes["port"], struck.changes["direction"]) == ("CAP-AIR", "entry")
    # The events name the person, never the document's number.
    assert all("T7654321" not in str(e.changes) for e in (corrected, struck))


def test_a_corrected_crossing_leaves_the_desk_history_and_its_replacement_shows(
    world: World,
) -> None:
    entry = cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(5))

    correction = crossing_correct(
        actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=hours_ago(6)
    )

    shown = traveller_history(actor=world.actor("officer.ana"), person=world.other)
    assert [c.pk for c in shown] == [correction.replacement_id, entry.pk]


def test_the_desk_marks_a_corrected_crossing(world: World) -> None:
    cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(5))
    crossing_correct(
        actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=hours_ago(6)
    )
    client = Client()
    client.force_login(world.user("officer.ana"))
    mrz = specimen_mrz(surname="TRAVELLER", given_names="TOM", number="T7654321", sex="M")
    page = client.post("/desk/read", {"port": "CAP-AIR", "mrz": mrz}, secure=True)
    assert page.status_code == 200
    assert page.content.decode().count("(corrected)") == 1


def test_a_second_correction_is_refused_but_the_replacement_can_be_corrected(
    world: World,
) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    first = crossing_correct(
        actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=hours_ago(6)
    )

    with pytest.raises(Conflict) as refused:
        crossing_correct(
            actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=hours_ago(7)
        )
    assert refused.value.field == "crossing_id"
    assert str(first.replacement_id) in refused.value.message
    with pytest.raises(Conflict):
        crossing_strike_out(actor=sara(world), crossing_id=exit_.pk, reason=REASON)

    assert first.replacement_id is not None
    second = crossing_correct(
        actor=sara(world), crossing_id=first.replacement_id, reason=REASON, occurred_at=hours_ago(7)
    )
    assert second.replacement is not None
    assert [c.pk for c in Crossing.objects.current()] == [second.replacement_id]


def test_a_crossing_struck_out_is_not_current_and_cannot_be_corrected_again(
    world: World,
) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))

    correction = crossing_strike_out(actor=sara(world), crossing_id=exit_.pk, reason=REASON)

    assert correction.struck_out and correction.replacement is None
    assert not Crossing.objects.current().exists()
    assert Crossing.objects.filter(pk=exit_.pk).exists()
    with pytest.raises(Conflict, match="struck out"):
        crossing_correct(
            actor=sara(world), crossing_id=exit_.pk, reason=REASON, occurred_at=hours_ago(6)
        )


# --- flags ----------------------------------------------------------------------------------------


def test_striking_out_the_entry_flags_the_exit_after_it(world: World) -> None:
    entry = cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(5))
    assert exit_.flags == []

    crossing_strike_out(actor=sara(world), crossing_id=entry.pk, reason="Not this traveller")

    assert Crossing.objects.get(pk=exit_.pk).flags == [EXIT_WITHOUT_ENTRY]
    (reflagged,) = events("border.crossing.reflagged")
    assert reflagged.changes["because"] == str(entry.pk)


def test_moving_an_entry_after_the_exit_flags_both_as_the_facts_now_say(world: World) -> None:
    entry = cross(world.other, "entry", hours_ago(30))
    exit_ = cross(world.other, "exit", hours_ago(20))

    correction = crossing_correct(
        actor=sara(world), crossing_id=entry.pk, reason=REASON, occurred_at=hours_ago(10)
    )

    assert Crossing.objects.get(pk=exit_.pk).flags == [EXIT_WITHOUT_ENTRY]
    assert correction.replacement is not None and correction.replacement.flags == []
    # The corrected entry keeps the flags it was stored with: its row is never changed.
    assert Crossing.objects.get(pk=entry.pk).flags == []


def test_a_replacement_is_late_only_if_the_crossing_first_reached_the_platform_late(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced_late = cross(world.other, "entry", hours_ago(24 * 10))
    assert RECORDED_LATE in synced_late.flags
    nine_days_ago = timezone.now() - timedelta(days=9)
    monkeypatch.setattr(timezone, "now", lambda: nine_days_ago)
    synced_at_once = cross(world.mia, "entry", nine_days_ago - timedelta(hours=1))
    monkeypatch.undo()
    assert synced_at_once.flags == []

    late = crossing_correct(
        actor=sara(world), crossing_id=synced_late.pk, reason=REASON, direction="exit"
    )
    # Corrected nine days after the crossing, but the crossing itself was recorded at once.
    prompt = crossing_correct(
        actor=sara(world),
        crossing_id=synced_at_once.pk,
        reason=REASON,
        occurred_at=nine_days_ago - timedelta(hours=2),
    )

    assert late.replacement is not None and RECORDED_LATE in late.replacement.flags
    assert prompt.replacement is not None and prompt.replacement.flags == []


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["officer.ana", "caseworker.carl", "admin.ada", "migrant.mia"])
def test_only_a_supervisor_corrects(world: World, username: str) -> None:
    exit_ = cross(world.mia, "exit", hours_ago(5))
    with pytest.raises(NotPermitted):
        crossing_correct(
            actor=world.actor(username),
            crossing_id=exit_.pk,
            reason=REASON,
            occurred_at=hours_ago(6),
        )
    with pytest.raises(NotPermitted):
        crossing_strike_out(actor=world.actor(username), crossing_id=exit_.pk, reason=REASON)
    assert not CrossingCorrection.objects.exists()


def test_a_command_run_as_the_system_does_not_correct(world: World) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    with pytest.raises(NotPermitted, match="signed in"):
        crossing_strike_out(actor=SYSTEM, crossing_id=exit_.pk, reason=REASON)


def test_a_supervisor_who_recorded_the_crossing_at_the_desk_may_not_correct_it(
    world: World,
) -> None:
    user = world.user("supervisor.sara")
    role_grant(
        actor=SYSTEM, user=user, role=Role.BORDER_OFFICER, scope=ScopeKind.PORT, code="CAP-AIR"
    )
    request = CrossingRequest(
        port_code="CAP-AIR",
        direction="exit",
        idempotency_key=uuid.uuid4().hex,
        source=Source.DESK,
        occurred_at=hours_ago(1),
    )
    own = crossing_record(
        actor=actor_for_user(user), document=world.other.documents.get(), request=request
    )
    with pytest.raises(NotPermitted, match="other than its officer"):
        crossing_strike_out(actor=actor_for_user(user), crossing_id=own.crossing.pk, reason=REASON)
    assert not CrossingCorrection.objects.exists()


def test_a_supervisor_elsewhere_is_told_the_crossing_does_not_exist(world: World) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    with pytest.raises(NotFound) as refused:
        crossing_strike_out(actor=supervisor_of_the_north(), crossing_id=exit_.pk, reason=REASON)
    assert refused.value.field == "crossing_id"


def test_a_supervisor_may_not_move_a_crossing_to_a_port_outside_their_region(
    world: World,
) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    with pytest.raises(NotPermitted) as refused:
        crossing_correct(
            actor=sara(world), crossing_id=exit_.pk, reason=REASON, port_code="NTH-LND"
        )
    assert refused.value.field == "port"
    assert not CrossingCorrection.objects.exists()


def test_a_supervisor_of_the_nation_moves_a_crossing_to_another_region(world: World) -> None:
    user = User.objects.create_user(username="supervisor.nat", password="unused 7 words long")
    role_grant(actor=SYSTEM, user=user, role=Role.SUPERVISOR, scope=ScopeKind.NATION, code="")
    exit_ = cross(world.other, "exit", hours_ago(5))

    correction = crossing_correct(
        actor=actor_for_user(user), crossing_id=exit_.pk, reason=REASON, port_code="NTH-LND"
    )

    assert correction.replacement is not None
    assert correction.replacement.port.code == "NTH-LND"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"occurred_at": "same"}, "occurred_at"),
        ({"port_code": "CAP-AIR"}, "port"),
        ({"direction": "exit"}, "direction"),
        ({}, "occurred_at"),
    ],
)
def test_a_correction_that_changes_nothing_is_refused(
    world: World, change: dict[str, Any], field: str
) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    if change.get("occurred_at") == "same":
        change = {"occurred_at": exit_.occurred_at}
    with pytest.raises(InvalidInput, match="nothing to correct") as refused:
        crossing_correct(actor=sara(world), crossing_id=exit_.pk, reason=REASON, **change)
    assert refused.value.field == field


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_correction_needs_a_reason_of_at_most_300_characters(world: World, reason: str) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    with pytest.raises(InvalidInput) as refused:
        crossing_strike_out(actor=sara(world), crossing_id=exit_.pk, reason=reason)
    assert refused.value.field == "reason"


def test_a_time_in_the_future_is_refused(world: World) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    with pytest.raises(InvalidInput) as refused:
        crossing_correct(
            actor=sara(world),
            crossing_id=exit_.pk,
            reason=REASON,
            occurred_at=timezone.now() + timedelta(hours=1),
        )
    assert refused.value.field == "occurred_at"


def test_an_unknown_or_closed_port_is_refused(world: World) -> None:
    port_save(
        actor=SYSTEM,
        code="OLD-SEA",
        name="Old harbour",
        kind="sea",
        region="capital",
        timezone_name="Asia/Shanghai",
        active=False,
    )
    exit_ = cross(world.other, "exit", hours_ago(5))
    for code in ("NOWHERE", "OLD-SEA"):
        with pytest.raises(NotFound) as refused:
            crossing_correct(actor=sara(world), crossing_id=exit_.pk, reason=REASON, port_code=code)
        assert refused.value.field == "port"


def test_a_refused_entry_cannot_become_an_exit(world: World) -> None:
    refused_entry = cross(world.other, "entry", hours_ago(5), refused_because="No visa")
    with pytest.raises(InvalidInput) as refused:
        crossing_correct(
            actor=sara(world), crossing_id=refused_entry.pk, reason=REASON, direction="exit"
        )
    assert refused.value.field == "direction"


def test_an_unknown_crossing_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        crossing_strike_out(actor=sara(world), crossing_id=uuid.uuid4(), reason=REASON)


def test_a_replacement_cannot_be_recorded_as_a_new_crossing(world: World) -> None:
    request = CrossingRequest(
        port_code="CAP-AIR",
        direction="entry",
        idempotency_key=uuid.uuid4().hex,
        source=Source.CORRECTION,
    )
    with pytest.raises(InvalidInput) as refused:
        crossing_record(actor=SYSTEM, document=world.other.documents.get(), request=request)
    assert refused.value.field == "source"


# --- the correction itself ------------------------------------------------------------------------


def test_a_correction_is_never_changed_or_deleted(world: World) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    correction = crossing_strike_out(actor=sara(world), crossing_id=exit_.pk, reason=REASON)

    correction.reason = "rewritten"
    with pytest.raises(PermissionError, match="append-only"):
        correction.save()
    with pytest.raises(PermissionError, match="append-only"):
        correction.delete()
    with pytest.raises(PermissionError, match="append-only"):
        CrossingCorrection.objects.filter(pk=correction.pk).update(reason="rewritten")
    with pytest.raises(PermissionError, match="append-only"):
        CrossingCorrection.objects.all().delete()
    assert CrossingCorrection.objects.get().reason == REASON


def test_the_admin_shows_corrections_and_offers_no_way_to_change_them(world: World) -> None:
    exit_ = cross(world.other, "exit", hours_ago(5))
    correction = crossing_strike_out(actor=sara(world), crossing_id=exit_.pk, reason=REASON)
    client = Client()
    client.force_login(world.user("admin.ada"))

    listing = client.get("/admin/border/crossingcorrection/", secure=True)
    detail = client.get(f"/admin/border/crossingcorrection/{correction.pk}/change/", secure=True)

    assert listing.status_code == 200 and REASON in listing.content.decode()
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/border/crossingcorrection/add/", secure=True).status_code == 403
    changed = client.post(
        f"/admin/border/crossingcorrection/{correction.pk}/change/", {"reason": "x"}, secure=True
    )
    assert changed.status_code == 403
    assert CrossingCorrection.objects.get().reason == REASON
