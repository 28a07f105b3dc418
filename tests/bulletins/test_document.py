"""The demo bulletin's document model: header, the seed's sentences, attachments, 版记."""

from __future__ import annotations

import pytest

from anju.bulletins.document import BulletinDocument, Figure, Heading, Paragraph

pytestmark = pytest.mark.django_db


def paragraphs(document: BulletinDocument) -> list[str]:
    return [block.text for block in document.body if isinstance(block, Paragraph)]


def test_header_and_distribution(demo_document: BulletinDocument) -> None:
    assert demo_document.issuer_mark == "迪庆州保障性安居工程协调领导小组办公室"
    assert demo_document.number == "迪庆安居办〔2017〕12号"
    # Broken where the seed breaks it, by meaning rather than by width.
    assert demo_document.title.splitlines() == [
        "迪庆州保障性安居工程协调领导小组",
        "办公室关于2017年6月全州城镇保障性",
        "安居工程推进情况的通报",
    ]
    assert demo_document.title_text == (
        "迪庆州保障性安居工程协调领导小组办公室关于2017年6月全州城镇保障性安居工程推进情况的通报"
    )
    assert demo_document.recipients == "各县（市、区）人民政府、管委会"
    assert demo_document.date_text == "2017年7月5日"
    assert demo_document.print_date_text == "2017年7月5日印发"
    assert demo_document.cc_text.startswith("抄送：杨正义副州长，州委督查室")
    assert demo_document.cc_text.endswith("各县（市、区）政府。")


def test_summary_sentences_come_from_the_figures(demo_document: BulletinDocument) -> None:
    summary = paragraphs(demo_document)[1]
    for phrase in (
        "截止2017年6月底，全州城镇保障性安居工程开工2294套，开工率为61.58%",
        "基本建成172套，占计划数3725套的4.6%",
        "完成投资16267.62万元",
        "货币化安置德钦县153户，征收面积为17136平方米",
        "累计分配保障性住房9384套",
    ):
        assert phrase in summary
    assert paragraphs(demo_document)[0].startswith("2017年，上级下达迪庆州3725套城市棚户区改造任务")


def test_counties_are_listed_by_units_started(demo_document: BulletinDocument) -> None:
    assert (
        "其中：香格里拉市开工1241套，维西县开工900套，德钦县开工153套。"
        in paragraphs(demo_document)[2]
    )


def test_headings_chart_and_attachments(demo_document: BulletinDocument) -> None:
    headings = [b.text for b in demo_document.body if isinstance(b, Heading)]
    assert headings == ["一、棚户区改造工作", "二、公租房分配工作"]
    figures = [b for b in demo_document.body if isinstance(b, Figure)]
    assert len(figures) == 1
    assert figures[0].png.startswith(b"\x89PNG")
    assert figures[0].caption == "图：各县（市、区）棚户区改造开工率"
    assert demo_document.attachment_notes == (
        "1. 2017年各县市区城镇棚户区开工率排序表",
        "2. 2017年各县市区城镇保障性安居工程基本建成套数排序及投资完成情况表",
        "3. 2017年各县市区公共租赁住房分配入住情况表",
    )
    assert [a.landscape for a in demo_document.attachments] == [False, False, True]
