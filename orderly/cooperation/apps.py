from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "orderly.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation"
