"""Methods a page does not answer are refused, and the API says so in JSON, as it says
everything: a PUT to an entry form is not served the form as if it were a GET."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from anju.reporting.models import Report, ValueChange

pytestmark = pytest.mark.django_db

ENTRY = "/r/533401/2017-06/"


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options"])
def test_a_page_refuses_a_method_it_does_not_answer_and_changes_nothing(
    client: Client, people: Any, method: str
) -> None:
    client.force_login(people["office"])
    before = (
        list(Report.objects.values_list("pk", "status", "version")),
        ValueChange.objects.count(),
    )
    response = getattr(client, method)(ENTRY, data="pg_started=1")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    after = (
        list(Report.objects.values_list("pk", "status", "version")),
        ValueChange.objects.count(),
    )
    assert after == before
