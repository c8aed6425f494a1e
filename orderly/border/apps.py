from django.apps import AppConfig


class BorderConfig(AppConfig):
    name = "orderly.border"
    label = "border"
    verbose_name = "Border"
