"""The border desk: the page, reading a document, and recording a crossing (POST only)."""

from django.urls import path

from orderly.border import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("read", views.read, name="desk-read"),
    path("record", views.record, name="desk-record"),
]
