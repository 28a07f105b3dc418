"""The audit trail: every change of a reported figure, filterable by unit, figure and channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anju.accounts.policy import can_view_audit
from anju.programmes.models import DataElement, Unit
from anju.reporting.models import ValueChange
from anju.web.forms.audit import AuditFilterForm
from anju.web.forms.common import form_problems
from anju.web.people import remember_units
from anju.web.views.common import require, resolve_unit

PAGE_SIZE = 50
FILTERS = {
    "unit": "report__unit__code",
    "element": "element__code",
    "channel": "channel",
}


def operated_by(who: str) -> Q:
    """The 操作人 filter: the login, or part of the name the column shows."""
    return (
        Q(user__username=who) | Q(user__first_name__contains=who) | Q(user__last_name__contains=who)
    )


@login_required
def audit(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_view_audit)
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    chosen = {key: form.cleaned_data.get(key) or "" for key in [*FILTERS, "user"]} if valid else {}
    changes = ValueChange.objects.filter(report__unit__path__startswith=scope.path).select_related(
        "report__unit", "report__period__programme", "element", "user"
    )
    changes = changes.filter(**{FILTERS[k]: v for k, v in chosen.items() if v and k in FILTERS})
    if chosen.get("user"):
        changes = changes.filter(operated_by(chosen["user"]))
    page = Paginator(changes if valid else changes.none(), PAGE_SIZE).get_page(
        form.cleaned_data.get("page") if valid else 1
    )
    remember_units(change.user for change in page)
    context = {
        "scope": scope,
        "page": page,
        "chosen": chosen,
        "problems": [] if valid else form_problems(form),
        "units": Unit.objects.filter(path__startswith=scope.path).order_by("path"),
        "elements": DataElement.objects.filter(
            role=DataElement.Role.ACTUAL, programme__scope__path__in=scope.ancestor_paths
        ).order_by("programme", "order"),
        "channels": ValueChange.Channel.choices,
    }
    return render(request, "web/audit.html", context, status=200 if valid else 400)
