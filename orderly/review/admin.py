"""Administration of the review: the official files imported, to see (never to edit: a newer
edition or vintage is imported beside the older one, with `orderly review import`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from orderly.core.admin import RoleAdminMixin
from orderly.core.roles import Action
from orderly.review.models import OfficialFile


@admin.register(OfficialFile)
class OfficialFileAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.REVIEW_DATA_IMPORT
    writable = False
    list_display = ("file_name", "kind", "dataset", "edition", "vintage", "years", "imported_at")
    list_filter = ("kind", "edition")
    readonly_fields = (
        "kind", "dataset", "edition", "reference", "vintage", "file_name", "sha256", "years",
        "left_out", "imported_at", "imported_by",
    )  # fmt: skip

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
