"""Who may do what: the single place every view, download and API endpoint asks.

Admins, leaders and inspectors act over a unit and everything below it; a reporter acts for
exactly the units named in their roles. Superusers are admins everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from anju.accounts.models import Role
from anju.programmes.models import Programme, Unit

ADMIN, REPORTER, LEADER, INSPECTOR = (
    Role.Kind.ADMIN,
    Role.Kind.REPORTER,
    Role.Kind.LEADER,
    Role.Kind.INSPECTOR,
)
OVERSEERS = (ADMIN, LEADER, INSPECTOR)

# Whoever makes a request: a signed-in user, or nobody yet (every answer is then "no").
Person: TypeAlias = User | AnonymousUser


@dataclass(frozen=True)
class Access:
    """A user's roles, loaded once per request: (kind, unit code, unit path)."""

    superuser: bool
    roles: tuple[tuple[str, str, str], ...]
    first_unit_name: str = ""  # the unit of the user's first role, as pages name people

    def over(self, unit: Unit, kinds: Iterable[str]) -> bool:
        """Holds one of ``kinds`` on the unit or on one of its ancestors."""
        kinds = tuple(kinds)
        return self.superuser or any(
            kind in kinds and unit.path.startswith(path) for kind, _, path in self.roles
        )

    def reports_for(self, unit: Unit) -> bool:
        return any(kind == REPORTER and code == unit.code for kind, code, _ in self.roles)

    def reports_within(self, scope: Unit) -> bool:
        return any(kind == REPORTER and path.startswith(scope.path) for kind, _, path in self.roles)

    @property
    def kinds(self) -> set[str]:
        return {ADMIN} if self.superuser else {kind for kind, _, _ in self.roles}


def access_for(user: Person) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    cached: Access | None = getattr(user, "_anju_access", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        access = Access(superuser=False, roles=())
    else:
        rows = list(
            Role.objects.filter(user=user)
            .order_by("pk")
            .values_list("kind", "unit__code", "unit__path", "unit__name")
        )
        access = Access(
            superuser=user.is_superuser,
            roles=tuple((kind, code, path) for kind, code, path, _ in rows),
            first_unit_name=rows[0][3] if rows else "",
        )
    # The request's own user object carries it to the next question of the same request.
    setattr(user, "_anju_access", access)  # noqa: B010
    return access


def can_read_report(user: Person, unit: Unit) -> bool:
    access = access_for(user)
    return access.over(unit, OVERSEERS) or access.reports_for(unit)


def can_write_report(user: Person, unit: Unit) -> bool:
    access = access_for(user)
    return access.over(unit, (ADMIN,)) or access.reports_for(unit)


def can_review(user: Person, unit: Unit) -> bool:
    return access_for(user).over(unit, (ADMIN,))


def can_view_scope(user: Person, scope: Unit) -> bool:
    """Dashboard, rankings and bulletins of a scope: its overseers, and reporters inside it
    (they see where they stand among their peers)."""
    access = access_for(user)
    return access.over(scope, OVERSEERS) or access.reports_within(scope)


def can_view_audit(user: Person, unit: Unit) -> bool:
    return access_for(user).over(unit, (ADMIN, INSPECTOR))


def can_check_bulletins(user: Person, scope: Unit) -> bool:
    """Upload published bulletins for the audit and read the audits kept: the scope's admins
    and inspectors (督查室, 纪工委). Checking a bulletin changes no figure."""
    return access_for(user).over(scope, (ADMIN, INSPECTOR))


def can_manage(user: Person, scope: Unit) -> bool:
    """Open periods, edit and issue bulletins, unlock figures."""
    return access_for(user).over(scope, (ADMIN,))


def can_view_inspections(user: Person, unit: Unit) -> bool:
    """A unit's inspection rounds and findings: its overseers and its own reporters."""
    return can_read_report(user, unit)


def can_inspect(user: Person, unit: Unit) -> bool:
    """Record inspection rounds, visits and findings over a unit: its inspectors (督查室) and
    admins, and theirs above it."""
    return access_for(user).over(unit, (ADMIN, INSPECTOR))


def can_rectify(user: Person, unit: Unit) -> bool:
    """Record a rectification of a finding: the reporters of the unit responsible for it."""
    return access_for(user).reports_for(unit)


def can_verify(user: Person, unit: Unit) -> bool:
    """Accept or reject a unit's rectification, close its findings and escalate them: the
    office, that is an admin of a unit above it (never the unit's own admin)."""
    access = access_for(user)
    return access.superuser or any(
        kind == ADMIN and unit.path.startswith(path) and path != unit.path
        for kind, _, path in access.roles
    )


def can_write_within(user: Person, scope: Unit) -> bool:
    """Some unit at or below ``scope`` whose reports the user may write (``can_write_report``
    of one of them): where the Excel round trip is offered."""
    access = access_for(user)
    return access.over(scope, (ADMIN,)) or any(
        kind in (ADMIN, REPORTER) and path.startswith(scope.path) for kind, _, path in access.roles
    )


def visible_programmes(user: Person) -> QuerySet[Programme]:
    """Programmes covering a unit the user can see, as this policy defines seeing.

    A role's unit is covered by every programme scoped at it or above it; an overseer also
    sees the units below theirs, so programmes scoped down there too.
    """
    access = access_for(user)
    programmes = Programme.objects.select_related("scope").order_by("-year", "code")
    if access.superuser:
        return programmes
    condition = Q(pk__in=[])
    for kind, code, path in access.roles:
        condition |= Q(scope__path__in=Unit(code=code, path=path).ancestor_paths)
        if kind in OVERSEERS:
            condition |= Q(scope__path__startswith=path)
    return programmes.filter(condition)


def home_scopes(user: Person) -> QuerySet[Unit]:
    """The units a user's pages start from: the top of each of their roles."""
    access = access_for(user)
    if access.superuser:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(code__in={code for _, code, _ in access.roles})
