"""Orderly: a platform for safe, orderly and regular migration."""
