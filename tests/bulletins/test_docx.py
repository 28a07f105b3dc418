"""The Word bulletin, read back as a reader sees it: GB/T 9704-2012 page, fonts and tables."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.section import Section
from docx.shared import Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.font import Font
from docx.text.paragraph import Paragraph

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx import render_docx
from anju.bulletins.render.docx.page import reference_bytes
from anju.bulletins.render.docx.reference import reference_build

pytestmark = pytest.mark.django_db

RED = RGBColor(0xFF, 0x00, 0x00)
T = TypeVar("T")


def rendered(document: BulletinDocument) -> Document:
    return open_document(io.BytesIO(render_docx(document)))


def paragraph_with(doc: Document, text: str) -> Paragraph:
    return next(p for p in doc.paragraphs if text in p.text)


# Word takes a property from the run or paragraph itself, else from its style, else from the
# style that one is based on: what a reader sees, wherever the document sets it.


def styles(paragraph: Paragraph) -> list[ParagraphStyle]:
    chain: list[ParagraphStyle] = []
    style = paragraph.style
    while isinstance(style, ParagraphStyle):
        chain.append(style)
        style = style.base_style
    return chain


def run_property(paragraph: Paragraph, read: Callable[[Font, CT_RPr | None], T | None]) -> T:
    run = paragraph.runs[0]
    fonts = [(run.font, run._r.rPr)] + [(s.font, s.element.rPr) for s in styles(paragraph)]
    found = next((v for font, r_pr in fonts if (v := read(font, r_pr)) is not None), None)
    assert found is not None
    return found


def paragraph_property(paragraph: Paragraph, name: str) -> Any:
    formats = [paragraph.paragraph_format] + [s.paragraph_format for s in styles(paragraph)]
    return next((v for f in formats if (v := getattr(f, name)) is not None), None)


def east_asian_font(paragraph: Paragraph) -> str:
    def read(_: Font, r_pr: CT_RPr | None) -> str | None:
        fonts = None if r_pr is None else r_pr.rFonts
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    return run_property(paragraph, read)


def size_pt(paragraph: Paragraph) -> float:
    return float(run_property(paragraph, lambda font, _: font.size).pt)


def color(paragraph: Paragraph) -> RGBColor:
    return run_property(paragraph, lambda font, _: font.color.rgb)


def alignment(paragraph: Paragraph) -> WD_ALIGN_PARAGRAPH | None:
    found: WD_ALIGN_PARAGRAPH | None = paragraph_property(paragraph, "alignment")
    return found


def indent(paragraph: Paragraph, name: str) -> Length | None:
    found: Length | None = paragraph_property(paragraph, f"{name}_indent")
    return found


def mm(length: int | None) -> int:
    assert length is not None
    return round(length / 36000)


def data_rows(table: Table, header_count: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows[header_count:]]


def is_header_row(table: Table, index: int) -> bool:
    return table.rows[index]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def footer_xml(section: Section, even: bool = False) -> str:
    footer = section.even_page_footer if even else section.footer
    return str(footer._element.xml)


def rule_sizes(paragraphs: list[Paragraph]) -> list[int]:
    path = f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}"
    rules = [p._p.find(path) for p in paragraphs]
    return [int(rule.get(qn("w:sz"))) for rule in rules if rule is not None]


def nonempty_texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


# --- page -------------------------------------------------------------------------------------


def test_a4_portrait_with_the_standard_margins_and_grid(demo_document: BulletinDocument) -> None:
    section = rendered(demo_document).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(mm(m) for m in margins) == (37, 35, 28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None
    # 225 mm over 22 lines; no character grid, which LibreOffice would read otherwise than Word.
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:charSpace")) is None


# --- 版头 and 主体 -----------------------------------------------------------------------------


def test_issuer_mark_is_red_xiaobiaosong_over_the_number_and_a_red_rule(
    demo_document: BulletinDocument,
) -> None:
    doc = rendered(demo_document)
    mark = doc.paragraphs[0]
    assert mark.text == "迪庆州保障性安居工程协调领导小组办公室"
    assert alignment(mark) == WD_ALIGN_PARAGRAPH.CENTER
    assert color(mark) == RED
    assert east_asian_font(mark) == "方正小标宋简体"
    assert 22 <= size_pt(mark) <= 26
    number = paragraph_with(doc, "迪庆安居办〔2017〕12号")
    assert alignment(number) == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule is not None
    assert rule.get(qn("w:color")) == "FF0000"
    assert int(rule.get(qn("w:sz"))) >= 8  # eighths of a point


def test_title_is_2hao_xiaobiaosong_centred(demo_document: BulletinDocument) -> None:
    title = paragraph_with(rendered(demo_document), demo_document.title)
    assert title.text == demo_document.title
    assert alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title) == "方正小标宋简体"
    assert size_pt(title) == 22


def test_recipients_flush_left_with_a_full_width_colon(demo_document: BulletinDocument) -> None:
    recipients = paragraph_with(rendered(demo_document), "各县（市、区）人民政府、管委会")
    assert recipients.text == "各县（市、区）人民政府、管委会："
    assert not indent(recipients, "first_line")
    assert not indent(recipients, "left")


def test_body_is_3hao_fangsong_indented_two_characters(demo_document: BulletinDocument) -> None:
    body = paragraph_with(
        rendered(demo_document), "全州城镇保障性安居工程开工2294套，开工率为61.58%"
    )
    assert east_asian_font(body) == "仿宋_GB2312"
    assert size_pt(body) == 16
    assert indent(body, "first_line") == Pt(32)
    assert alignment(body) == WD_ALIGN_PARAGRAPH.JUSTIFY
    for phrase in ("完成投资16267.62万元", "德钦县153户", "17136平方米", "9384套"):
        assert phrase in body.text


def test_headings_and_the_chart(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    heading = paragraph_with(doc, "一、棚户区改造工作")
    assert east_asian_font(heading) == "黑体"
    assert indent(heading, "first_line") == Pt(32)
    assert len(doc.inline_shapes) == 1
    caption = paragraph_with(doc, "图：各县（市、区）棚户区改造开工率")
    assert alignment(caption) == WD_ALIGN_PARAGRAPH.CENTER


def test_attachment_notes_signature_and_date(demo_document: BulletinDocument) -> None:
    texts = [p.text for p in rendered(demo_document).paragraphs]
    first = next(i for i, text in enumerate(texts) if text.startswith("附件：1. "))
    assert texts[first] == "附件：1. 2017年各县市区城镇棚户区开工率排序表"
    assert texts[first + 1].startswith("2. 2017年各县市区城镇保障性安居工程")
    assert texts[first + 2] == "3. 2017年各县市区公共租赁住房分配入住情况表"
    after = [text for text in texts[first + 3 :] if text]
    assert after[:2] == ["迪庆州保障性安居工程协调领导小组办公室", "2017年7月5日"]


def test_date_stands_right_aligned(demo_document: BulletinDocument) -> None:
    date = paragraph_with(rendered(demo_document), "2017年7月5日")
    assert date.text == "2017年7月5日"
    assert alignment(date) == WD_ALIGN_PARAGRAPH.RIGHT
    assert indent(date, "right") is not None
    assert indent(date, "right") >= Pt(4 * 15)  # at least four characters in


# --- attachments ------------------------------------------------------------------------------


def test_each_attachment_opens_a_section_and_the_wide_one_is_landscape(
    demo_document: BulletinDocument,
) -> None:
    doc = rendered(demo_document)
    assert len(doc.sections) == 5  # the letter, three attachments, the 版记's page
    for section in doc.sections[1:4]:
        assert section.start_type == WD_SECTION.NEW_PAGE
    assert [s.orientation for s in doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    landscape = doc.sections[3]
    assert (mm(landscape.page_width), mm(landscape.page_height)) == (297, 210)
    assert len(doc.tables[2].columns) == 8
    labels = [p for p in doc.paragraphs if p.text in ("附件1", "附件2", "附件3")]
    assert [east_asian_font(p) for p in labels] == ["黑体"] * 3
    assert [size_pt(p) for p in labels] == [16] * 3


def test_attachment_1_cells(demo_document: BulletinDocument) -> None:
    table = rendered(demo_document).tables[0]
    assert data_rows(table, 2) == [
        ["香格里拉市", "2000", "1241", "62.05%", "1"],
        ["德钦县", "250", "153", "61.20%", "2"],
        ["维西县", "1475", "900", "61.02%", "3"],
        ["合  计", "3725", "2294", "61.58%", ""],
    ]
    # Two header rows: 县（市、区） spans both, 总任务 spans four columns.
    assert table.cell(0, 0).text == table.cell(1, 0).text == "县（市、区）"
    assert table.cell(0, 1).text == table.cell(0, 4).text == "总    任    务"
    assert table.cell(1, 1).text == "目标任务数"


def test_attachment_2_cells_and_note(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    rows = data_rows(doc.tables[1], 1)
    assert ["开发区", "", "172", "", "", "712.62"] in rows
    assert rows[-1] == ["合  计", "3725", "172", "4.6", "", "16267.62"]
    note = paragraph_with(doc, "开发区无下达任务")
    assert note.text == "注：开发区无下达任务，不参与排序。"
    assert size_pt(note) == 12


def test_attachment_3_cells(demo_document: BulletinDocument) -> None:
    rows = data_rows(rendered(demo_document).tables[2], 1)
    assert rows[0] == ["1", "维西县", "4026", "4030", "新增40套", "3552", "88.14", ""]
    assert rows[-1] == ["", "合  计", "14851", "14680", "净增19套", "9384", "63.92", ""]


def test_header_rows_repeat_on_each_page(demo_document: BulletinDocument) -> None:
    tables = rendered(demo_document).tables
    for table, header_count in zip(tables, (2, 1, 1), strict=True):
        flags = [is_header_row(table, i) for i in range(len(table.rows))]
        assert flags == [True] * header_count + [False] * (len(table.rows) - header_count)


def test_tables_fill_the_text_width(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    for table, section in zip(doc.tables, doc.sections[1:4], strict=True):
        width = sum(column.width or 0 for column in table.columns)
        text_width = mm(section.page_width) - mm(section.left_margin) - mm(section.right_margin)
        assert round(width / 36000) == text_width
        assert not table.autofit


# --- footers, 版记, properties -----------------------------------------------------------------


def test_page_numbers_on_odd_and_even_pages(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    assert doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections[:-1]:
        for even in (False, True):
            xml = footer_xml(section, even)
            assert "PAGE" in xml
            assert "— " in xml and " —" in xml
    odd, even = doc.sections[0].footer.paragraphs[0], doc.sections[0].even_page_footer.paragraphs[0]
    assert alignment(odd) == WD_ALIGN_PARAGRAPH.RIGHT
    assert alignment(even) == WD_ALIGN_PARAGRAPH.LEFT
    assert east_asian_font(odd) == "宋体"
    assert size_pt(odd) == 14


def imprint_footer(doc: Document) -> list[Paragraph]:
    return doc.sections[-1].even_page_footer.paragraphs


def test_imprint_closes_the_last_page_which_is_even(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    last = doc.sections[-1]
    # Its own section from the next even page; a blank page before it has an empty footer.
    assert last.start_type == WD_SECTION.EVEN_PAGE
    assert last.orientation == WD_ORIENT.PORTRAIT
    assert not last.footer.is_linked_to_previous
    assert not "".join(p.text for p in last.footer.paragraphs).strip()
    texts = [p.text for p in imprint_footer(doc) if p.text.strip()]
    assert texts[0].startswith("抄送：杨正义副州长")
    assert texts[0].endswith("。")
    assert texts[1] == "迪庆州保障性安居工程协调领导小组办公室\t2017年7月5日印发"
    # Under the 版记 its page number, as on every even page: at the left, one character in.
    number = imprint_footer(doc)[-1]
    assert number.text == "— 1 —" and "PAGE" in number._p.xml
    assert alignment(number) == WD_ALIGN_PARAGRAPH.LEFT
    assert east_asian_font(number) == "宋体"
    assert size_pt(paragraph_with_text(imprint_footer(doc), "抄送：")) == 14
    # Rules in eighths of a point: thick (about 1 pt) first and last, thin between.
    assert rule_sizes(imprint_footer(doc)) == [8, 6, 8]


def paragraph_with_text(paragraphs: list[Paragraph], text: str) -> Paragraph:
    return next(p for p in paragraphs if text in p.text)


def test_imprint_without_cc_has_no_cc_line(demo_document: BulletinDocument) -> None:
    doc = rendered(dataclasses.replace(demo_document, cc=""))
    texts = [p.text for p in imprint_footer(doc) if p.text.strip()]
    assert texts == ["迪庆州保障性安居工程协调领导小组办公室\t2017年7月5日印发", "— 1 —"]
    assert rule_sizes(imprint_footer(doc)) == [8, 8]


def test_draft_mark_in_every_header(demo_document: BulletinDocument) -> None:
    draft = rendered(dataclasses.replace(demo_document, draft=True))
    assert all("草稿" in section.header._element.xml for section in draft.sections)
    final = rendered(dataclasses.replace(demo_document, draft=False))
    assert all("草稿" not in section.header._element.xml for section in final.sections)


def test_properties_and_repeatable_bytes(demo_document: BulletinDocument) -> None:
    data = render_docx(demo_document)
    properties = open_document(io.BytesIO(data)).core_properties
    assert properties.title == demo_document.title_text
    assert properties.author == "迪庆州保障性安居工程协调领导小组办公室"
    assert properties.language == "zh-CN"
    assert render_docx(demo_document) == data


# --- the reference document -------------------------------------------------------------------


def test_each_role_has_its_named_style(demo_document: BulletinDocument) -> None:
    doc = rendered(demo_document)
    roles = {
        "迪庆州保障性安居工程协调领导小组办公室": "发文机关标志",
        demo_document.title: "公文标题",
        "一、棚户区改造工作": "一级标题",
        "附件1": "附件标识",
        "2017年7月5日": "成文日期",
    }
    assert {text: paragraph_with(doc, text).style.name for text in roles} == roles
    heading = paragraph_with(doc, "一、棚户区改造工作").style
    # An outline level puts the headings in Word's navigation pane.
    assert heading.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "0"
    assert doc.tables[0].cell(2, 0).paragraphs[0].style.name == "表格文字"


def test_the_committed_reference_document_is_its_source_built() -> None:
    # After changing reference.py: scripts/make-reference-docx, and commit the file.
    assert reference_bytes() == reference_build()
