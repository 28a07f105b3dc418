"""Site-wide request handling.

The interface language: Chinese unless the user chose another in the page's selector.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
browser on an office intranet would get English pages nobody asked for; here only the
language cookie (set by the selector) or the site's default decides.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
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


PAGE_METHODS = ("GET", "HEAD", "POST")


def request_method_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Pages answer GET, HEAD and POST only: another method (PUT on an entry form, DELETE
    on a list) is refused with 405 rather than served the page as if it were a GET. The API
    keeps its own methods; its refusals come as JSON, like all its other answers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if not api and request.method not in PAGE_METHODS:
            refused = HttpResponseNotAllowed(PAGE_METHODS, content="不支持该请求方法")
            refused["Content-Type"] = "text/plain; charset=utf-8"
            return refused
        response = get_response(request)
        if api and response.status_code == 405 and not _is_json(response):
            detail = f"不支持 {request.method} 方法（本接口允许：{response.get('Allow', '')}）"
            answer = JsonResponse({"detail": detail}, status=405)
            answer["Allow"] = response.get("Allow", "")
            return answer
        return response

    return middleware


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")
