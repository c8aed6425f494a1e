from django.apps import AppConfig


class StayConfig(AppConfig):
    name = "orderly.stay"
    label = "stay"
    verbose_name = "Lawful stay"

    def ready(self) -> None:
        from orderly.border import hooks
        from orderly.stay.desk import stay_panel
        from orderly.stay.services import (
            stays_refresh_after_correction,
            stays_refresh_after_crossing,
        )

        hooks.on_crossing_recorded(stays_refresh_after_crossing)
        hooks.on_crossing_corrected(stays_refresh_after_correction)
        hooks.add_traveller_panel(stay_panel)
