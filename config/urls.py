"""Top-level URL map: pages, the admin and the JSON API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from config.api import api
from orderly.core.views import ThrottledAdminAuthenticationForm

admin.site.site_header = "Orderly administration"
admin.site.site_title = "Orderly"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", include("orderly.core.urls")),
    path("desk/", include("orderly.border.urls")),
    path("stay/", include("orderly.stay.urls")),
    path("statistics/", include("orderly.stats.urls")),
    path("review/", include("orderly.review.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
