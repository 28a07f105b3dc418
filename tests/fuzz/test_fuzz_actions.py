"""The office's and everyone's actions under generated parameters: review, return, unlock,
bulk approval, opening a month, the bulletin's prose and issue, batches, confirming an import.
Every persona tries every action; whatever is refused — by the rules, by permission or as
malformed — changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from strategies import date_text, number_text, short_text

from anju.reporting.models import Period

pytestmark = pytest.mark.django_db

ids = st.lists(st.one_of(number_text, st.integers(0, 200).map(str)), max_size=4)

actions: st.SearchStrategy[tuple[str, dict[str, Any]]] = st.one_of(
    st.tuples(
        st.sampled_from(["/r/533422/2017-07/review/", "/r/533401/2017-07/review/"]),
        st.fixed_dictionaries(
            {},
            optional={"action": st.sampled_from(["approve", "return", "x"]), "comment": short_text},
        ),
    ),
    st.tuples(
        st.just("/r/533422/2017-06/unlock/"),
        st.fixed_dictionaries({}, optional={"reason": short_text}),
    ),
    st.tuples(
        st.just("/u/533400/2017-07/review/"),
        st.fixed_dictionaries({}, optional={"report": ids}),
    ),
    st.tuples(
        st.sampled_from(["/u/533400/periods/", "/u/533422/periods/"]),
        st.fixed_dictionaries(
            {},
            optional={
                "programme": st.one_of(st.integers(0, 5).map(str), short_text),
                "month": number_text,
                "due_date": date_text,
            },
        ),
    ),
    st.tuples(
        st.sampled_from(["/u/533400/2017-06/bulletin/", "/u/533400/2017-07/bulletin/"]),
        st.fixed_dictionaries(
            {},
            optional={
                "action": st.sampled_from(["save", "issue", "", "delete"]),
                "number": number_text,
                "date": date_text,
                "allow_incomplete": st.sampled_from(["yes", "on", "", "\x00"]),
                "text_intro": short_text,
                "text_nonexistent": short_text,
            },
        ),
    ),
    st.tuples(
        st.sampled_from(["/u/533400/2017-06/batch/", "/u/533400/2017-06/batch/1/retry/"]),
        st.fixed_dictionaries(
            {},
            optional={
                "formats": st.lists(st.sampled_from(["docx", "pdf", "xlsx", "html", "exe"])),
                "level": number_text,
            },
        ),
    ),
    st.tuples(
        st.sampled_from(["/excel/imports/1/", "/excel/imports/99999999999/"]),
        st.fixed_dictionaries({}, optional={"action": st.sampled_from(["apply", "discard", ""])}),
    ),
)


@FUZZ
@given(
    action=actions,
    who=st.sampled_from(["office", "office", "deqin", "shangrila", "leader", "inspector"]),
)
def test_action(
    july: Period, people: dict[str, User], action: tuple[str, dict[str, Any]], who: str
) -> None:
    url, post = action
    client = Client(raise_request_exception=False)
    client.force_login(people[who])
    before = fingerprint()
    response = client.post(url, post)
    # A done action sends the browser on (POST, redirect, GET); anything else refused it.
    refused = response.status_code != 302
    record(
        "action", status=response.status_code, refused=refused, before=before, after=fingerprint()
    )
