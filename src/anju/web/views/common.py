"""What every page needs: the unit and month in the URL, resolved and permission-checked."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest

from anju.accounts.policy import Person
from anju.errors import NotFound
from anju.periodkey import PeriodKey
from anju.programmes.models import Unit
from anju.reporting.models import Period
from anju.reporting.selectors import period_among, scope_periods, unit_find

Check = Callable[[Person, Unit], bool]


def signed_in(request: HttpRequest) -> User:
    """The request's user, whom every page behind ``login_required`` has."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@dataclass(frozen=True)
class Place:
    """A unit and a month, as a page's URL names them."""

    unit: Unit
    period: Period
    # Every month covering the unit, when the URL's month was found among them: the month
    # switcher shows them without asking again.
    months: tuple[Period, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return self.period.key


def field_labels(*models: type[Model]) -> dict[str, str]:
    """Each field's name as the pages show it (its verbose name), for a change history."""
    return {
        each.name: str(getattr(each, "verbose_name", each.name))
        for model in models
        for each in model._meta.get_fields()
    }


def resolve_unit(code: str) -> Unit:
    try:
        return unit_find(code)
    except NotFound as error:
        raise Http404(str(error)) from error


def resolve(request: HttpRequest, unit: str, period: PeriodKey, check: Check) -> Place:
    """The unit and period of the URL; 404 when unknown, 403 when the policy says no."""
    found = resolve_unit(unit)
    if not check(request.user, found):
        raise PermissionDenied
    months = scope_periods(found)
    try:
        return Place(found, period_among(months, unit=found, key=period), tuple(months))
    except NotFound as error:
        raise Http404(str(error)) from error


def attachment(
    data: bytes | IO[bytes], name: str, content_type: str, *, private: bool = False
) -> FileResponse:
    """A download saved under ``name`` (Chinese names included: Django writes the header);
    ``private`` when it holds the current figures, which no cache may keep."""
    content = io.BytesIO(data) if isinstance(data, bytes) else data
    response = FileResponse(content, as_attachment=True, filename=name, content_type=content_type)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def require(request: HttpRequest, unit: Unit, check: Check) -> None:
    if not check(request.user, unit):
        raise PermissionDenied


__all__ = [
    "Place",
    "attachment",
    "field_labels",
    "login_required",
    "require",
    "resolve",
    "resolve_unit",
]
