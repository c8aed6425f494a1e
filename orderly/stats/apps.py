from functools import cache
from importlib import import_module

from django.apps import AppConfig
from django.conf import settings

from config.env import ConfigurationError
from orderly.stats.rules.categories import Categories, parse_categories


class StatsConfig(AppConfig):
    name = "orderly.stats"
    label = "stats"
    verbose_name = "Statistics"

    def ready(self) -> None:
        traveller_categories()  # a faulty setting stops the platform from starting
        # The tables register themselves when their modules are read.
        import_module("orderly.stats.tables")
        import_module("orderly.stats.stay_tables")


@cache
def traveller_categories() -> Categories:
    """The traveller categories the settings define (ORDERLY_TRAVELLER_CATEGORIES)."""
    try:
        return parse_categories(settings.HOST_STATE, settings.TRAVELLER_CATEGORIES)
    except ValueError as problem:
        raise ConfigurationError(f"ORDERLY_TRAVELLER_CATEGORIES: {problem}") from None
