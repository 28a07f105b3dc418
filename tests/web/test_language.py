"""Chinese by default, whatever the browser asks; English when the user chooses it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_an_english_browser(client: Client) -> None:
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "zh-hans"
    assert "用户名" in page.content.decode()


def test_english_when_chosen(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["deqin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/r/533422/2017-06/").content.decode()
    assert "Save draft" not in page  # June is approved: no form buttons, but English labels
    assert "Last month" in page
    assert "Annual target" in page
    assert "上月累计" not in page


def test_a_validation_message_follows_the_chosen_language(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    client.force_login(people["deqin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(
        "/r/533422/2017-07/", {"fig_pg_started": "12a", "version": "1", "action": "save"}
    ).content.decode()
    # The figure's name is the programme's own (Chinese); the sentence around it is English.
    assert "棚户区改造开工数: “12a” is not a number; enter a whole number, 0 or more (套)" in page


def test_a_broken_rule_is_explained_in_the_chosen_language(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    client.force_login(people["deqin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(
        "/r/533422/2017-07/",
        {"fig_gzf_built": "2180", "fig_gzf_occupied": "2200", "version": "1", "action": "save"},
    ).content.decode()
    assert "公租房累计分配入住套数: 2200套 exceeds 公租房实际建设套数 2180套 — please check" in page
