"""Signing in: argon2 hashes, and password guessing throttled across processes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from conftest import PERSONA_PASSWORD, World
from orderly.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def sign_in(client: Client, password: str) -> int:
    response = client.post("/login/", {"username": "officer.ana", "password": password})
    return response.status_code


def test_an_officer_signs_in_and_lands_on_the_home_page(world: World) -> None:
    client = Client()
    response = client.post("/login/", {"username": "officer.ana", "password": PERSONA_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_repeated_failures_lock_the_user_name_even_with_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert sign_in(client, "wrong password") == 200
    response = client.post("/login/", {"username": "officer.ana", "password": PERSONA_PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed sign-ins" in response.content


def test_the_administration_sign_in_is_throttled_too(world: World) -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin.ada", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "admin.ada", "password": PERSONA_PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed sign-ins" in response.content


def test_the_api_documentation_is_served_without_outside_scripts(world: World) -> None:
    client = Client()
    client.force_login(world.user("officer.ana"))
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"cdn" not in page.content.lower()


def test_sign_ins_failures_and_lockouts_are_audited_without_the_password(world: World) -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "wrong password")
    sign_in(client, PERSONA_PASSWORD)
    names = list(
        AuditEvent.objects.filter(actor_label="sign-in:officer.ana").values_list("name", flat=True)
    )
    assert names.count("core.login.failed") == settings.LOGIN_FAILURE_LIMIT
    assert "core.login.throttled" in names
    assert "wrong password" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    assert world.user("officer.ana").password.startswith("argon2")


def test_the_home_page_asks_an_anonymous_visitor_to_sign_in(db) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_pages_carry_security_headers(world: World) -> None:
    response = Client().get("/login/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
