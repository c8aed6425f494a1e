"""The audit trail is append-only: the ORM refuses to rewrite it, and so does PostgreSQL itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from orderly.core.audit import audit
from orderly.core.models import AuditEvent
from orderly.core.roles import system_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return audit(system_actor("tests"), "core.test.happened", changes={"why": "a fact"})


def _requires_postgresql() -> None:
    # The trigger (migration core 0002) exists only on PostgreSQL; SQLite relies on the ORM guard.
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is installed on PostgreSQL only")


def test_saving_an_existing_event_is_refused(event: AuditEvent) -> None:
    event.name = "core.test.rewritten"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).name == "core.test.happened"


def test_deleting_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_updating_through_a_queryset_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(name="core.test.rewritten")
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.update(actor_label="nobody")


def test_bulk_update_is_refused(event: AuditEvent) -> None:
    event.name = "core.test.rewritten"
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.bulk_update([event], ["name"])


def test_deleting_through_a_queryset_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_update_an_event_on_postgresql(event: AuditEvent) -> None:
    _requires_postgresql()
    # A savepoint keeps the test's own transaction usable after the trigger's error.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_auditevent SET name = %s WHERE id = %s", ["core.test.rewritten", event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).name == "core.test.happened"


def test_raw_sql_cannot_delete_an_event_on_postgresql(event: AuditEvent) -> None:
    _requires_postgresql()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
