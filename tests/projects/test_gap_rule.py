"""A figure that differs from the unit's projects needs a 填报说明 on every path that submits:
the report page, the API, the Excel workbook (at once and in the background) and a figures
file; they refuse the same report for the same reason, and accept it once explained."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]
from project_helpers import pg_projects, unit

from anju.api.tokens import token_create
from anju.errors import InvalidInput
from anju.programmes.models import Programme
from anju.projects.services import project_month_save
from anju.reporting.excel import SHEET, check_workbook, import_apply, template_workbook
from anju.reporting.excel.submit import imported_submit
from anju.reporting.excel.work import import_run
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import ExcelImport, Period, Report, ReportValue
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for
from personas import People

GAP = "维西县 棚户区改造开工数：填报 950 套，项目汇总 940 套，相差 10 套"
EXPLAINED = "10套为县城零星改造，未单独立项"


@pytest.fixture
def projects(programme: Programme, july: Period, people: People) -> None:
    """维西县's one 棚改 project: 900 started by June, 40 in July, so Σ projects is 940."""
    (project,) = pg_projects(programme, "维西县", {"wx-1": "900"})
    project_month_save(
        project=project, period=july, flows={"started": Decimal(40)}, node="", user=people["weixi"]
    )


def started(name: str, period: Period) -> Decimal:
    return ReportValue.objects.get(
        report__unit__name=name, report__period=period, element__code="pg_started"
    ).value


def status(name: str, period: Period) -> str:
    return Report.objects.get(unit__name=name, period=period).status


# --- the workbook ---------------------------------------------------------------------------


def workbook(people: People, period: Period, cells: dict[tuple[str, str], object]) -> Any:
    """The office's template with cells typed in: (unit name, header) → value; the header
    is a figure's name or 填报说明. Returns the pending import and the cells' addresses."""
    office, scope = people.office, unit("迪庆州")
    book = load_workbook(io.BytesIO(template_workbook(user=office, scope=scope, period=period)))
    sheet = book[SHEET]
    headers = {str(sheet.cell(2, c).value): c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 2).value: r for r in range(3, sheet.max_row + 1)}
    addresses = {}
    for (name, header), value in cells.items():
        column = next(c for h, c in headers.items() if h == header or h.startswith(f"{header}（"))
        sheet.cell(rows[name], column).value = value
        addresses[(name, header)] = sheet.cell(rows[name], column).coordinate
    buffer = io.BytesIO()
    book.save(buffer)
    check = check_workbook(
        user=office, scope=scope, period=period, data=buffer.getvalue(), filename="州.xlsx"
    )
    assert check.ok, [str(p) for p in check.problems]
    assert check.excel_import is not None
    return check.excel_import, addresses


def test_a_workbook_submitting_an_unexplained_gap_is_refused_whole(
    projects: None, july: Period, people: People
) -> None:
    pending, cells = workbook(
        people, july, {("维西县", "棚户区改造开工数"): 950, ("德钦县", "棚户区改造开工数"): 200}
    )
    with pytest.raises(InvalidInput) as refused:
        import_apply(excel_import=pending, user=people.office, submit=True)
    first, last = refused.value.problems[0], refused.value.problems[-1]
    figure = cells[("维西县", "棚户区改造开工数")]
    assert first.startswith(f"{SHEET}!{figure} {GAP}")
    row = figure.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert f"请在{SHEET}!AC{row}（该行“填报说明”）写明差异原因" in first
    assert last == "本次导入未保存任何数据" and len(refused.value.problems) == 2
    # nothing stored: 维西县 keeps its projects' sum, 德钦县 its figure, the import is pending
    assert started("维西县", july) == 940
    assert not ReportValue.objects.filter(
        report__unit__name="德钦县", report__period=july, element__code="pg_started"
    ).exists()
    assert ExcelImport.objects.get(pk=pending.pk).status == ExcelImport.Status.PENDING


def test_a_workbook_with_the_note_is_stored_and_submitted(
    projects: None, july: Period, people: People
) -> None:
    pending, _ = workbook(
        people, july, {("维西县", "棚户区改造开工数"): 950, ("维西县", "填报说明"): EXPLAINED}
    )
    reports = import_apply(excel_import=pending, user=people.office, submit=True)
    outcome = imported_submit(reports=reports, user=people.office, scope=unit("迪庆州"))
    assert [report.unit.name for report in outcome.submitted] == ["维西县"]
    assert outcome.refused == ()
    report = Report.objects.get(unit__name="维西县", period=july)
    assert (report.status, report.note) == (Report.Status.SUBMITTED, EXPLAINED)
    assert started("维西县", july) == 950


def test_a_workbook_saved_as_drafts_keeps_the_gap_until_explained(
    projects: None, july: Period, people: People
) -> None:
    pending, _ = workbook(people, july, {("维西县", "棚户区改造开工数"): 950})
    reports = import_apply(excel_import=pending, user=people.office)  # 确认导入: drafts
    assert started("维西县", july) == 950
    outcome = imported_submit(reports=reports, user=people.office, scope=unit("迪庆州"))
    assert outcome.submitted == ()
    ((name, why),) = outcome.refused
    assert name == "维西县" and why[0] == GAP and "说明差异原因" in why[-1]
    assert status("维西县", july) == Report.Status.DRAFT


def test_the_confirm_page_shows_the_refusal_and_stores_nothing(
    projects: None, july: Period, people: People
) -> None:
    pending, _ = workbook(people, july, {("维西县", "棚户区改造开工数"): 950})
    client = Client()
    client.force_login(people.office)
    response = client.post(f"/excel/imports/{pending.pk}/", {"action": "apply_submit"})
    assert response.status_code == 409
    assert GAP in response.content.decode()
    assert started("维西县", july) == 940
    assert ExcelImport.objects.get(pk=pending.pk).status == ExcelImport.Status.PENDING


def test_a_background_import_is_refused_for_the_same_reason(
    projects: None, july: Period, people: People
) -> None:
    pending, _ = workbook(people, july, {("维西县", "棚户区改造开工数"): 950})
    ExcelImport.objects.filter(pk=pending.pk).update(status=ExcelImport.Status.QUEUED, submit=True)
    assert import_run(import_id=pending.pk) == ExcelImport.Status.PENDING
    back = ExcelImport.objects.get(pk=pending.pk)
    assert back.status == ExcelImport.Status.PENDING
    assert GAP in back.problems[0] and back.problems[-1] == "本次导入未保存任何数据"
    assert started("维西县", july) == 940


# --- the page, the API and the workbook agree -------------------------------------------


def api(people: People, who: str) -> Client:
    token = token_create(user=people[who], name="tests")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_page_api_and_workbook_refuse_the_same_report_and_accept_it_explained(
    projects: None, july: Period, people: People
) -> None:
    report = report_for(unit=unit("维西县"), period=july)
    report_set_values(
        report=report, values={"pg_started": "950"}, user=people["weixi"], channel="form"
    )
    version = Report.objects.get(pk=report.pk).version
    page = Client()
    page.force_login(people["weixi"])
    url = f"/r/{unit('维西县').code}/2017-07/"
    posted = {"fig_pg_started": "950", "version": str(version), "action": "submit", "note": ""}
    refused_page = page.post(url, posted).content.decode()
    assert GAP in refused_page
    submit_url = f"/api/reports/{unit('维西县').code}/2017-07/submit"
    refused_api = api(people, "weixi").post(submit_url, "{}", content_type="application/json")
    assert refused_api.status_code in (400, 409, 422)
    assert GAP in json.dumps(refused_api.json(), ensure_ascii=False)
    outcome = imported_submit(reports=[report], user=people["weixi"], scope=unit("维西县"))
    assert outcome.refused[0][1][0] == GAP
    assert status("维西县", july) == Report.Status.DRAFT

    accepted = api(people, "weixi").post(
        submit_url, json.dumps({"note": EXPLAINED}), content_type="application/json"
    )
    assert accepted.status_code == 200, accepted.json()
    assert status("维西县", july) == Report.Status.SUBMITTED


# --- the figures file -------------------------------------------------------------------------

FIGURES = """\
anju: figures/1
programme: diqing-2017
period: 2017-07
status: submitted
reports:
  '533423':
    pg_started: '950'
"""


def test_a_figures_file_submitting_a_gap_needs_the_units_note(
    projects: None, july: Period, tmp_path: Path
) -> None:
    path = tmp_path / "figures-2017-07.yaml"
    path.write_text(FIGURES, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        figures_import_file(path=path)
    (problem,) = refused.value.problems
    assert problem.startswith(f"{path}:7: reports.533423.pg_started: {GAP}")
    assert "请在 notes: 下写明维西县的差异原因" in problem
    assert started("维西县", july) == 940 and status("维西县", july) == Report.Status.DRAFT

    path.write_text(f"{FIGURES}notes:\n  '533423': {EXPLAINED}\n", encoding="utf-8")
    figures_import_file(path=path)
    report = Report.objects.get(unit__name="维西县", period=july)
    assert (report.status, report.note) == (Report.Status.SUBMITTED, EXPLAINED)
    assert started("维西县", july) == 950


def test_a_figures_file_of_drafts_may_carry_a_gap(
    projects: None, july: Period, tmp_path: Path
) -> None:
    path = tmp_path / "figures-2017-07.yaml"
    path.write_text(FIGURES.replace("status: submitted", "status: draft"), encoding="utf-8")
    figures_import_file(path=path)
    assert started("维西县", july) == 950 and status("维西县", july) == Report.Status.DRAFT


def test_a_note_for_a_unit_the_file_does_not_report_is_refused(
    projects: None, july: Period, tmp_path: Path
) -> None:
    path = tmp_path / "figures-2017-07.yaml"
    path.write_text(f"{FIGURES}notes:\n  '533422': 说明\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        figures_import_file(path=path)
    assert refused.value.problems == [
        f"{path}:9: notes.533422: 单位“533422”不在本文件的 reports 中，其填报说明无处存放"
    ]
    assert started("维西县", july) == 940
