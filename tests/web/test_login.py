"""Logging in: the real form, and failed attempts throttled."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_reporter_logs_in_with_the_form(client: Client) -> None:
    response = client.post("/login/", {"username": "deqin", "password": "anju-demo"})
    assert response.status_code == 302
    assert client.get("/")["Location"] == "/r/533422/2017-06/"


def test_a_wrong_password_is_explained(client: Client) -> None:
    response = client.post("/login/", {"username": "deqin", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_login_for_a_while(client: Client) -> None:
    for _ in range(5):
        client.post("/login/", {"username": "deqin", "password": "wrong"})
    response = client.post("/login/", {"username": "deqin", "password": "anju-demo"})
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert "_auth_user_id" not in client.session


def attempt(username: str, address: str, password: str = "wrong", **headers: str) -> int:
    """One login from a fresh browser at ``address``; the response's status code."""
    response = Client(REMOTE_ADDR=address, headers=headers).post(
        "/login/", {"username": username, "password": password}
    )
    return response.status_code


def test_failures_from_many_addresses_lock_the_user_name() -> None:
    for number in range(5):
        attempt("deqin", f"192.0.2.{number + 1}")
    assert attempt("deqin", "198.51.100.7", password="anju-demo") == 429
    assert attempt("shangrila", "192.0.2.1", password="anju-demo") == 302


def test_failures_for_many_user_names_lock_the_address(settings: Any) -> None:
    settings.ANJU_LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for username in ("nobody1", "nobody2", "nobody3", "nobody4"):
        attempt(username, "203.0.113.9")
    assert attempt("deqin", "203.0.113.9", password="anju-demo") == 429
    assert attempt("deqin", "203.0.113.10", password="anju-demo") == 302


def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(settings: Any) -> None:
    settings.ANJU_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for number in range(3):
        attempt(f"nobody{number}", "10.0.0.1", X_FORWARDED_FOR=f"192.0.2.{number + 1}")
    # Three different "clients" claimed, one real address: that address is locked.
    assert attempt("deqin", "10.0.0.1", "anju-demo", X_FORWARDED_FOR="192.0.2.99") == 429


def test_a_trusted_proxy_names_the_client(settings: Any) -> None:
    settings.ANJU_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(3):
        attempt(f"nobody{number}", "10.0.0.1", X_FORWARDED_FOR=f"192.0.2.{number + 1}")
    # Each client counted on its own: the proxy itself is not locked...
    assert attempt("deqin", "10.0.0.1", "anju-demo", X_FORWARDED_FOR="192.0.2.99") == 302
    for username in ("nobody4", "nobody5"):
        attempt(username, "10.0.0.1", X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    # ...but one client is, however it dresses up its own header (left of the proxy's entry).
    assert attempt("shangrila", "10.0.0.1", "anju-demo", X_FORWARDED_FOR="192.0.2.1") == 429
