"""Errors as JSON: every refusal says why, in the shape the schema documents.

401, 403, 404, 400: ``{"detail": "message"}``. 422: ``{"detail": ["message", ...],
"fields": {field: "message"}}`` for both malformed requests and figures the checks refuse,
so a client shows each message beside its input the same way.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from anju.errors import InvalidInput, NotFound


def _not_found(request: HttpRequest, exc: NotFound, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


def _invalid(request: HttpRequest, exc: InvalidInput, api: NinjaAPI) -> HttpResponse:
    body = {"detail": list(exc.problems), "fields": dict(exc.fields)}
    return api.create_response(request, body, status=422)


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja reports e.g. ("body", "payload", "figures", "pg_started"): the client knows the
    # field as "figures.pg_started", a missing body as "body", a path parameter by its name.
    parts = [str(part) for part in loc]
    if parts[:1] == ["body"]:
        return ".".join(parts[2:]) or "body"
    if parts[:1] in (["path"], ["query"], ["header"], ["cookie"]):
        parts = parts[1:]
    return ".".join(parts) or "request"


def _malformed(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), str(error.get("msg", "")))
    detail = [f"{name}: {message}" for name, message in fields.items()]
    return api.create_response(request, {"detail": detail, "fields": fields}, status=422)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    body = {"detail": "需要登录：请在 Authorization 头中提供 Bearer 令牌"}
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def install_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(NotFound, partial(_not_found, api=api))
    api.add_exception_handler(InvalidInput, partial(_invalid, api=api))
    api.add_exception_handler(ValidationError, partial(_malformed, api=api))
    api.add_exception_handler(AuthenticationError, partial(_unauthenticated, api=api))
