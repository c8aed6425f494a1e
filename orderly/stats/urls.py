from django.urls import path

from orderly.stats import views

urlpatterns = [
    path("", views.dashboard, name="stats-dashboard"),
]
