from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "orderly.demo"
    label = "demo"
    verbose_name = "Demo data"
