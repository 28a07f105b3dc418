"""The demo bulletin (迪庆州, June 2017) as a document model, built from the stored figures."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from anju.bulletins.document import BulletinDocument
from anju.bulletins.services import bulletin_document
from anju.demo.loader import demo_file
from anju.programmes.models import Unit
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period, Report
from anju.reporting.selectors import period_find
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_approve, report_submit, report_unlock

DEMO_NUMBER = 12
DEMO_DATE = datetime.date(2017, 7, 5)


@pytest.fixture
def demo_document(db: None) -> BulletinDocument:
    scope = Unit.objects.get(code="533400")
    return bulletin_document(
        scope=scope,
        period=period_find(unit=scope, key="2017-06"),
        number=DEMO_NUMBER,
        date=DEMO_DATE,
    )


# July after the demo's June, as the walkthrough of the month entered it: 开工 2540 套 of
# 3725 (68.19%), 德钦县 180.
JULY_STARTED = {"1241": "1360", "153": "180", "900": "1000"}


def july_text() -> str:
    text = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")
    text = text.replace("period: 2017-06", "period: 2017-07")
    for june, july in JULY_STARTED.items():
        text = text.replace(f"pg_started: {june}\n", f"pg_started: {july}\n")
    return text


@pytest.fixture
def july_approved(tmp_path: Path) -> Period:
    """July reported and approved for every unit."""
    path = tmp_path / "july.yaml"
    path.write_text(july_text(), encoding="utf-8")
    figures_import_file(path=path)
    return Period.objects.get(programme__code="diqing-2017", month=7)


@pytest.fixture
def correct_deqin(people: dict[str, Any]) -> Callable[[Period, str], None]:
    """``correct_deqin(july, "190")``: the office unlocks 德钦县's issued report, the
    reporter corrects 开工数 and submits, the office approves."""
    return lambda period, started: _correct_deqin(period, people, started)


def _correct_deqin(period: Period, people: dict[str, Any], started: str) -> None:
    report = Report.objects.get(period=period, unit__code="533422")
    office, deqin = people["office"], people["deqin"]
    report = report_unlock(report=report, user=office, reason="德钦县开工数漏报27套")
    report = report_set_values(
        report=report, values={"pg_started": started}, user=deqin, channel="form"
    )
    report = report_submit(report=report, user=deqin)
    report_approve(report=report, user=office)
