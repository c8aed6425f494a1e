from importlib import import_module

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "orderly.review"
    label = "review"
    verbose_name = "GCM review"

    def ready(self) -> None:
        # The indicators register themselves when their module is read.
        import_module("orderly.review.indicators")
