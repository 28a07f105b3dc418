"""Pages. Thin: find what was asked for, ask the selectors and the engine, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from anju.errors import NotFound
from anju.reporting.models import Period
from anju.reporting.selectors import PUBLISHED, period_find, unit_find
from anju.reporting.tables import scope_tables


def home(request: HttpRequest) -> HttpResponse:
    """The latest month with published figures, for the newest programme's scope."""
    period = (
        Period.objects.filter(reports__status__in=PUBLISHED)
        .select_related("programme__scope")
        .order_by("-programme__year", "-month")
        .first()
    )
    if period is None:
        return render(request, "anju/empty.html")
    return redirect("web:tables", unit=period.programme.scope.code, period=period.key)


def tables(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    try:
        scope = unit_find(unit)
        table_set = scope_tables(scope=scope, period=period_find(unit=scope, key=period))
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "anju/tables.html", {"tables": table_set})
