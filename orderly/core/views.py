"""Signing in and out (throttled), and the home page that points each role to its work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orderly.core.services import (
    login_failure_record,
    login_is_throttled,
    login_refusal_record,
    login_success_record,
)


class ThrottledLoginMixin:
    """Refuses to even check the password once a user name has failed too often."""

    cleaned_data: dict[str, Any]
    request: HttpRequest | None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and login_is_throttled(username):
            login_refusal_record(username=username, remote_addr=_remote_addr(self.request))
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise forms.ValidationError(
                f"Too many failed sign-ins for this user name. Wait {minutes} minutes, "
                "or ask an administrator.",
                code="throttled",
            )
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            login_failure_record(username=username, remote_addr=_remote_addr(self.request))
            raise
        login_success_record(username=username, remote_addr=_remote_addr(self.request))
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """The sign-in form of the platform."""


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The administration's sign-in form, throttled the same way."""


def _remote_addr(request: HttpRequest | None) -> str:
    return "" if request is None else str(request.META.get("REMOTE_ADDR", ""))


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where each person starts: links to the work their roles allow."""
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: answers without touching personal data."""
    return HttpResponse("ok", content_type="text/plain")
