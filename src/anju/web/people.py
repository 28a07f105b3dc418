"""How pages name people: their full name (or their login when they have none) and the unit
their role is for, never the bare login alone where a name is known."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import QuerySet

from anju.accounts.models import Role
from anju.accounts.policy import REPORTER, Person, access_for
from anju.programmes.models import Unit


def person_name(user: Person | None) -> str:
    if not isinstance(user, User):
        return "—"
    return str(user.get_full_name() or user.get_username())


def person_unit(user: Person | None) -> str:
    """The unit of the user's first role, e.g. 德钦县; empty for one without a role."""
    if user is None or not user.is_authenticated:
        return ""
    cached: str | None = getattr(user, "_anju_unit_name", None)
    if cached is None:  # the roles the permission checks of the request read
        cached = access_for(user).first_unit_name
        setattr(user, "_anju_unit_name", cached)  # noqa: B010
    return cached


def remember_units(users: Iterable[Person | None]) -> None:
    """Look up the units of many users at once (a page of the audit trail names one person a
    row), so ``person_unit`` asks the database nothing more for them."""
    known = [user for user in users if isinstance(user, User)]
    first: dict[int, str] = {}
    roles = Role.objects.filter(user__in={user.pk for user in known}).select_related("unit")
    for role in roles.order_by("-pk"):
        first[role.user_id] = role.unit.name  # the lowest pk is seen last and kept
    for user in known:
        setattr(user, "_anju_unit_name", first.get(user.pk, ""))  # noqa: B010


def reporter_units(user: Person) -> QuerySet[Unit]:
    """The units the user reports for (none for an office, a leader or an inspector)."""
    codes = [code for kind, code, _ in access_for(user).roles if kind == REPORTER]
    return Unit.objects.filter(code__in=codes).order_by("path")
