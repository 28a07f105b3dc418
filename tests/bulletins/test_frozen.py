"""Issued means frozen: a bulletin shows what it was issued with, and says what changed since."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from anju.bulletins.document import Paragraph
from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.selectors import bulletin_changes_since_issue
from anju.bulletins.services import bulletin_document, bulletin_issue_month
from anju.bulletins.snapshot import document_from_json, document_to_json
from anju.programmes.models import Unit
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-07/bulletin/"
Correct = Callable[[Period, str], None]


@pytest.fixture
def july_issued(july_approved: Period, people: dict[str, Any]) -> Bulletin:
    return bulletin_issue_month(
        scope=Unit.objects.get(code="533400"),
        period=july_approved,
        number=12,
        date=datetime.date(2017, 8, 5),
        user=people["office"],
    )


def prose(document: Any) -> str:
    return "\n".join(b.text for b in document.body if isinstance(b, Paragraph))


def test_the_issued_page_keeps_the_issued_figures(
    client: Client, people: dict[str, Any], july_issued: Bulletin, correct_deqin: Correct
) -> None:
    """The bug as reported: issue July (2540 套) → unlock 德钦县 → 180 → 190 → approve → the
    page said 2550 while still claiming to be the issued bulletin."""
    client.force_login(people["office"])
    assert "开工2540套，开工率为68.19%" in client.get(PAGE).content.decode()

    correct_deqin(july_issued.period, "190")

    page = client.get(PAGE).content.decode()
    assert "开工2540套，开工率为68.19%" in page
    assert "2550" not in page.split("bulletin-preview", 1)[1].split("</div>", 1)[0]
    assert "已于 2017-08-05 印发（第12号）" in page


def test_the_files_and_the_document_stay_as_issued(
    july_issued: Bulletin, correct_deqin: Correct
) -> None:
    html = bytes(BulletinFile.objects.get(bulletin=july_issued, format="html").content)
    correct_deqin(july_issued.period, "190")
    document = bulletin_document(scope=july_issued.scope, period=july_issued.period)
    assert "开工2540套，开工率为68.19%" in prose(document)
    assert document.number == "迪庆安居办〔2017〕12号"
    assert bytes(BulletinFile.objects.get(bulletin=july_issued, format="html").content) == html


def test_the_changes_since_issue_name_the_unit_the_figure_and_the_unlock(
    july_issued: Bulletin, correct_deqin: Correct
) -> None:
    assert bulletin_changes_since_issue(bulletin=july_issued) == []
    correct_deqin(july_issued.period, "190")
    [change] = bulletin_changes_since_issue(bulletin=july_issued)
    assert (change.unit, change.figure, change.issued_text, change.now_text) == (
        "德钦县",
        "棚户区改造开工数",
        "180",
        "190",
    )
    assert [u.reason for u in change.unlocks] == ["德钦县开工数漏报27套"]
    [edit] = change.edits
    assert (edit.old, edit.new, edit.who) == (Decimal(180), Decimal(190), "德钦县填报员")


def test_an_unlocked_report_shows_as_not_reviewed_now(
    july_issued: Bulletin, people: dict[str, Any]
) -> None:
    from anju.reporting.models import Report
    from anju.reporting.workflow import report_unlock

    report = Report.objects.get(period=july_issued.period, unit__code="533422")
    report_unlock(report=report, user=people["office"], reason="核实开工数")
    changes = bulletin_changes_since_issue(bulletin=july_issued)
    now = {(c.unit, c.figure): c.now_text for c in changes}
    assert now[("德钦县", "棚户区改造开工数")] == "—"


def test_the_document_survives_its_json_unchanged(july_issued: Bulletin) -> None:
    document = bulletin_document(scope=july_issued.scope, period=july_issued.period)
    assert document_from_json(document_to_json(document)) == document
    assert july_issued.snapshot is not None
    assert july_issued.snapshot["version"] == 1
    assert july_issued.snapshot["figures"]["533422"]["values"]["pg_started"] == "180.0000"


def test_issuing_the_prefecture_bulletin_marks_the_month_issued(july_issued: Bulletin) -> None:
    july_issued.period.refresh_from_db()
    assert july_issued.period.get_status_display() == "已印发"


def test_the_dashboard_says_the_issued_bulletin_no_longer_holds(
    client: Client, people: dict[str, Any], july_issued: Bulletin, correct_deqin: Correct
) -> None:
    client.force_login(people["leader"])
    assert "bulletin-changes" not in client.get("/u/533400/2017-07/").content.decode()
    correct_deqin(july_issued.period, "190")
    page = client.get("/u/533400/2017-07/").content.decode()
    notice = page.split("bulletin-changes", 1)[1]
    assert "德钦县" in notice and "180" in notice and "190" in notice
