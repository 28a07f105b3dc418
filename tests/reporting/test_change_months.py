"""Change since last month from the stored months: the previous period's published figures
serve the tables, the dashboard's tables and the bulletin's prose; nothing is entered twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.audit import Severity
from anju.bulletins.builder import build_document
from anju.bulletins.document import Paragraph
from anju.bulletins.selfcheck import bulletin_self_audit
from anju.programmes.models import Unit
from anju.programmes.services import programme_import_file
from anju.reporting.dashboard import dashboard_data
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Report
from anju.reporting.rollup import subtree_sums_rebuild
from anju.reporting.selectors import period_find
from anju.reporting.tables import scope_tables

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "name-and-shame"


@pytest.fixture
def hengyang() -> Unit:
    programme_import_file(path=EXAMPLE / "programme.yaml")
    for path in sorted(EXAMPLE.glob("figures-*.yaml")):
        figures_import_file(path=path)
    return Unit.objects.get(code="430400")


def columns(table_set: object, unit: str) -> list[str]:
    table = table_set.attachments[0].table  # type: ignore[attr-defined]
    row = table.total if unit == "total" else next(r for r in table.rows if r.label == unit)
    return [cell.text for cell in row.cells]


def test_tables_and_dashboard_show_the_change_since_may(hengyang: Unit) -> None:
    june = period_find(unit=hengyang, key="2024-06")
    # 衡阳县 320 → 448 started: 128 more; 40.00% → 56.00%: 16 points.
    assert columns(scope_tables(scope=hengyang, period=june), "衡阳县")[3:] == [
        "448",
        "128",
        "56.00",
        "16.00",
    ]
    assert columns(scope_tables(scope=hengyang, period=june), "total")[3:] == [
        "3643",
        "633",
        "58.57",
        "10.18",
    ]
    dashboard = dashboard_data(scope=hengyang, period=june)
    assert columns(dashboard.tables, "衡阳县")[4] == "128"


def test_the_prose_says_what_changed(hengyang: Unit) -> None:
    june = period_find(unit=hengyang, key="2024-06")
    blocks = [
        {"kind": n.kind, "text": n.text, "code": n.code} for n in june.programme.narratives.all()
    ]
    document = build_document(
        scope=hengyang, period=june, blocks=blocks, number=None, date=june.end_date, draft=True
    )
    texts = [block.text for block in document.body if isinstance(block, Paragraph)]
    assert "与上月相比新增开工633套，开工率提高10.18个百分点" in texts[0]
    assert texts[-1].startswith(
        "本月新增开工较多的是衡阳县新增开工128套、耒阳市新增开工108套、蒸湘区新增开工90套；"
        "与上月相比没有新开工项目的有石鼓区、衡南县，予以通报批评。"
    )
    # The check run at issue finds nothing to contradict: 百分点 are no count of 个, and
    # the change columns' totals are no sums of rates.
    assert bulletin_self_audit(document).of(Severity.ERROR) == []


def test_a_first_month_or_an_unpublished_previous_month_shows_no_change(hengyang: Unit) -> None:
    may = period_find(unit=hengyang, key="2024-05")
    assert columns(scope_tables(scope=hengyang, period=may), "衡阳县")[4] == ""
    Report.objects.filter(period=may).update(status=Report.Status.DRAFT)
    subtree_sums_rebuild(period=may)  # the statuses were set below the workflow
    june = period_find(unit=hengyang, key="2024-06")
    assert columns(scope_tables(scope=hengyang, period=june), "衡阳县")[4] == ""


def test_the_api_figures_stay_the_reported_figures(hengyang: Unit) -> None:
    from anju.api.selectors import scope_indicators

    data = scope_indicators(scope=hengyang, period=period_find(unit=hengyang, key="2024-06"))
    assert set(data["units"][0]["figures"]) == {"pg_task", "pg_started"}
    assert set(data["total"]["figures"]) == {"pg_task", "pg_started"}
