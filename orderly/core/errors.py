"""Domain errors raised by services and selectors; views and the API turn them into 4xx answers."""

from __future__ import annotations


class DomainError(Exception):
    """A request the platform refuses, with the field at fault (``""`` when none applies)."""

    status = 400

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    status = 400


class NotPermitted(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Unavailable(DomainError):
    """Something the answer needs cannot be read right now (the message says what)."""

    status = 503
