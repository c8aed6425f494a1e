from django.urls import path

from orderly.border import views

urlpatterns = [
    path("", views.desk, name="desk"),
]
