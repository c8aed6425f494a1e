from django.urls import path

from orderly.review import views

urlpatterns = [
    path("", views.national, name="review-national"),
    path("regional/", views.regional, name="review-regional"),
    path(
        "<str:period>/objective/<int:objective>/narrative/",
        views.narrative,
        name="review-narrative",
    ),
]
