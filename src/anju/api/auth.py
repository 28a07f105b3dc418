"""Who is calling: a bearer token (programs) or the browser's session (logged-in users).

Token requests carry no cookie a third-party page could make a browser send, so they need no
CSRF check. Session requests do: a write with the session cookie but without the CSRF token
is refused, exactly as Django refuses it on a page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from anju.api.tokens import token_user


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from `anju manage api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return token_user(token.strip())


class SessionAuth(APIKeyCookie):
    """The logged-in browser user; writes must carry Django's CSRF token.

    ninja's own session auth checks CSRF before it knows whether there is a session at all,
    which would answer an anonymous write with 403 instead of 401; here the check comes
    after a logged-in user is found.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # csrf=True tells the docs page to send the CSRF token with "Try it out" requests.
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if check_csrf(request) is not None:
            raise AuthorizationError(message="CSRF 校验失败：请刷新页面后重试")
        return user
