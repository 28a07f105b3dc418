"""One figure grammar on every channel: the form and API service, Excel cells, figures files."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.demo.loader import demo_file
from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Programme, Unit
from anju.reporting.checks import parse_figure
from anju.reporting.excel import SHEET, check_workbook, template_workbook
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period, Report, ReportValue, ValueChange
from anju.reporting.services import period_open, report_set_values

pytestmark = pytest.mark.django_db

INVEST = "完成投资：“%s”"
EXPECTED = "请填写不小于0、最多2位小数的数（万元）"


@pytest.fixture
def invest(db: None) -> DataElement:
    return DataElement.objects.get(programme__code="diqing-2017", code="invest")


@pytest.fixture
def july(db: None) -> Period:
    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


def refusal(element: DataElement, raw: object) -> str:
    with pytest.raises(ValueError) as caught:
        parse_figure(element, raw)
    return str(caught.value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12,345.50", Decimal("12345.5")),
        ("１２，３４５．５", Decimal("12345.5")),
        (712, Decimal(712)),
        (Decimal("712.620"), Decimal("712.62")),
        ("  ", None),
        (None, None),
    ],
)
def test_figures_as_entered(invest: DataElement, raw: object, value: Decimal | None) -> None:
    assert parse_figure(invest, raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1300,5", "完成投资：“1300,5”的分隔符不对：小数点用“.”，千位分隔符“,”须每三位一组，"),
        ("1,2,3,4", "完成投资：“1,2,3,4”的分隔符不对"),
        ("1_000", "完成投资：“1_000”的分隔符不对"),
        ("５e３", "完成投资：“５e３”是科学计数法，请直接写出数字，填写不小于0"),
        ("٣٤٥", "完成投资：“٣٤٥”含有无法识别的数字，请用0-9填写"),
        ("1e-999999999", f"{INVEST % '1e-999999999'}小数位过多，{EXPECTED}"),
        (Decimal("1E-999999999"), f"{INVEST % '1E-999999999'}小数位过多，{EXPECTED}"),
        (Decimal("1E+3"), "完成投资：“1E+3”是科学计数法"),  # a JSON 1e3
        (Decimal("NaN"), f"{INVEST % 'NaN'}不是数字，{EXPECTED}"),
        (10**15, f"{INVEST % '100000000000…'}超出合理范围"),
        (-3, f"完成投资：不能为负数，{EXPECTED}"),
        (1.5, f"{INVEST % '1.5'}不能作为精确数值录入"),
        ("x" * 10_000, f"{INVEST % ('x' * 12 + '…')}太长，{EXPECTED}"),
    ],
)
def test_what_every_channel_refuses(invest: DataElement, raw: object, message: str) -> None:
    assert refusal(invest, raw).startswith(message)


def test_an_absurd_figure_is_refused_before_a_rule_can_quote_it(people: Any, july: Period) -> None:
    report, _ = Report.objects.get_or_create(period=july, unit=Unit.objects.get(code="533422"))
    with pytest.raises(InvalidInput) as caught:
        report_set_values(
            report=report,
            values={"invest": Decimal("1e-999999999")},
            user=people["deqin"],
            channel=ValueChange.Channel.API,
        )
    assert caught.value.problems == [f"{INVEST % '1E-999999999'}小数位过多，{EXPECTED}"]
    assert not report.values.exists()


def test_an_excel_cell_follows_the_same_grammar(people: Any, july: Period) -> None:
    scope = Unit.objects.get(code="533400")
    workbook = load_workbook(
        io.BytesIO(template_workbook(user=people["office"], scope=scope, period=july))
    )
    sheet = workbook[SHEET]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "533422")
    headers = {str(sheet.cell(2, c).value).split("（")[0]: c for c in range(1, sheet.max_column)}
    sheet.cell(row, headers["完成投资"]).value = "1300,5"
    sheet.cell(row, headers["棚户区改造开工数"]).value = 1e20
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check_workbook(
        user=people["office"], scope=scope, period=july, data=buffer.getvalue(), filename="x.xlsx"
    )
    reasons = sorted(problem.reason for problem in result.problems)
    assert reasons == [
        "“1300,5”的分隔符不对：小数点用“.”，千位分隔符“,”须每三位一组，"
        "请填写不小于0、最多2位小数的数（万元）",
        "“1e+20”超出合理范围",
    ]


JUNE = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # Quoted as written: the file's text reaches the checks, not a number YAML made of it.
        ("1.0e-999999999", f"{INVEST % '1.0e-9999999…'}小数位过多，{EXPECTED}"),
        (
            "1.26e+3",
            f"{INVEST % '1.26e+3'}是科学计数法，请直接写出数字，填写"
            + EXPECTED.removeprefix("请填写"),
        ),
    ],
)
def test_a_figures_file_follows_the_same_grammar(
    tmp_path: Path, written: str, message: str
) -> None:
    path = tmp_path / "figures.yaml"
    text = JUNE.replace("invest: 1260", f"invest: {written}")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if written in row)
    before = sorted(ReportValue.objects.values_list("report_id", "element_id", "value"))
    with pytest.raises(InvalidInput) as caught:
        figures_import_file(path=path)
    [problem] = caught.value.problems
    assert problem == f"{path}:{line}: reports.533422.invest: {message}"
    assert sorted(ReportValue.objects.values_list("report_id", "element_id", "value")) == before


def test_the_refusal_in_english(invest: DataElement) -> None:
    with translation.override("en"):
        assert refusal(invest, "1300,5") == (
            "完成投资: “1300,5” has misplaced separators: use “.” for the decimal point and “,” "
            "only between groups of three digits; enter a number, 0 or more, with at most 2 "
            "decimals (万元)"
        )
