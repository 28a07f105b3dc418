"""/api/ itself and any path under it that no endpoint matches: JSON, not the site's HTML
pages, so a client with a wrong URL reads the same kind of answer as everywhere else."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from anju.errors import NotFound

router = Router()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


# Open to everyone: the list of endpoints is public in the schema anyway.
@router.get("", auth=None, include_in_schema=False)
def index(request: HttpRequest) -> dict[str, str]:
    return {
        "title": "anju API",
        "version": "1",
        "docs": reverse("api:openapi-view"),
        "openapi": reverse("api:openapi-json"),
    }


# Registered last, so it only sees what no endpoint matched.
@router.api_operation(METHODS, "/{path:rest}", auth=None, include_in_schema=False)
def no_endpoint(request: HttpRequest, rest: str) -> None:
    raise NotFound(f"没有这个接口：/api/{rest}（接口列表见 /api/docs）")
