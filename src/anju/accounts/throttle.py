"""Failed logins, counted per user name and per client address, each against its own limit.

django-axes counts failures for each lockout parameter but compares them all with one limit.
Here a user name is locked after ``AXES_FAILURE_LIMIT`` failures from any number of addresses
(spreading guesses over many machines does not help), and an address after
``ANJU_LOGIN_ADDRESS_FAILURE_LIMIT`` failures whatever the user names (one machine trying a
password on every account). The address is the connection's, or the one a trusted proxy
reports: anyone else can write any X-Forwarded-For they like.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, unless it comes from a trusted proxy.

    Behind trusted proxies the client is the right-most X-Forwarded-For entry that is not
    itself a trusted proxy; entries further left were written by the client and prove nothing.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def _failures(attempts: QuerySet[Any]) -> int:
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler with a separate limit for the user name and the address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Failures as axes compares them with ``AXES_FAILURE_LIMIT``: the user name's count,
        raised to that limit once the address has reached its own."""
        by_user, by_address = (
            _failures(attempts) for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.ANJU_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_user, int(settings.AXES_FAILURE_LIMIT))
        return by_user
