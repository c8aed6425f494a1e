"""Django project configuration for Orderly."""
