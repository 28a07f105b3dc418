"""The bulletin page: preview, edit the prose, issue, download; then it cannot change."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from anju.bulletins.models import Bulletin
from anju.reporting.models import Report

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-06/bulletin/"


def test_preview_edit_issue_and_download(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    page = client.get(PAGE).content.decode()
    assert "全州城镇保障性安居工程开工2294套，开工率为61.58%" in page
    assert 'name="text_rental"' in page

    client.post(
        PAGE, {"action": "save", "text_rental": "请各地加快分配，已入住{total.gzf_occupied}套。"}
    )
    assert "请各地加快分配，已入住9384套。" in client.get(PAGE).content.decode()

    client.post(PAGE, {"action": "issue", "number": "12", "date": "2017-07-05"})
    issued = Bulletin.objects.get(scope__code="533400", period__month=6)
    assert issued.status == Bulletin.Status.ISSUED
    page = client.get(PAGE).content.decode()
    assert "已于 2017-07-05 印发（第12号）" in page
    assert 'name="text_rental"' not in page  # no longer editable

    download = client.get(PAGE + "file.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.getvalue().startswith(b"%PDF")
    assert "filename*=utf-8''" in download["Content-Disposition"]
    listing = client.get("/u/533400/bulletins/").content.decode()
    assert "迪庆安居办〔2017〕12号" in listing
    assert "<td>州安居办管理员</td>" in listing  # who issued it, by name


def test_a_misspelt_placeholder_is_reported_and_nothing_changes(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    response = client.post(
        PAGE, {"action": "save", "text_rental": "已入住{total.gzf_ocupied}套"}, follow=True
    )
    assert "占位符“{total.gzf_ocupied}”不存在" in response.content.decode()
    assert "已入住9384套" not in response.content.decode()


def test_a_bad_issue_number_is_refused(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    response = client.post(
        PAGE, {"action": "issue", "number": "x", "date": "2017-07-05"}, follow=True
    )
    assert "文号应为1到1000000之间的整数" in response.content.decode()
    assert not Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exists()


def _issue_june_and_correct_deqin(client: Client, people: dict[str, Any]) -> None:
    """June issued (开工 2294), then 德钦县 unlocked, 153 → 163, submitted and approved."""
    from anju.reporting.models import Report
    from anju.reporting.services import report_set_values
    from anju.reporting.workflow import report_approve, report_submit, report_unlock

    client.force_login(people["office"])
    client.post(PAGE, {"action": "issue", "number": "12", "date": "2017-07-05"})
    report = Report.objects.get(period__month=6, unit__code="533422")
    report = report_unlock(report=report, user=people["office"], reason="开工数少报10套")
    report = report_set_values(
        report=report, values={"pg_started": "163"}, user=people["deqin"], channel="form"
    )
    report = report_submit(report=report, user=people["deqin"])
    report_approve(report=report, user=people["office"])


def test_an_issued_bulletin_says_what_changed_since_and_keeps_its_figures(
    client: Client, people: dict[str, Any]
) -> None:
    _issue_june_and_correct_deqin(client, people)
    page = client.get(PAGE).content.decode()
    assert "全州城镇保障性安居工程开工2294套，开工率为61.58%" in page
    assert "2304套" not in page
    assert "印发后数据有变化" in page
    assert "<td>德钦县</td><td>棚户区改造开工数</td>" in page
    assert '<td class="num">153</td><td class="num">163</td>' in page
    assert "开工数少报10套" in page  # the unlock's reason, from the audit trail
    listing = client.get("/u/533400/bulletins/").content.decode()
    assert "德钦县棚户区改造开工数 153 → 163" in listing


def test_a_correction_is_issued_and_archived_beside_the_original(
    client: Client, people: dict[str, Any]
) -> None:
    _issue_june_and_correct_deqin(client, people)
    response = client.post(
        PAGE,
        {"action": "correct", "number": "13", "date": "2017-07-20", "note": "德钦县开工数更正"},
        follow=True,
    )
    page = response.content.decode()
    assert "更正通报（迪庆安居办〔2017〕13号）已印发" in page
    assert "全州城镇保障性安居工程开工2294套" in page  # the original stays as issued
    assert "印发后数据有变化" not in page  # the correction stands for the figures now

    listing = client.get("/u/533400/bulletins/").content.decode()
    assert "迪庆安居办〔2017〕12号" in listing
    assert "<td>州安居办管理员</td>" in listing  # who issued it, by name
    assert "迪庆安居办〔2017〕13号" in listing
    assert "更正 迪庆安居办〔2017〕12号" in listing

    correction = Bulletin.objects.get(corrects__isnull=False)
    html = client.get(f"{PAGE}correction/{correction.pk}/file.html").getvalue().decode()
    assert "（更正）" in html
    assert "（迪庆安居办〔2017〕12号）" in html
    assert "德钦县棚户区改造开工数由153更正为163" in html
    assert "开工2304套" in html
    original = client.get(PAGE + "file.html").getvalue().decode()
    assert "开工2294套" in original


def test_a_correction_without_changes_is_refused(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    client.post(PAGE, {"action": "issue", "number": "12", "date": "2017-07-05"})
    response = client.post(
        PAGE, {"action": "correct", "number": "13", "date": "2017-07-20"}, follow=True
    )
    assert "通报印发后数据没有变化，无需印发更正通报" in response.content.decode()
    assert not Bulletin.objects.filter(corrects__isnull=False).exists()


def test_the_dashboard_notice_names_the_changed_figures(
    client: Client, people: dict[str, Any]
) -> None:
    from django.template import Context, Template

    from anju.programmes.models import Unit
    from anju.reporting.models import Period

    _issue_june_and_correct_deqin(client, people)
    html = Template("{% load anju_bulletins %}{% bulletin_changes scope period %}").render(
        Context(
            {
                "scope": Unit.objects.get(code="533400"),
                "period": Period.objects.get(programme__code="diqing-2017", month=6),
            }
        )
    )
    assert "2017年6月通报（迪庆安居办〔2017〕12号）印发后数据有变化" in html
    assert '<td class="num">153</td><td class="num">163</td>' in html


def test_the_editor_labels_each_block_in_chinese(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    page = client.get(PAGE).content.decode()
    labels = re.findall(r"<label>([^<]*)\s*<textarea name=\"text_", page)
    assert [label.strip() for label in labels][:6] == [
        "第1段",
        "第2段",
        "标题",
        "一、棚户区改造工作 · 第1段",
        "一、棚户区改造工作 · 图题",
        "一、棚户区改造工作 · 第2段",
    ]
    assert "opening" not in "".join(labels)
    # A refused text is named by the label the page shows, not by its code.
    response = client.post(
        PAGE, {"action": "save", "text_summary": "开工{total.pg_strted}套"}, follow=True
    )
    assert "第2段：" in response.content.decode()


def test_the_placeholder_picker_lists_each_placeholder_with_its_figure_now(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    page = client.get(PAGE).content.decode()
    picker = page.split('class="placeholder-picker"')[1].split("</details>")[0]
    choices = {
        token: (name, value)
        for token, name, value in re.findall(
            r'data-token="([^"]+)"><code>[^<]*</code> <span class="placeholder-name">([^<]*)'
            r'</span> <span class="placeholder-value">([^<]*)</span>',
            picker,
        )
    }
    assert choices["{total.pg_started}"] == ("棚户区改造开工数（迪庆州合计）", "2,294")
    assert choices["{total.pg_rate}"][1] == "61.58"  # at its places
    assert choices["{total.gzf_occupied}"][1] == "9,384"
    assert choices["{month}"] == ("月份", "6")
    listed = choices["{list.pg_started:{name}{value}}"]
    assert listed[1].startswith("香格里拉市1241，维西县900，德钦县153")
    assert choices["{inspections.found}"] == ("巡查发现问题数", "0")  # the demo has no rounds
    # An issued bulletin has no editor and no picker.
    client.post(PAGE, {"action": "issue", "number": "12", "date": "2017-07-05"})
    assert "placeholder-picker" not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("login", ["office", "leader"])
def test_a_draft_missing_units_says_so_above_its_figures(
    client: Client, people: dict[str, Any], login: str
) -> None:
    """Whoever reads or downloads a draft with a unit not yet reviewed is told, before the
    text, that its totals leave that unit out; not only the one issuing it, at the foot."""
    Report.objects.filter(period__month=6, unit__name="德钦县").update(
        status=Report.Status.SUBMITTED
    )
    client.force_login(people[login])
    page = client.get(PAGE).content.decode()
    notice = page.index("以下单位本月的报表尚未审核，通报中将没有它们的数据：德钦县。")
    assert "草稿中的合计和完成率不含这 1 个单位，会比实际偏低" in page
    assert notice < page.index('class="bulletin-preview"')


def test_a_reviewed_month_has_no_such_notice(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    assert "尚未审核" not in client.get(PAGE).content.decode()
