from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "orderly.review"
    label = "review"
    verbose_name = "GCM review"
