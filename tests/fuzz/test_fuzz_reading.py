"""Reading never fails and never writes: every page and API read under generated query
strings and path segments, as each persona."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from strategies import period_text, short_text

from anju.api.tokens import token_create
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/u/{unit}/{period}/",
    "/u/{unit}/{period}/tables/",
    "/u/{unit}/{period}/completeness/",
    "/u/{unit}/{period}/review/",
    "/u/{unit}/{period}/bulletin/",
    "/u/{unit}/{period}/bulletin/file.docx",
    "/u/{unit}/{period}/excel/template.xlsx",
    "/u/{unit}/{period}/excel/upload/",
    "/u/{unit}/{period}/batch/",
    "/u/{unit}/audit/",
    "/u/{unit}/periods/",
    "/u/{unit}/bulletins/",
    "/r/{unit}/{period}/",
    "/api/units/{unit}",
    "/api/reports/{unit}/{period}",
    "/api/tables/{unit}/{period}",
    "/api/indicators/{unit}/{period}",
    "/api/milestones/{unit}/{period}",
    "/api/periods/{unit}",
    "/api/bulletins/{unit}",
)

units = st.one_of(
    st.sampled_from(["533400", "533422", "533401", "533400-KFQ", "迪庆州", "999999"]),
    st.text(max_size=12),
)
query = st.dictionaries(
    st.sampled_from(
        ["unit", "element", "channel", "user", "page", "batch", "item", "format", "zip", "level"]
    ),
    short_text,
    max_size=4,
)


@FUZZ
@given(
    page=st.sampled_from(PAGES),
    unit=units,
    period=period_text,
    params=query,
    who=st.sampled_from(["office", "deqin", "leader", "inspector", "anonymous"]),
)
def test_reading(
    july: Period,
    people: dict[str, User],
    page: str,
    unit: str,
    period: str,
    params: dict[str, str],
    who: str,
) -> None:
    headers = {}
    if who != "anonymous" and page.startswith("/api/"):
        headers["Authorization"] = "Bearer " + token_create(user=people[who], name="fuzz")
    client = Client(raise_request_exception=False, headers=headers)
    if who != "anonymous":
        client.force_login(people[who])
    url = page.format(unit=quote(unit, safe=""), period=quote(period, safe=""))
    before = fingerprint()
    response = client.get(url + ("?" + urlencode(params) if params else ""))
    record("read", status=response.status_code, refused=True, before=before, after=fingerprint())
