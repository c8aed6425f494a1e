from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "orderly.registry"
    label = "registry"
    verbose_name = "Registry"
