"""Every page, every role, every unit: no one reads or writes what their role does not allow.

The expectations are written out here from the roles' definitions, independently of the
policy module, so a mistake in the policy shows up as a disagreement.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse

from anju.reporting.models import Report, ReportValue
from anju.web.urls import urlpatterns

pytestmark = pytest.mark.django_db

PREFECTURE = "533400"
UNITS = [PREFECTURE, "533401", "533422", "533423", "533400-KFQ", "533400-BJ"]
OWN_UNIT = {"shangrila": "533401", "deqin": "533422"}
OVERSEERS = {"office", "leader", "inspector"}
PERSONAS = ["anonymous", "nobody", "office", "shangrila", "deqin", "leader", "inspector"]


def is_overseer(who: str) -> bool:
    return who in OVERSEERS  # every overseer's role is on the prefecture, above every unit


def sees_scope(who: str, unit: str) -> bool:
    own = OWN_UNIT.get(who)
    return is_overseer(who) or (own is not None and unit in (PREFECTURE, own))


def reads_report(who: str, unit: str) -> bool:
    return is_overseer(who) or OWN_UNIT.get(who) == unit


def writes_in(who: str, unit: str) -> bool:
    return (
        who == "office" or OWN_UNIT.get(who) in (unit,) or (who in OWN_UNIT and unit == PREFECTURE)
    )


RULES: dict[str, Callable[[str, str], bool]] = {
    "dashboard": sees_scope,
    "tables": sees_scope,
    "completeness": sees_scope,
    "months": sees_scope,
    "chase_list": sees_scope,
    "bulletin": sees_scope,
    "bulletin_file": sees_scope,
    "bulletin_list": sees_scope,
    "correction_file": sees_scope,
    "report": reads_report,
    "plan": reads_report,  # a unit's monthly plan: its overseers and its own reporter
    "audit": lambda who, unit: who in ("office", "inspector"),
    "periods": lambda who, unit: who == "office",
    "review_list": lambda who, unit: who == "office",
    "batch": sees_scope,
    "batch_detail": sees_scope,
    "batch_status": sees_scope,
    "batch_file": sees_scope,
    "batch_zip": sees_scope,
    "excel_template": writes_in,
    "excel_upload": writes_in,
    "bulletin_audits": lambda who, unit: who in ("office", "inspector"),
    "bulletin_audit": lambda who, unit: who in ("office", "inspector"),
    "bulletin_audit_file": lambda who, unit: who in ("office", "inspector"),
    "bulletin_audit_text": lambda who, unit: who in ("office", "inspector"),
    "projects": reads_report,
    "project_new": lambda who, unit: who == "office" or OWN_UNIT.get(who) == unit,
    "project_edit": lambda who, unit: who == "office" or OWN_UNIT.get(who) == unit,
    "project_gaps": lambda who, unit: who in ("office", "inspector"),
    "inspections": reads_report,  # a unit's findings: its overseers and its own reporter
    "project_photos": reads_report,
    "project_workbook_template": lambda who, unit: who == "office" or OWN_UNIT.get(who) == unit,
    "project_workbook": lambda who, unit: who == "office" or OWN_UNIT.get(who) == unit,
    "project_workbook_confirm": lambda who, unit: who == "office" or OWN_UNIT.get(who) == unit,
}
POST_ONLY = {"review", "unlock", "batch_retry", "project_photo_remove"}
# Named by their own number: tests/inspections checks who sees each round and finding, and
# who adds and removes its photos; photos are served to whoever may read their owner
# (tests/projects/test_photos.py).
NO_UNIT = {
    "excel_confirm",
    "excel_status",
    "inspection_round",
    "inspection_finding",
    "finding_photo_upload",
    "finding_photo_remove",
    "photo",
    "photo_thumbnail",
}
PUBLIC = {"favicon"}  # the site's icon, for anyone


def url_for(pattern: URLPattern, unit: str) -> str:
    kwargs: dict[str, Any] = {"unit": unit}
    route = str(pattern.pattern)
    if "<period:period>" in route:
        kwargs["period"] = "2017-06"
    if "<str:fmt>" in route:
        kwargs["fmt"] = "html"
    if "<int:batch>" in route:
        kwargs["batch"] = 1  # none exists: who may see the unit gets 404, anyone else 403
    if "<int:item>" in route:
        kwargs["item"] = 1
    if "<int:pk>" in route:
        kwargs["pk"] = 1  # no kept audit: who may see them gets 404, anyone else 403
    if "<int:correction>" in route:
        kwargs["correction"] = 1
    if "<int:year>" in route:
        kwargs["year"] = 2017
    if "<slug:code>" in route:
        kwargs["code"] = "none"  # no such project: who may edit the unit's gets 404
    return reverse(f"web:{pattern.name}", kwargs=kwargs)


def client_for(who: str, people: dict[str, User]) -> Client:
    client = Client()
    if who == "nobody":
        client.force_login(User.objects.create_user("nobody-" + str(User.objects.count())))
    elif who != "anonymous":
        client.force_login(people[who])
    return client


def test_every_page_is_declared_here() -> None:
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)} - {"home"}
    assert names == set(RULES) | POST_ONLY | NO_UNIT | PUBLIC


@pytest.mark.parametrize("who", PERSONAS)
def test_every_page_for_every_unit(who: str, people: dict[str, User]) -> None:
    client = client_for(who, people)
    refused, wrongly_refused = [], []
    for pattern in urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name not in RULES:
            continue
        for unit in UNITS:
            url = url_for(pattern, unit)
            response = client.get(url)
            if who == "anonymous":
                assert response.status_code == 302, url
                assert response["Location"].startswith("/login/"), url
                continue
            allowed = RULES[str(pattern.name)](who, unit)
            if allowed and response.status_code == 403:
                wrongly_refused.append(url)
            if not allowed and response.status_code != 403:
                refused.append(f"{url} → {response.status_code}")
    assert refused == [], f"{who} reached pages their role does not allow"
    assert wrongly_refused == [], f"{who} was refused pages their role allows"


@pytest.mark.parametrize("who", PERSONAS)
def test_writing_a_report_only_where_allowed(who: str, people: dict[str, User]) -> None:
    from anju.programmes.models import Programme
    from anju.reporting.services import period_open

    period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    client = client_for(who, people)
    for unit in UNITS[1:]:
        response = client.post(
            f"/r/{unit}/2017-07/", {"fig_pg_started": "999", "version": "1", "action": "save"}
        )
        stored = ReportValue.objects.filter(
            report__unit__code=unit, report__period__month=7, element__code="pg_started"
        ).first()
        allowed = who == "office" or OWN_UNIT.get(who) == unit
        if who == "anonymous":
            assert response.status_code == 302
        elif not allowed:
            assert response.status_code == 403, (who, unit)
        if not allowed:
            assert stored is None, (who, unit)
            assert not Report.objects.filter(unit__code=unit, period__month=7).exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_review_and_unlock_only_by_the_office(who: str, people: dict[str, User]) -> None:
    client = client_for(who, people)
    Report.objects.filter(period__month=6).update(status=Report.Status.SUBMITTED)
    for unit in UNITS[1:]:
        review = client.post(f"/r/{unit}/2017-06/review/", {"action": "approve"})
        unlock = client.post(f"/r/{unit}/2017-06/unlock/", {"reason": "更正"})
        if who == "office":
            assert review.status_code == unlock.status_code == 302
        elif who == "anonymous":
            assert review["Location"].startswith("/login/")
        else:
            assert review.status_code == unlock.status_code == 403
    approved = Report.objects.filter(period__month=6, status=Report.Status.APPROVED).count()
    assert approved == (5 if who == "office" else 0)


@pytest.mark.parametrize("who", PERSONAS)
def test_issuing_a_bulletin_and_opening_a_month_only_by_the_office(
    who: str, people: dict[str, User]
) -> None:
    from anju.bulletins.models import Bulletin
    from anju.reporting.models import Period

    client = client_for(who, people)
    client.post(f"/u/{PREFECTURE}/2017-06/bulletin/", {"action": "save", "text_rental": "改"})
    client.post(
        f"/u/{PREFECTURE}/periods/",
        {"programme": "diqing-2017", "month": "9", "due_date": "2017-10-05"},
    )
    assert Bulletin.objects.exists() is (who == "office")
    assert Period.objects.filter(month=9).exists() is (who == "office")
    values = ReportValue.objects.filter(report__period__month=6)
    assert values.filter(value=Decimal(999)).count() == 0
