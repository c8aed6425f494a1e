"""Administration of policy packs: each save loads the text as a new version (never an edit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from orderly.core.actors import request_actor
from orderly.core.admin import RoleAdminMixin
from orderly.core.errors import DomainError
from orderly.core.roles import Action
from orderly.stay.models import PackVersion
from orderly.stay.packfiles import PackError, pack_from_text
from orderly.stay.services import pack_load


class PackVersionForm(forms.ModelForm):
    """The pack file's text; checked as a file would be, errors naming the line and field."""

    class Meta:
        model = PackVersion
        fields = ("text",)
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false"})}

    def clean_text(self) -> str:
        text = str(self.cleaned_data.get("text", ""))
        try:
            pack_from_text(text, "pack text")
        except PackError as problem:
            raise forms.ValidationError(str(problem)) from None
        return text


@admin.register(PackVersion)
class PackVersionAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Every version stays; a change is made by adding a new one (often a copy of the last)."""

    action = Action.PACK_MANAGE
    form = PackVersionForm
    list_display = ("name", "version", "title", "loaded_at", "loaded_by", "sha256")
    list_filter = ("name",)
    readonly_fields = ("name", "version", "title", "sha256", "source", "loaded_at", "loaded_by")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a loaded text never changes: add a new version instead

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # Start from the text in force of the pack named in ?from=NAME, if any.
        name = request.GET.get("from", "")
        latest = PackVersion.objects.filter(name=name).order_by("-loaded_at", "-id").first()
        return {"text": latest.text} if latest else {}

    def save_model(self, request: HttpRequest, obj: PackVersion, form: Any, change: bool) -> None:
        try:
            saved = pack_load(actor=request_actor(request), text=obj.text, source="admin")
        except DomainError as problem:  # checked in the form already; permission may differ
            raise forms.ValidationError(problem.message) from None
        obj.pk = saved.pk
