"""Logging in: the real form, and failed attempts throttled."""

from __future__ import annotations

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
