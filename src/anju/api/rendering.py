"""JSON in and out: Chinese stays readable, numbers stay exact."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, NoReturn

from django.http import HttpRequest
from ninja.parser import Parser
from ninja.renderers import JSONRenderer


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as itself ("香格里拉市", not "\\u9999…"); the response's
    Content-Type is ``application/json; charset=utf-8``. Decimals are written as strings by
    the encoder, but the schemas already hand over exact decimal strings."""

    json_dumps_params = {"ensure_ascii": False}


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


class DecimalJSONParser(Parser):
    """Request bodies with JSON numbers read as Decimal: a figure sent as 712.62 arrives as
    exactly 712.62, never as the nearest binary float. NaN and Infinity, which Python's
    parser would otherwise accept, are refused."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body, parse_float=Decimal, parse_constant=_refuse_constant)
        if not isinstance(data, dict):
            # Every body here is an object; anything else is refused as unparseable (400).
            raise ValueError("the request body must be a JSON object")
        return data
