"""The unit and month an endpoint's path names, found and permission-checked.

The order is the pages' order: an unknown unit is 404, a unit the caller may not see is 403,
and only then is the month looked up (404 when the programme has no such month), so whether
a month exists is not told to someone who may not see the unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.errors import AuthorizationError

from anju.programmes.models import Unit
from anju.reporting.models import Period
from anju.reporting.selectors import period_find, unit_find

Check = Callable[[Any, Unit], bool]


@dataclass(frozen=True)
class Place:
    unit: Unit
    period: Period


def caller(request: HttpRequest) -> User:
    """The authenticated user: set by the token or the session authentication."""
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):  # every route authenticates first; never reached
        raise AuthorizationError(message="未登录")
    return user


def require(request: HttpRequest, unit: Unit, check: Check, refusal: str) -> None:
    if not check(caller(request), unit):
        raise AuthorizationError(message=refusal.format(unit=unit.name))


def find_unit(request: HttpRequest, code: str, check: Check, refusal: str) -> Unit:
    """The unit by code (or exact name); NotFound (404) or a refusal (403)."""
    unit = unit_find(code)
    require(request, unit, check, refusal)
    return unit


def find_place(request: HttpRequest, unit: str, period: str, check: Check, refusal: str) -> Place:
    found = find_unit(request, unit, check, refusal)
    return Place(found, period_find(unit=found, key=period))
