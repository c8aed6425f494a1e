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


class SignedInSession(SessionAuth):
    """The browser's session. Without a signed-in session there is nothing to protect from
    forgery, so the caller is simply unauthenticated (401), not told about CSRF tokens; with one,
    the CSRF check applies as usual."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="Orderly API",
    version="1",
    description="Border crossings and the registry of people and documents.",
    urls_namespace="api",
    auth=[DeviceTokenAuth(), SignedInSession()],
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
    response = api.create_response(
        request, {"detail": "authentication required", "field": ""}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="orderly"'
    return response


def _register_routers() -> None:
    from orderly.border.api import router as border_router
    from orderly.registry.api import router as registry_router
    from orderly.review.api import router as review_router
    from orderly.stats.api import router as stats_router
    from orderly.stay.api import router as stay_router

    api.add_router("/", border_router)
    api.add_router("/", registry_router)
    api.add_router("/", stay_router)
    api.add_router("/", stats_router)
    api.add_router("/", review_router)


_register_routers()
