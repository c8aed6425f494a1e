"""The one JSON API, under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from orderly.core.errors import DomainError
from orderly.core.services import device_token_user


class DeviceTokenAuth(HttpBearer):
    """Bearer tokens for border-post devices: `Authorization: Bearer <prefix>.<secret>`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = device_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Orderly API",
    version="1",
    description="Border crossings and the registry of people and documents.",
    urls_namespace="api",
    auth=[DeviceTokenAuth(), SessionAuth()],
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": exc.message, "field": exc.field, "errors": getattr(exc, "errors", [])},
        status=exc.status,
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())),
            "message": error.get("msg", ""),
        }
        for error in exc.errors
    ]
    first = errors[0] if errors else {"field": "", "message": "invalid input"}
    return api.create_response(
        request,
        {
            "detail": f"{first['field']}: {first['message']}",
            "field": first["field"],
            "errors": errors,
        },
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "authentication required", "field": ""}, status=401
    )


def _register_routers() -> None:
    from orderly.border.api import router as border_router
    from orderly.registry.api import router as registry_router

    api.add_router("/", border_router)
    api.add_router("/", registry_router)


_register_routers()
