"""The API object mounted at /api/: authentication, JSON in and out, errors, the routers.

The OpenAPI schema is at /api/openapi.json and its documentation at /api/docs, served with
the swagger-ui files ninja ships as static files (no other host is asked for anything).
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from anju.api.auth import BearerToken, SessionAuth
from anju.api.errors import install_handlers
from anju.api.rendering import DecimalJSONParser, UnicodeJSONRenderer
from anju.api.routes import (
    bulletins,
    fallback,
    figures,
    inspection_photos,
    inspections,
    months,
    plans,
    project_photos,
    projects,
    reports,
    units,
)


class AnjuAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's name ("report_put") reads better in the docs than ninja's default,
        # which prefixes the module path; the names are unique across the routers.
        return operation.view_func.__name__


api = AnjuAPI(
    title="anju API",
    version="1",
    urls_namespace="api",
    description=(
        "安居 anju: units, programmes, monthly reports, computed tables, indicators, "
        "milestones and bulletins. Authenticate with `Authorization: Bearer <token>` "
        "(`anju manage api_token USERNAME`) or a logged-in session (writes need the CSRF "
        "token). Figures are exact decimal strings."
    ),
    auth=[BearerToken(), SessionAuth()],
    renderer=UnicodeJSONRenderer(),
    parser=DecimalJSONParser(),
    # swagger-ui would otherwise send the schema to validator.swagger.io for a badge.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_handlers(api)
api.add_router("", units.router)
api.add_router("", months.router)
api.add_router("", reports.router)
api.add_router("", figures.router)
api.add_router("", bulletins.router)
api.add_router("", plans.router)
api.add_router("", projects.router)
api.add_router("", project_photos.router)
api.add_router("", inspections.router)
api.add_router("", inspection_photos.router)
api.add_router("", fallback.router)  # last: only what nothing else matched
