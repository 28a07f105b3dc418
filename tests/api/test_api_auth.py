"""Who may call the API: bearer tokens (stored only as digests), sessions with CSRF-checked
writes, and a JSON refusal otherwise."""

from __future__ import annotations

import hashlib
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from anju.api.models import ApiToken
from anju.api.tokens import token_create

pytestmark = pytest.mark.django_db

URL = "/api/units/533400"


def put_json(client: Client, url: str, body: dict[str, object], **headers: str) -> Any:
    return client.put(url, data=body, content_type="application/json", headers=headers)


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_token_is_stored_only_as_its_digest(people: dict[str, User]) -> None:
    token = token_create(user=people["office"], name="统计局同步")
    stored = ApiToken.objects.get(name="统计局同步")
    assert stored.user == people["office"]
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.digest, stored.name}
    assert stored.created_at is not None and stored.last_used_at is None


def test_a_token_authenticates_and_records_its_last_use(people: dict[str, User]) -> None:
    token = token_create(user=people["leader"], name="大屏")
    response = bearer(token).get(URL)
    assert response.status_code == 200
    assert response.json()["permissions"]["write_report"] is False  # the leader's roles
    assert ApiToken.objects.get(name="大屏").last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer anju_not-a-token",
        "Bearer not-even-our-prefix",
        "Basic b2ZmaWNlOmFuanUtZGVtbw==",
    ],
)
def test_without_a_valid_token_the_answer_is_401_in_json(header: str | None) -> None:
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["WWW-Authenticate"] == "Bearer"
    assert "令牌" in response.json()["detail"]


def test_an_inactive_users_token_no_longer_works(people: dict[str, User]) -> None:
    user = User.objects.create_user("retired")
    token = token_create(user=user, name="old")
    user.is_active = False
    user.save()
    assert bearer(token).get(URL).status_code == 401


def test_a_token_needs_a_name(people: dict[str, User]) -> None:
    from anju.errors import InvalidInput

    with pytest.raises(InvalidInput):
        token_create(user=people["office"], name="  ")


def test_the_management_command_prints_a_working_token(people: dict[str, User]) -> None:
    out = StringIO()
    call_command("api_token", "inspector", "--name", "督查系统", stdout=out)
    token = out.getvalue().strip()
    assert ApiToken.objects.filter(user=people["inspector"], name="督查系统").exists()
    assert bearer(token).get(URL).status_code == 200


def test_the_management_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="no user named"):
        call_command("api_token", "nobody-at-all", stdout=StringIO())


def test_a_logged_in_browser_reads_with_its_session(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["deqin"])
    assert client.get("/api/reports/533422/2017-06").status_code == 200
    assert client.get("/api/reports/533401/2017-06").status_code == 403  # the same policy


def test_a_session_write_needs_the_csrf_token(people: dict[str, User], july: object) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["shangrila"])
    url = "/api/reports/533401/2017-07"
    body = {"version": 1, "figures": {"pg_started": "1300"}}
    refused = put_json(client, url, body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get("/login/")  # any page that sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = put_json(client, url, body, **{"X-CSRFToken": csrf})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["figures"] == {"pg_started": "1300"}


def test_a_token_write_needs_no_csrf_token(people: dict[str, User], july: object) -> None:
    client = Client(
        enforce_csrf_checks=True,
        headers={"Authorization": f"Bearer {token_create(user=people['shangrila'], name='t')}"},
    )
    response = put_json(client, "/api/reports/533401/2017-07", {"version": 1, "figures": {}})
    assert response.status_code == 200


def test_an_anonymous_write_is_401_not_a_csrf_refusal(july: object) -> None:
    client = Client(enforce_csrf_checks=True)
    response = put_json(client, "/api/reports/533401/2017-07", {"version": 1, "figures": {}})
    assert response.status_code == 401
