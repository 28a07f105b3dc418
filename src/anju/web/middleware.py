"""Site-wide request handling.

The interface language: Chinese unless the user chose another in the page's selector.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
browser on an office intranet would get English pages nobody asked for; here only the
language cookie (set by the selector) or the site's default decides.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = get_response(request)
        finally:
            # The thread serves the next request (or a test) in the site's language again.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


def content_security_policy_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Every response says which hosts its page may use: this site's, and nothing inline.

    A script injected into a page (say, through a figure's note) would then not run.
    """
    policy = settings.CONTENT_SECURITY_POLICY

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware
