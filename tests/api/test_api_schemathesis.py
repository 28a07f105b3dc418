"""Every operation of the live schema, exercised by schemathesis as the office admin: no
answer is a server error, and every answer is one the schema documents (status, media type,
body, headers), including refusals of data the schema forbids.

Each operation gets two bounded, deterministic runs of generated requests:

- anywhere: requests the schema allows and requests it forbids, with any path values
  (nearly all name no real unit, so this is about malformed input and 404s);
- demo: schema-valid requests at the demo's real units and months (June approved, July
  open with empty drafts), sent like a client that reads a report before writing it (the
  version it sends is the current one), so random bodies reach the real checks and workflow.

The one built-in check left out is positive_data_acceptance: it counts a 422 for a
schema-valid request as a failure, while here the programme's rules and a report's state
refuse input the schema cannot describe ("12a" is a string; a submitted report cannot be
changed) with 422 and a message per field, by design.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from anju.api.tokens import token_create
from anju.reporting.models import Period
from anju.reporting.selectors import period_find, unit_find
from anju.reporting.workflow import report_peek

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 20  # per operation and run
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same requests on every run
    database=None,
    deadline=None,  # a bulletin's PDF takes its time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DEMO_PLACES = {
    "unit": ["533400", "533401", "533422", "533400-KFQ", "香格里拉市"],
    "period": ["2017-06", "2017-07"],
    "code": ["diqing-2017"],
    "year": [2017, 2018],
}
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, whose end-of-request signal would close
    the database connection, and with it the test's transaction (PostgreSQL); Django's test
    client detaches the same handler around its requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def demo_strategy(operation: Any) -> st.SearchStrategy[Any]:
    """Schema-valid requests with the path's unit, month or programme taken from the demo."""
    names = [n for n in re.findall(r"{(\w+)}", operation.path) if n in DEMO_PLACES]
    if not names:
        return operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    places = st.fixed_dictionaries({name: st.sampled_from(DEMO_PLACES[name]) for name in names})
    return places.flatmap(
        lambda fixed: operation.as_strategy(
            generation_mode=GenerationMode.POSITIVE, path_parameters=fixed
        )
    )


def read_before_writing(case: Any) -> None:
    """Send the report's current version, as a client that has just read it would. (Read
    here rather than through Django's test client, which would reattach the handler that
    closes the connection after its own request.)"""
    if isinstance(case.body, dict) and case.body.get("version") is not None:
        unit = unit_find(unquote(case.path_parameters["unit"]))  # sent percent-encoded
        period = period_find(unit=unit, key=case.path_parameters["period"])
        case.body["version"] = report_peek(unit=unit, period=period).version


def run(
    label: str,
    strategy: st.SearchStrategy[Any],
    headers: dict[str, str],
    statuses: Counter[tuple[str, int]],
    *,
    demo: bool,
) -> None:
    """One bounded run: every generated request sent, its answer checked, its status counted."""

    @BOUNDED
    @given(case=strategy)
    def call(case: Any) -> None:
        if demo:
            read_before_writing(case)
        response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
        statuses[(label, response.status_code)] += 1

    call()


@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_every_operation_answers_as_documented(people: dict[str, User], july: Period) -> None:
    from anju.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    headers = {"Authorization": f"Bearer {token_create(user=people['office'], name='fuzz')}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    # Closing a month and unlocking reports change what every later write may do: last.
    operations.sort(key=lambda operation: operation.label.endswith(("/close", "/unlock")))
    statuses: Counter[tuple[str, int]] = Counter()
    started = time.monotonic()

    for operation in operations:
        anywhere = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
        run(operation.label, anywhere, headers, statuses, demo=False)
        run(operation.label, demo_strategy(operation), headers, statuses, demo=True)

    elapsed = time.monotonic() - started
    calls = sum(statuses.values())
    print(f"\nschemathesis: {len(operations)} operations, {calls} requests, {elapsed:.1f} s")
    for (label, status), count in sorted(statuses.items()):
        print(f"  {label}: {status} × {count}")
    assert len(operations) == 46
    # Every operation answered at least once with real data, not only with refusals; but
    # for those that need a state random requests seldom leave behind, or that an earlier
    # operation's random success consumed (a closed month, unlocked reports): submitting
    # needs a complete and valid report, approving and returning a submitted one, issuing
    # reviewed figures, correcting and reading an issued bulletin changed figures since.
    # test_api_reports.py and test_api_month.py drive these through real states. Setting a
    # plan needs a programme with planned figures (the demo has none) and a plan valid as a
    # whole: tests/plans/test_plan_api.py drives it.
    succeeded = {label for (label, status), _ in statuses.items() if status == 200}
    needs_state = {
        "POST /api/reports/{unit}/{period}/submit",
        "POST /api/reports/{unit}/{period}/approve",
        "POST /api/reports/{unit}/{period}/return",
        "POST /api/bulletins/{unit}/{period}/issue",
        "POST /api/bulletins/{unit}/{period}/correct",
        "GET /api/bulletins/{unit}/{period}",
        "PUT /api/plans/{unit}/{year}",
        # a project registered first (test_api.py under tests/projects drives these)
        "PUT /api/projects/{unit}/{period}/{code}",
        "PUT /api/projects/{unit}/{period}/{code}/month",
        # a real programme code in the body, then a round, a visit, a finding in its states
        # (tests/inspections/test_inspection_api.py drives these)
        "POST /api/inspections/{unit}/rounds",
        "GET /api/inspection-rounds/{round}",
        "POST /api/inspection-rounds/{round}/visits",
        "POST /api/inspection-rounds/{round}/findings",
        "GET /api/findings/{finding}",
        "POST /api/findings/{finding}/rectifications",
        "POST /api/findings/{finding}/verdict",
        "POST /api/findings/{finding}/close",
        "POST /api/findings/{finding}/escalations",
        # a project's month on record, and a real photo (test_photos.py there)
        "GET /api/projects/{unit}/{period}/{code}/photos",
        "POST /api/projects/{unit}/{period}/{code}/photos",
        "DELETE /api/projects/{unit}/{period}/{code}/photos/{photo}",
        # a finding and its rectification, and a real photo (tests/inspections/test_photos.py)
        "GET /api/findings/{finding}/photos",
        "POST /api/findings/{finding}/photos",
        "POST /api/findings/{finding}/rectifications/{rectification}/photos",
        "DELETE /api/findings/{finding}/photos/{photo}",
    }
    assert succeeded | needs_state == {operation.label for operation in operations}
    assert not any(status >= 500 for _, status in statuses)
