"""Every page tells the browser to run only this site's own files, and still works under it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
}

# (who is logged in, page): the pages a month's work goes through.
WALK = [
    (None, "/login/"),
    ("office", "/u/533400/2017-06/"),
    ("deqin", "/r/533422/2017-06/"),
    ("office", "/u/533400/2017-06/bulletin/"),
    ("office", "/u/533400/2017-06/batch/"),
    ("office", "/api/docs"),
]

# Markup a browser would refuse under the policy: inline scripts (JSON data blocks are not run),
# event-handler attributes, style elements and attributes, and anything from another host.
REFUSED = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    re.compile(r"\son[a-z]+=\"", re.I),
    re.compile(r"<style\b"),
    re.compile(r"\sstyle=\""),
    re.compile(r"(src|href)=\"(https?:)?//"),
]


def directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.mark.parametrize(("username", "url"), WALK)
def test_the_page_carries_the_policy(
    client: Client, people: dict[str, Any], username: str | None, url: str
) -> None:
    if username:
        client.force_login(people[username])
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert {name: policy.get(name) for name in POLICY} == POLICY


@pytest.mark.parametrize(("username", "url"), [w for w in WALK if w[1] != "/api/docs"])
def test_the_page_needs_nothing_the_policy_refuses(
    client: Client, people: dict[str, Any], username: str | None, url: str
) -> None:
    if username:
        client.force_login(people[username])
    html = client.get(url).content.decode()
    assert [match.group(0) for pattern in REFUSED for match in pattern.finditer(html)] == []


def test_a_refusal_carries_the_policy_too(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
