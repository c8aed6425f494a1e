"""Administration of users, their roles and the audit trail.

Permission comes from Orderly's roles, not Django's model permissions, and every change goes
through the same services as everywhere else, so it is checked and audited alike.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from orderly.core.actors import request_actor
from orderly.core.errors import DomainError
from orderly.core.models import AuditEvent, RoleGrant, User
from orderly.core.roles import Action, Role, ScopeKind
from orderly.core.services import (
    role_grant,
    role_grant_validate,
    role_revoke,
    user_update,
)


class RoleAdminMixin:
    """Grants the admin's view/add/change/delete only to actors holding ``action``."""

    action: Action = Action.USER_MANAGE
    writable = True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_actor(request).may_somewhere(self.action)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_actor(request).may_somewhere(self.action)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.writable and request_actor(request).can(self.action)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.writable and request_actor(request).can(self.action)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    fields = ("username", "display_name", "is_active", "last_login")
    readonly_fields = ("username", "last_login")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Accounts are created with `orderly create-user`, which sets a checked password;
        # the admin only edits and deactivates.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        user_update(
            actor=request_actor(request),
            user=User.objects.get(pk=obj.pk),
            display_name=obj.display_name,
            is_active=obj.is_active,
        )


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ("user", "role", "scope", "code")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") and cleaned.get("scope"):
            try:
                role_grant_validate(
                    role=Role(cleaned["role"]),
                    scope=ScopeKind(cleaned["scope"]),
                    code=cleaned.get("code", ""),
                )
            except DomainError as exc:
                raise forms.ValidationError({exc.field: exc.message}) from exc
        return cleaned


@admin.register(RoleGrant)
class RoleGrantAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ("user", "role", "scope", "code", "granted_at")
    list_filter = ("role", "scope")
    search_fields = ("user__username", "code")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_actor(request).can(self.action)

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        saved = role_grant(
            actor=request_actor(request),
            user=obj.user,
            role=Role(obj.role),
            scope=ScopeKind(obj.scope),
            code=obj.code,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        role_revoke(actor=request_actor(request), grant=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for grant in queryset:
            role_revoke(actor=request_actor(request), grant=grant)


@admin.register(AuditEvent)
class AuditEventAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.AUDIT_VIEW
    writable = False
    list_display = ("occurred_at", "name", "actor_label", "object_type", "object_id")
    list_filter = ("name",)
    search_fields = ("name", "actor_label", "object_id")
    date_hierarchy = "occurred_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEvent._meta.fields]
