"""The Excel pages: download the template, upload it filled in, preview and confirm."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.programmes.models import Programme, Unit
from anju.reporting.excel import MAX_UPLOAD_BYTES, SHEET
from anju.reporting.models import ExcelImport, Period, Report, ReportValue, ValueChange
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def july(db: None) -> Period:
    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


def urls(unit: str = "533400", period: str = "2017-07") -> tuple[str, str]:
    return (
        reverse("web:excel_template", args=[unit, period]),
        reverse("web:excel_upload", args=[unit, period]),
    )


def download(client: Client, user: Any, unit: str = "533400", period: str = "2017-07") -> bytes:
    client.force_login(user)
    response = client.get(urls(unit, period)[0])
    assert response.status_code == 200
    return response.getvalue()


def fill(data: bytes, figures: Mapping[tuple[str, str], object]) -> bytes:
    """Type figures into the template's input cells: (unit code, figure name) → value."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET]
    rows = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    columns = {str(sheet.cell(2, c).value): c for c in range(1, sheet.max_column + 1)}
    for (unit, name), value in figures.items():
        column = next(c for header, c in columns.items() if header.startswith(f"{name}（"))
        sheet.cell(rows[unit], column).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(
    client: Client, data: bytes, name: str = "迪庆州-2017-07.xlsx", unit: str = "533400"
) -> Any:
    return client.post(urls(unit)[1], {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def stored(unit: str) -> dict[str, Decimal]:
    return dict(
        ReportValue.objects.filter(report__unit__code=unit, report__period__month=7).values_list(
            "element__code", "value"
        )
    )


def page(response: Any) -> str:
    return str(response.content.decode())


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


JULY = {
    ("533401", "棚户区改造开工数"): 1300,
    ("533401", "公租房累计分配入住套数"): 2300,
    ("533422", "货币化安置征收面积"): 17136.75,
    ("533400-KFQ", "完成投资"): 712.62,
    ("533400-KFQ", "已基本建成套数"): 180,
}


def test_the_round_trip_stores_the_figures_exactly(
    client: Client, people: Any, july: Period
) -> None:
    template = download(client, people["office"])
    response = post(client, fill(template, JULY))
    assert response.status_code == 302
    excel_import = ExcelImport.objects.get()
    assert response["Location"] == reverse("web:excel_confirm", args=[excel_import.pk])

    preview = page(client.get(response["Location"]))
    for text in ("确认导入", "放弃", "香格里拉市", "货币化安置征收面积", "17,136.75", "712.62"):
        assert text in preview
    assert not ReportValue.objects.filter(report__period=july).exists()  # not before confirming

    response = client.post(response["Location"], {"action": "apply"}, follow=True)
    assert response.redirect_chain[-1][0] == urls()[1]
    assert "已导入 3 个单位的 5 项数据" in page(response)
    assert stored("533401") == {"pg_started": Decimal(1300), "gzf_occupied": Decimal(2300)}
    assert stored("533422") == {"hbh_area": Decimal("17136.75")}
    assert stored("533400-KFQ") == {"invest": Decimal("712.62"), "jb_done": Decimal(180)}
    assert set(
        ValueChange.objects.filter(report__period=july).values_list("channel", "comment")
    ) == {("excel", "Excel导入：迪庆州-2017-07.xlsx")}

    # Downloaded again, the template holds exactly what was stored: nothing to import.
    again = post(client, download(client, people["office"]))
    assert again.status_code == 200
    assert "没有需要导入的改动" in page(again)
    assert ExcelImport.objects.count() == 1


def test_the_template_download_is_an_attachment_with_a_chinese_name(
    client: Client, people: Any, july: Period
) -> None:
    client.force_login(people["office"])
    response = client.get(urls(period="2017-06")[0])
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "%E8%BF%AA%E5%BA%86%E5%B7%9E-2017-06-%E5%A1%AB%E6%8A%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    assert load_workbook(io.BytesIO(response.getvalue())).sheetnames == [SHEET, "anju"]
    # It holds the units' current figures: no cache along the way may keep it.
    assert response["Cache-Control"] == "private, no-store"


def test_a_reporter_imports_their_own_row_and_lands_on_their_report(
    client: Client, people: Any, july: Period
) -> None:
    template = download(client, people["deqin"])
    sheet = load_workbook(io.BytesIO(template))[SHEET]
    assert [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)] == ["德钦县"]
    response = post(client, fill(template, {("533422", "棚户区改造开工数"): 160}))
    response = client.post(response["Location"], {"action": "apply"})
    assert response["Location"] == reverse("web:report", args=["533422", "2017-07"])
    assert stored("533422") == {"pg_started": Decimal(160)}


def test_a_row_for_a_unit_the_reporter_may_not_write_is_refused(
    client: Client, people: Any, july: Period
) -> None:
    workbook = load_workbook(io.BytesIO(download(client, people["deqin"])))
    sheet = workbook[SHEET]
    sheet["A3"], sheet["B3"], sheet["C3"] = "533401", "香格里拉市", 1300
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post(client, buffer.getvalue())
    assert response.status_code == 422  # refused, nothing stored
    assert "填报!A3 您没有填报香格里拉市（533401）的权限，请删去这一行" in page(response)
    assert not ExcelImport.objects.exists()


def test_one_bad_cell_stores_nothing_and_is_named(
    client: Client, people: Any, july: Period
) -> None:
    figures = {**JULY, ("533422", "棚户区改造开工数"): "12a"}
    response = post(client, fill(download(client, people["office"]), figures))
    assert response.status_code == 422  # refused, nothing stored
    text = page(response)
    assert "文件有 1 处问题，没有保存任何数据" in text
    assert "填报!C4 棚户区改造开工数：“12a”不是数字，请填写不小于0的整数（套）" in text
    assert not ExcelImport.objects.exists()
    assert not ReportValue.objects.filter(report__period=july).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "文件不是 Excel 工作簿（.xlsx）"),
        ("德钦县,153\n".encode(), "文件不是 Excel 工作簿（.xlsx）"),
        (b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES, "文件超过 2 MB 的上限"),
    ],
)
def test_a_file_that_cannot_be_a_template_is_refused(
    client: Client, people: Any, july: Period, data: bytes, message: str
) -> None:
    client.force_login(people["office"])
    response = post(client, data, name="通报.pdf")
    assert response.status_code == 422  # refused, nothing stored
    assert message in page(response)
    assert not ExcelImport.objects.exists()


def test_no_file_is_asked_for(client: Client, people: Any, july: Period) -> None:
    client.force_login(people["office"])
    response = client.post(urls()[1], {})
    assert "请选择要上传的 Excel 文件" in page(response)


def test_another_months_template_is_refused(client: Client, people: Any, july: Period) -> None:
    june = download(client, people["office"], period="2017-06")
    response = post(client, june)
    assert "这不是本月的填报模板：文件是 2017-06 的模板" in page(response)
    assert not ExcelImport.objects.exists()


def test_a_report_changed_after_the_preview_is_refused_on_confirm(
    client: Client, people: Any, july: Period
) -> None:
    response = post(client, fill(download(client, people["office"]), JULY))
    confirm = response["Location"]
    report = report_for(unit=Unit.objects.get(code="533422"), period=july)
    report_set_values(report=report, values={"pg_started": "155"}, channel="form")
    assert "德钦县的报表在上传后已被修改" in page(client.get(confirm))
    before = ValueChange.objects.count()
    response = client.post(confirm, {"action": "apply"})
    assert response.status_code == 409
    assert "本次导入未保存任何数据" in page(response)
    assert ValueChange.objects.count() == before
    assert stored("533401") == {}
    assert ExcelImport.objects.get().status == ExcelImport.Status.PENDING


def test_a_second_confirmation_is_refused(client: Client, people: Any, july: Period) -> None:
    confirm = post(client, fill(download(client, people["office"]), JULY))["Location"]
    client.post(confirm, {"action": "apply"})
    response = client.post(confirm, {"action": "apply"})
    assert response.status_code == 409
    assert "这次导入已导入，不能再确认" in page(response)
    assert ValueChange.objects.filter(report__period=july).count() == 5


def test_discarding_stores_nothing(client: Client, people: Any, july: Period) -> None:
    confirm = post(client, fill(download(client, people["office"]), JULY))["Location"]
    response = client.post(confirm, {"action": "discard"}, follow=True)
    assert "已放弃这次导入" in page(response)
    assert ExcelImport.objects.get().status == ExcelImport.Status.DISCARDED
    assert not ReportValue.objects.filter(report__period=july).exists()


def test_only_the_uploader_sees_the_preview(client: Client, people: Any, july: Period) -> None:
    confirm = post(client, fill(download(client, people["office"]), JULY))["Location"]
    client.force_login(people["shangrila"])
    assert client.get(confirm).status_code == 403
    assert client.post(confirm, {"action": "apply"}).status_code == 403
    assert not ReportValue.objects.filter(report__period=july).exists()


def test_the_upload_form_links_the_template(client: Client, people: Any, july: Period) -> None:
    client.force_login(people["deqin"])
    text = page(client.get(urls()[1]))
    assert f'href="{urls()[0]}"' in text
    assert 'enctype="multipart/form-data"' in text and "csrfmiddlewaretoken" in text


@pytest.mark.parametrize("who", ["leader", "inspector"])
def test_people_who_write_no_unit_get_403(
    client: Client, people: Any, july: Period, who: str
) -> None:
    client.force_login(people[who])
    template, upload = urls()
    assert client.get(template).status_code == 403
    assert client.get(upload).status_code == 403


def test_a_reporter_outside_the_scope_gets_403(client: Client, people: Any, july: Period) -> None:
    client.force_login(people["deqin"])
    assert client.get(urls("533401")[0]).status_code == 403


def test_unknown_units_and_months_are_404(client: Client, people: Any, july: Period) -> None:
    client.force_login(people["office"])
    assert client.get(urls("999999")[0]).status_code == 404
    assert client.get(urls(period="2017-09")[1]).status_code == 404
    assert client.get(reverse("web:excel_confirm", args=[999999])).status_code == 404


def test_login_is_required(client: Client, july: Period) -> None:
    response = client.get(urls()[0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# An import ends with the choice to 报送 what it stored, through the entry form's own workflow
# step: a report that step refuses stays a draft and says why.


def june_figures(unit: str, **changed: object) -> dict[tuple[str, str], object]:
    """The unit's June figures by name, as July's, with ``changed`` (by name) on top."""
    rows = ReportValue.objects.filter(report__unit__code=unit, report__period__month=6)
    figures: dict[tuple[str, str], object] = {
        (unit, name): str(value) for name, value in rows.values_list("element__name", "value")
    }
    figures.update({(unit, name): value for name, value in changed.items()})
    return figures


def test_import_and_submit_in_one_step(client: Client, people: Any, july: Period) -> None:
    template = download(client, people["office"])
    figures = {
        **june_figures("533401"),
        # 260 of 250 started: a warning that needs a note before 德钦县 can be submitted.
        **june_figures("533422", **{"棚户区改造开工数": 260}),
    }
    response = post(client, fill(template, figures))
    preview = page(client.get(response["Location"]))
    assert "确认导入并报送" in preview and "只导入，暂不报送" in preview

    done = page(client.post(response["Location"], {"action": "apply_submit"}, follow=True))
    assert "已报送 1 个单位，等待审核：香格里拉市" in done
    assert "德钦县未能报送，已保存为草稿：棚户区改造开工数：260套超过" in done
    statuses = dict(Report.objects.filter(period=july).values_list("unit__code", "status"))
    assert statuses == {"533401": Report.Status.SUBMITTED, "533422": Report.Status.DRAFT}
    submitted = Report.objects.get(period=july, unit__code="533401")
    event = submitted.events.get()
    assert (event.action, event.user) == ("submit", people["office"])
    assert ExcelImport.objects.get().status == ExcelImport.Status.APPLIED


def test_import_only_leaves_drafts(client: Client, people: Any, july: Period) -> None:
    response = post(client, fill(download(client, people["office"]), june_figures("533401")))
    client.post(response["Location"], {"action": "apply"})
    assert Report.objects.get(period=july, unit__code="533401").status == Report.Status.DRAFT


@pytest.mark.parametrize("login", ["office", "deqin", "benji", "leader", "inspector"])
def test_the_navigation_offers_the_excel_import_where_the_upload_page_admits(
    client: Client, people: Any, july: Period, login: str
) -> None:
    """The link and the page ask the same rule: whoever sees 「Excel导入」 may open it, and
    whoever may not write any unit in the scope is neither shown it nor let in."""
    client.force_login(people[login])
    dashboard = client.get(reverse("web:dashboard", args=["533400", "2017-07"]))
    assert dashboard.status_code == 200
    offered = f'href="{urls()[1]}"' in dashboard.content.decode()
    assert offered == (login in {"office", "deqin", "benji"})
    assert client.get(urls()[1]).status_code == (200 if offered else 403)


def with_note(data: bytes, unit: str, note: str) -> bytes:
    """The workbook with ``unit``'s 填报说明 typed in, its figures left as they are."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == unit)
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(2, c).value == "填报说明")
    sheet.cell(row, column).value = note
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_file_that_changes_only_a_note_previews_and_stores_it(
    client: Client, people: Any, july: Period
) -> None:
    """A 填报说明 typed into the template is stored like a figure would be: shown before
    confirming, saved on confirmation; not dropped because no figure changed."""
    client.force_login(people["shangrila"])
    post(
        client, fill(download(client, people["shangrila"]), {("533401", "棚户区改造开工数"): 1300})
    )
    client.post(
        reverse("web:excel_confirm", args=[ExcelImport.objects.get().pk]), {"action": "apply"}
    )
    report = Report.objects.get(unit__code="533401", period=july)
    assert report.note == ""

    noted = with_note(download(client, people["shangrila"]), "533401", "开工数含两个续建项目")
    response = post(client, noted)
    assert response.status_code == 302
    preview = text_of(page(client.get(response["Location"])))
    assert (
        "将更新 1 个单位的填报说明： 单位 原填报说明 新填报说明 香格里拉市 — 开工数含两个续建项目"
        in preview
    )
    assert "将修改" not in preview  # no figure changes to list
    report.refresh_from_db()
    assert report.note == ""  # not before confirming

    done = client.post(response["Location"], {"action": "apply"}, follow=True)
    report.refresh_from_db()
    assert report.note == "开工数含两个续建项目"
    assert "已更新 1 个单位的填报说明" in page(done)
    assert stored("533401") == {"pg_started": Decimal(1300)}  # the figures as they were


def test_a_note_on_an_approved_report_is_refused_like_a_figure(client: Client, people: Any) -> None:
    client.force_login(people["shangrila"])
    june = download(client, people["shangrila"], period="2017-06")
    response = client.post(
        urls(period="2017-06")[1],
        {
            "file": SimpleUploadedFile(
                "june.xlsx", with_note(june, "533401", "补充说明"), content_type=XLSX
            )
        },
    )
    assert response.status_code == 422
    assert "香格里拉市的报表已审核，不能修改；如需更正请联系管理员" in page(response)
    assert not ExcelImport.objects.exists()
