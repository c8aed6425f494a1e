"""The administration goes through the services: checked, and audited."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import World
from orderly.core.models import AuditEvent, RoleGrant

pytestmark = pytest.mark.django_db


def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.user("admin.ada"))
    return client


def test_deactivating_a_user_in_the_admin_is_audited(world: World) -> None:
    otto = world.user("outsider.otto")
    response = admin_client(world).post(
        f"/admin/core/user/{otto.pk}/change/", {"display_name": "Otto", "is_active": ""}
    )
    assert response.status_code == 302
    otto.refresh_from_db()
    assert otto.is_active is False
    event = AuditEvent.objects.get(name="core.user.updated", object_id=str(otto.pk))
    assert event.changes["is_active"] == {"from": True, "to": False}


def test_a_grant_with_a_scope_the_role_cannot_hold_is_a_form_error(world: World) -> None:
    otto = world.user("outsider.otto")
    response = admin_client(world).post(
        "/admin/core/rolegrant/add/",
        {"user": otto.pk, "role": "border_officer", "scope": "nation", "code": ""},
    )
    assert response.status_code == 200
    assert b"cannot be granted a nation scope" in response.content
    assert not RoleGrant.objects.filter(user=otto).exists()


def test_a_grant_added_in_the_admin_is_audited(world: World) -> None:
    otto = world.user("outsider.otto")
    response = admin_client(world).post(
        "/admin/core/rolegrant/add/",
        {"user": otto.pk, "role": "border_officer", "scope": "port", "code": "NTH-LND"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(name="core.role.granted", object_id=str(otto.pk)).exists()


def test_a_port_with_an_unknown_time_zone_is_a_form_error(world: World) -> None:
    response = admin_client(world).post(
        "/admin/border/port/add/",
        {
            "code": "SEA-X",
            "name": "Sea X",
            "kind": "sea",
            "region": "south",
            "timezone": "Mars/Olympus",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert b"is not an IANA time zone" in response.content


def test_an_officer_cannot_reach_the_admin_pages(world: World) -> None:
    client = Client()
    client.force_login(world.user("officer.ana"))
    assert client.get("/admin/core/rolegrant/add/").status_code == 302
