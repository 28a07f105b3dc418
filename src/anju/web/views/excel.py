"""Placeholder while this subject's pages are written; every route answers 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _missing(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


template = _missing
upload = _missing
confirm = _missing
