"""``anju import-bulletin``: a past bulletin's tables become a month's approved reports."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from audit_documents import FIXTURES

from anju.bulletins.models import BulletinAudit
from anju.cli import main
from anju.reporting.models import Report, ReportEvent, ReportValue, ValueChange

pytestmark = pytest.mark.django_db

SEED = FIXTURES / "diqing-2017-06-bulletin.txt"
# Figures the founding bulletin prints only in its text, not in its tables.
TEXT_ONLY = {"hbh_households", "hbh_area"}


def figures(month: int) -> dict[tuple[str, str], Decimal]:
    return {
        (v.report.unit.name, v.element.code): v.value
        for v in ReportValue.objects.filter(
            report__period__programme__code="diqing-2017", report__period__month=month
        ).select_related("report__unit", "element")
    }


def run(*args: str) -> int:
    return main(["import-bulletin", *args])


def test_the_seed_imported_into_may_gives_the_demos_june_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(str(SEED), "--programme", "diqing-2017", "--period", "2017-05") == 0
    june = {key: value for key, value in figures(6).items() if key[1] not in TEXT_ONLY}
    assert figures(5) == june
    assert len(june) == 31
    reports = Report.objects.filter(period__month=5, period__programme__code="diqing-2017")
    assert {r.status for r in reports} == {Report.Status.APPROVED}
    assert reports.count() == 5

    audit = BulletinAudit.objects.get()
    data = SEED.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert (bytes(audit.content), audit.sha256, audit.purpose, audit.errors) == (
        data,
        sha,
        BulletinAudit.Purpose.IMPORT,
        1,
    )
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{SEED.name}：已导入5个单位2017年5月的31个数，审核状态为已审核；"
        f"文件SHA-256 {sha}，核对记录第{audit.pk}号",
        "按原样保存并标注：附件3 第2行（德钦县） 分配入住比例（%）：印作95.13，应为95.14",
    ]


def test_every_imported_figure_names_its_document_and_flagged_rows_say_so() -> None:
    run(str(SEED), "--programme", "diqing-2017", "--period", "2017-05")
    audit = BulletinAudit.objects.get()
    changes = ValueChange.objects.filter(report__period__month=5).select_related(
        "report__unit", "element"
    )
    assert {c.channel for c in changes} == {ValueChange.Channel.BULLETIN}
    assert {c.source_id for c in changes} == {audit.pk}
    source = f"导入自通报“{SEED.name}”（SHA-256 {audit.sha256}）"
    deqin = changes.get(report__unit__name="德钦县", element__code="gzf_occupied")
    # 95.13 is printed where 2074 ÷ 2180 gives 95.14: the inputs are kept as printed, marked.
    assert (deqin.new_value, deqin.comment) == (
        Decimal("2074"),
        source + "；核对发现，按原样保存："
        "附件3 第2行（德钦县） 分配入住比例（%）：印作95.13，应为95.14",
    )
    assert changes.get(report__unit__name="维西县", element__code="gzf_occupied").comment == source
    event = ReportEvent.objects.filter(report__period__month=5, report__unit__name="维西县").get()
    assert (event.action, event.comment) == (ReportEvent.Action.APPROVE, source)


def test_a_cell_flagged_as_an_error_is_stored_as_printed_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 维西县's 开工数 printed 901: 901 ÷ 1475 is 61.08%, not the printed 61.02%, and the total
    # 2294 is no longer the sum of its rows. The row's figures are stored as printed (901,
    # never corrected to 900) and marked with what the audit found on the row.
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "typo.txt"
    path.write_text(text.replace("\t1475\n\t900\n", "\t1475\n\t901\n", 1), encoding="utf-8")
    assert run(str(path), "--programme", "diqing-2017", "--period", "2017-05") == 0
    assert figures(5)[("维西县", "pg_started")] == Decimal("901")
    out = capsys.readouterr().out.splitlines()
    assert "按原样保存并标注：附件1 第3行（维西县） 开工率：印作61.02%，应为61.08" in out[1:]
    change = ValueChange.objects.get(
        report__period__month=5, report__unit__name="维西县", element__code="pg_started"
    )
    assert "核对发现，按原样保存：" in change.comment
    assert "附件1 第3行（维西县） 开工率：印作61.02%，应为61.08" in change.comment


def test_names_that_match_no_unit_are_listed_and_nothing_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "renamed.txt"
    path.write_text(text.replace("维西县", "维西傈僳族自治县").replace("开发区", "经开区"))
    assert run(str(path), "--programme", "diqing-2017", "--period", "2017-05") == 2
    assert capsys.readouterr().err == (
        "anju: 以下单位在计划“diqing-2017”的单位中找不到：维西傈僳族自治县、经开区\n"
    )
    assert figures(5) == {}
    assert not BulletinAudit.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "nope", "--period", "2017-05"], "anju: 计划“nope”不存在\n"),
        (
            ["--programme", "diqing-2017", "--period", "2016-05"],
            "anju: 月份 2016-05 不在计划年度 2017\n",
        ),
        (
            ["--programme", "diqing-2017", "--period", "2017-06"],
            "anju: 2017年6月已有以下单位的数据，历史通报只导入到尚无数据的月份："
            "香格里拉市、德钦县、维西县、开发区、州本级\n",
        ),
    ],
)
def test_a_wrong_programme_or_a_month_with_figures_is_refused(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = figures(6)
    assert run(str(SEED), *args) == 2
    assert capsys.readouterr().err == message
    assert figures(6) == before
    assert not BulletinAudit.objects.exists()


def test_an_unreadable_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bulletin.docx"
    path.write_bytes(b"not a zip")
    assert run(str(path), "--programme", "diqing-2017", "--period", "2017-05") == 2
    assert capsys.readouterr().err == "anju: 无法读取“bulletin.docx”：无法读取文件（ValueError）\n"
