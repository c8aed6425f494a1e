from django.urls import path

from orderly.stay import views

urlpatterns = [
    path("calculator", views.calculator, name="stay-calculator"),
    path("overstays", views.overstays, name="stay-overstays"),
]
