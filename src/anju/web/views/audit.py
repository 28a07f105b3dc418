"""The audit trail: every change of a reported figure, filterable by unit, figure and channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anju.accounts.policy import can_view_audit
from anju.programmes.models import DataElement, Unit
from anju.reporting.models import ValueChange
from anju.reporting.selectors import ancestor_paths
from anju.web.views.common import require, resolve_unit

PAGE_SIZE = 50


@login_required
def audit(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_view_audit)
    changes = ValueChange.objects.filter(report__unit__path__startswith=scope.path).select_related(
        "report__unit", "report__period__programme", "element", "user"
    )
    chosen = {key: request.GET.get(key, "") for key in ("unit", "element", "channel", "user")}
    if chosen["unit"]:
        changes = changes.filter(report__unit__code=chosen["unit"])
    if chosen["element"]:
        changes = changes.filter(element__code=chosen["element"])
    if chosen["channel"]:
        changes = changes.filter(channel=chosen["channel"])
    if chosen["user"]:
        changes = changes.filter(user__username=chosen["user"])
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "scope": scope,
        "page": page,
        "chosen": chosen,
        "units": Unit.objects.filter(path__startswith=scope.path).order_by("path"),
        "elements": DataElement.objects.filter(
            role=DataElement.Role.ACTUAL, programme__scope__path__in=ancestor_paths(scope)
        ).order_by("programme", "order"),
        "channels": ValueChange.Channel.choices,
        "query": request.GET.copy(),
    }
    return render(request, "web/audit.html", context)
