"""The demo bulletin as an Excel workbook, read back the way a spreadsheet program reads it."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.bulletins.document import BulletinDocument, Paragraph
from anju.bulletins.render.xlsx import number_format, render_xlsx
from anju.engine import Cell, ColumnSpec, HeaderCell

pytestmark = pytest.mark.django_db

PERCENT = "0.00%"


def workbook(document: BulletinDocument) -> Any:
    return load_workbook(io.BytesIO(render_xlsx(document)))


def row_of(sheet: Any, label: str) -> list[Any]:
    """The cells of the row whose unit column reads ``label``."""
    for row in sheet.iter_rows():
        if any(cell.value == label for cell in row):
            return list(row)
    raise AssertionError(f"no row {label!r} in {sheet.title}")


def values(cells: list[Any]) -> list[Any]:
    return [cell.value for cell in cells]


def test_one_sheet_per_attachment_after_the_letter(demo_document: BulletinDocument) -> None:
    book = workbook(demo_document)
    assert book.sheetnames == ["说明", "附件1", "附件2", "附件3"]
    assert book.properties.title == demo_document.title_text
    assert book.properties.creator == "迪庆州保障性安居工程协调领导小组办公室"


def test_letter_sheet_holds_the_text(demo_document: BulletinDocument) -> None:
    lines = [row[0].value for row in workbook(demo_document)["说明"].iter_rows()]
    assert demo_document.title in lines
    assert "发文字号：迪庆安居办〔2017〕12号" in lines
    assert "成文日期：2017年7月5日" in lines
    assert any("开工2294套，开工率为61.58%" in line for line in lines)
    assert "附件：1. 2017年各县市区城镇棚户区开工率排序表" in lines


def test_the_letter_sheet_reads_as_the_letter(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["说明"]
    rows = {cell.value: cell.row for cell in sheet["A"] if cell.value}
    # The title's three lines all show: its row is three 16 pt lines tall.
    title = sheet.cell(row=rows[demo_document.title], column=1)
    assert (title.font.sz, title.alignment.wrap_text) == (16, True)
    assert sheet.row_dimensions[title.row].height >= 3 * 16
    # The chart stands above its caption, its row as tall as the picture.
    caption = next(row for text, row in rows.items() if text.startswith("图："))
    (chart,) = sheet._images
    assert chart.anchor._from.row + 1 == caption - 1
    emu_per_mm = 36000
    extent = chart.anchor.ext
    assert (round(extent.width / emu_per_mm), round(extent.height / emu_per_mm)) == (150, 80)
    assert sheet.row_dimensions[caption - 1].height >= 80 * 72 / 25.4
    # The office heads the page and the page number stands at its foot, so the two never meet.
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.oddHeader.left.text == demo_document.printer
    assert not sheet.oddFooter.left.text and not sheet.oddFooter.right.text


def test_the_letter_sheet_prints_at_full_size_within_a4(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["说明"]
    setup, margins = sheet.page_setup, sheet.page_margins
    assert (setup.orientation, int(setup.paperSize)) == ("portrait", 9)  # 9: A4
    # Not scaled to fit, which Calc does not honour: the column itself fits the paper, at 2.5 mm
    # a unit (a wide fallback face's digits) as at Excel's 1.9 mm.
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    printable_mm = 210 - (margins.left + margins.right) * 25.4
    assert sheet.column_dimensions["A"].width * 2.5 <= printable_mm
    assert sheet.column_dimensions["A"].width * 1.9 >= 125
    assert all(cell.alignment.wrap_text for cell in sheet["A"] if cell.value)


def test_attachment_1_figures_are_numbers_formatted_as_printed(
    demo_document: BulletinDocument,
) -> None:
    sheet = workbook(demo_document)["附件1"]
    shangri_la = row_of(sheet, "香格里拉市")
    assert values(shangri_la) == ["香格里拉市", 2000, 1241, pytest.approx(0.6205), 1]
    assert [type(v) for v in values(shangri_la)[1:3]] == [int, int]
    # The rate is the fraction it is, shown as the bulletin prints it: 62.05%.
    assert Decimal(str(shangri_la[3].value)) == Decimal("0.6205")
    assert shangri_la[3].number_format == PERCENT
    deqin_rate = row_of(sheet, "德钦县")[3]
    # 0.612 under 0.00% reads "61.20%", as the bulletin prints it.
    assert (deqin_rate.value, deqin_rate.number_format) == (pytest.approx(0.612), PERCENT)
    total = row_of(sheet, "合  计")
    assert values(total) == ["合  计", 3725, 2294, pytest.approx(0.6158), None]
    assert all(cell.font.b for cell in total)


def test_attachment_2_leaves_missing_figures_empty(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["附件2"]
    zone = row_of(sheet, "开发区")
    assert values(zone) == ["开发区", None, 172, None, None, pytest.approx(712.62)]
    assert zone[5].data_type == "n"
    # A trimmed column shows 10135 and 712.62 alike; only "General" does that in Excel.
    assert zone[5].number_format == "General"
    total = row_of(sheet, "合  计")
    assert values(total) == ["合  计", 3725, 172, pytest.approx(4.6), None, pytest.approx(16267.62)]
    assert row_of(sheet, "注：开发区无下达任务，不参与排序。")[0].alignment.wrap_text


def test_attachment_3_ranks_and_change_texts(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["附件3"]
    first = values(row_of(sheet, "维西县"))
    assert first == [1, "维西县", 4026, 4030, "新增40套", 3552, pytest.approx(88.14), None]
    total = values(row_of(sheet, "合  计"))
    assert total == [None, "合  计", 14851, 14680, "净增19套", 9384, pytest.approx(63.92), None]
    assert row_of(sheet, "州本级")[4].value == "新增40套退出95套"
    # No change is the figure 0, a number like the others in its column.
    unchanged = row_of(sheet, "香格里拉市")[4]
    assert (unchanged.value, unchanged.data_type, unchanged.number_format) == (0, "n", "0")


def test_every_figure_is_stored_as_the_engines_number(demo_document: BulletinDocument) -> None:
    book = workbook(demo_document)
    for attachment in demo_document.attachments:
        sheet = book[f"附件{attachment.number}"]
        first = sheet[sheet.freeze_panes].row  # frozen just below the header
        table = attachment.table
        built = [*table.rows, *([table.total] if table.total else [])]
        for offset, row in enumerate(built):
            for column, cell in enumerate(row.cells, start=1):
                stored = sheet.cell(row=first + offset, column=column)
                if cell.kind in ("value", "rank"):
                    if cell.value is None:
                        assert stored.value is None
                    else:
                        assert stored.data_type == "n"
                        shown = cell.value.scaleb(-2) if cell.text.endswith("%") else cell.value
                        assert Decimal(str(stored.value)) == shown
                elif cell.kind == "change" and cell.text == "0":
                    assert (stored.value, stored.data_type) == (0, "n")
                else:
                    assert stored.value == (cell.text or None)


def test_title_and_headers_are_merged_and_styled(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["附件1"]
    assert sheet["A1"].value == "附件1"
    assert sheet["A1"].font.b
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A2:E2", "A3:E3", "A4:E4", "A5:A6", "B5:E5"} <= merged
    title = sheet["A2"]
    assert title.value == "2017年各县市区城镇棚户区开工率排序表"
    assert (title.font.b, title.font.sz, title.alignment.horizontal) == (True, 16, "center")
    assert (sheet["A3"].value, sheet["A3"].alignment.horizontal) == (
        "（1月1日——6月30日）",
        "center",
    )
    assert (sheet["A4"].value, sheet["A4"].alignment.horizontal) == ("单位：套/户", "right")
    group = sheet["B5"]
    assert group.value == "总    任    务"
    assert group.font.b and group.alignment.wrap_text and group.alignment.horizontal == "center"
    assert group.fill.fgColor.rgb.endswith("F2F2F2")
    assert sheet["C6"].border.left.style == "thin"
    assert row_of(sheet, "德钦县")[2].border.bottom.style == "thin"


def test_columns_fit_their_content(demo_document: BulletinDocument) -> None:
    sheet = workbook(demo_document)["附件3"]
    # 新增40套退出95套: six CJK characters count double, four digits single.
    assert sheet.column_dimensions["E"].width >= 16
    assert sheet.column_dimensions["B"].width >= 10  # 香格里拉市
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["B"].width


def test_print_setup(demo_document: BulletinDocument) -> None:
    book = workbook(demo_document)
    expected = {
        "附件1": ("portrait", "$5:$6", "A7"),
        "附件2": ("portrait", "$5:$5", "A6"),
        "附件3": ("landscape", "$3:$3", "A4"),
    }
    for name, (orientation, titles, freeze) in expected.items():
        sheet = book[name]
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == (orientation, 9)  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_options.horizontalCentered is True
        assert sheet.print_title_rows == titles
        assert sheet.freeze_panes == freeze


def test_a_document_without_number_or_footnotes(demo_document: BulletinDocument) -> None:
    first = demo_document.attachments[0]
    document = dataclasses.replace(demo_document, number="", attachments=(first,))
    book = workbook(document)
    assert book.sheetnames == ["说明", "附件1"]
    lines = [row[0].value for row in book["说明"].iter_rows()]
    assert not any(str(line).startswith("发文字号") for line in lines)


# What a spreadsheet would run if it were written as a formula, or show as an error value.
LIVE = ["=1+1", '=HYPERLINK("http://example.com/x","点击查看")', "+SUM(A1)", "@cmd", "#N/A"]


def test_text_that_looks_like_a_formula_stays_text(demo_document: BulletinDocument) -> None:
    attachment = demo_document.attachments[0]
    table = attachment.table
    first = table.rows[0]
    renamed = dataclasses.replace(first, cells=(Cell(LIVE[1], None, "label"), *first.cells[1:]))
    header = (HeaderCell("=A1"), *table.header_rows[0][1:])
    document = dataclasses.replace(
        demo_document,
        title="=1+1",
        body=tuple(Paragraph(text) for text in LIVE),
        attachments=(
            dataclasses.replace(
                attachment,
                title_lines=("=cmd|' /C calc'!A0",),
                table=dataclasses.replace(
                    table,
                    rows=(renamed, *table.rows[1:]),
                    header_rows=(header, *table.header_rows[1:]),
                ),
            ),
        ),
    )
    book = workbook(document)
    cover = [row[0] for row in book["说明"].iter_rows()]
    shown = [(cell.value, cell.data_type) for cell in cover if cell.value in [*LIVE]]
    assert shown == [(text, "s") for text in ["=1+1", *LIVE]]  # the title, then each paragraph
    sheet = book["附件1"]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells["=cmd|' /C calc'!A0"] == "s"
    assert cells["=A1"] == "s"
    assert cells[LIVE[1]] == "s"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (ColumnSpec("r", "开工率", "value", source="x", places=2, suffix="%"), "62.05", PERCENT),
        (ColumnSpec("r", "比例", "value", source="x", places=1, suffix="%"), "61.2", "0.0%"),
        (ColumnSpec("n", "开工数", "value", source="x", places=0), "1241", "0"),
        (ColumnSpec("n", "开工数", "value", source="x"), "1241", "0"),
        (ColumnSpec("n", "面积", "value", source="x"), "17136.50", "0.00"),
        (ColumnSpec("i", "投资", "value", source="x", places=2, trim=True), "712.62", "General"),
        (
            ColumnSpec("i", "比例", "value", source="x", places=2, trim=True, suffix="%"),
            "4.60",
            "0.0%",
        ),
    ],
)
def test_number_formats_follow_the_column(column: ColumnSpec, value: str, expected: str) -> None:
    assert number_format(column, Decimal(value)) == expected
