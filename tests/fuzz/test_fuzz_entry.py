"""The entry form and the API's report endpoints under generated figures and parameters."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from strategies import element_code, figure_text, json_figure, number_text, short_text

from anju.api.tokens import token_create
from anju.reporting.models import Period, Report

pytestmark = pytest.mark.django_db

FORM_URL = "/r/533422/2017-07/"
API_URL = "/api/reports/533422/2017-07"


def current_version() -> int:
    report = Report.objects.filter(unit__code="533422", period__month=7).first()
    return report.version if report else 1


form_posts = st.fixed_dictionaries(
    {},
    optional={
        "version": st.one_of(number_text, st.just("CURRENT")),
        "note": short_text,
        "action": st.sampled_from(["save", "submit", "", "approve", "\x00"]),
    },
).flatmap(
    lambda base: st.dictionaries(
        element_code.map(lambda c: f"fig_{c}"), figure_text, max_size=4
    ).map(lambda figures: {**base, **figures})
)


@FUZZ
@given(post=form_posts)
def test_entry_form(july: Period, people: dict[str, User], post: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people["deqin"])
    if post.get("version") == "CURRENT":
        post["version"] = str(current_version())
    before = fingerprint()
    response = client.post(FORM_URL, post)
    # A save is answered by going back to the form; anything else refused the post.
    refused = response.status_code != 302
    record("form", status=response.status_code, refused=refused, before=before, after=fingerprint())


api_payloads = st.one_of(
    st.fixed_dictionaries(
        {
            "version": st.one_of(
                st.just("CURRENT"), st.integers(min_value=-5, max_value=10**20), number_text
            ),
            "figures": st.dictionaries(element_code, json_figure, max_size=4),
        },
        optional={"comment": short_text},
    ),
    st.dictionaries(st.text(max_size=8), json_figure, max_size=3),
    st.lists(st.integers(), max_size=2),
)


@FUZZ
@given(payload=api_payloads)
def test_api_report_put(july: Period, people: dict[str, User], payload: Any) -> None:
    token = token_create(user=people["deqin"], name="fuzz")
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    if isinstance(payload, dict) and payload.get("version") == "CURRENT":
        payload["version"] = current_version()
    before = fingerprint()
    response = client.put(API_URL, payload, content_type="application/json")
    refused = response.status_code != 200
    # Tokens are recorded as used; that is not a figure, report or change.
    record("api", status=response.status_code, refused=refused, before=before, after=fingerprint())
