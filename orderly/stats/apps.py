from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "orderly.stats"
    label = "stats"
    verbose_name = "Statistics"
