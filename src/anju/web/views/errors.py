"""The site's answer to a request Django refuses before any view sees it (400): a body over
the upload limit, too many form fields. The API answers it as JSON with a message, as it
answers everything; pages keep Django's own page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = f"请求体超过 {limit:,} 字节的上限，请分批提交"
    elif isinstance(exception, TooManyFieldsSent):
        detail = f"请求的字段超过 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} 个的上限"
    else:
        detail = "请求无法处理，请检查其格式"
    return JsonResponse({"detail": detail}, status=400)
