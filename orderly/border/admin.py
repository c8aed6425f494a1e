"""Administration of border crossing points, through the port service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from orderly.border.models import CrossingCorrection, Port
from orderly.border.services import port_save, port_validate
from orderly.core.actors import request_actor
from orderly.core.admin import RoleAdminMixin
from orderly.core.errors import DomainError
from orderly.core.roles import Action


class PortForm(forms.ModelForm):
    class Meta:
        model = Port
        fields = ("code", "name", "kind", "region", "timezone", "active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code") or (self.instance.code if self.instance.pk else "")
        try:
            port_validate(
                code=code, kind=cleaned.get("kind", ""), timezone_name=cleaned.get("timezone", "")
            )
        except DomainError as exc:
            raise forms.ValidationError({exc.field: exc.message}) from exc
        return cleaned


@admin.register(Port)
class PortAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.PORT_MANAGE
    form = PortForm
    list_display = ("code", "name", "kind", "region", "timezone", "active")
    list_filter = ("kind", "region", "active")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A port's code is how crossings and role grants name it: it never changes.
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Port, form: Any, change: bool) -> None:
        saved = port_save(
            actor=request_actor(request),
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            region=obj.region,
            timezone_name=obj.timezone,
            active=obj.active,
        )
        obj.pk = saved.pk


@admin.register(CrossingCorrection)
class CrossingCorrectionAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read only, beside the audit trail: a correction is made by ``crossing_correct`` (with
    its permission, audit and recomputed stays) and never changed afterwards."""

    action = Action.AUDIT_VIEW
    writable = False
    list_display = ("corrected_at", "crossing", "replacement", "corrected_by", "reason")
    search_fields = ("crossing__id", "replacement__id", "corrected_by__username")
    date_hierarchy = "corrected_at"
    list_select_related = ("crossing", "replacement", "corrected_by")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in CrossingCorrection._meta.fields]
