"""An attachment title breaks where the office broke it on paper, and reads as one line wherever a
title stands on one line: the tables page, the API, the workbook, the 附件说明."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.api.tokens import token_create
from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx import render_docx
from anju.bulletins.render.html import render_html
from anju.bulletins.render.layout import title_line_scale
from anju.bulletins.render.pdf import render_pdf
from anju.bulletins.render.xlsx import render_xlsx

pytestmark = pytest.mark.django_db

FIRST, SECOND = "2017年各县市区城镇保障性安居工程基本建成套数", "排序及投资完成情况表"
TITLE = FIRST + SECOND


def test_the_demo_breaks_attachment_2_as_the_printed_bulletin(
    demo_document: BulletinDocument,
) -> None:
    attachment = demo_document.attachments[1]
    assert attachment.title_lines == (FIRST, SECOND)
    assert attachment.title == TITLE
    assert demo_document.attachment_notes[1] == f"2. {TITLE}"
    # Single-line titles stay single.
    assert demo_document.attachments[0].title_lines == ("2017年各县市区城镇棚户区开工率排序表",)


def test_the_pdf_sets_the_declared_lines_within_the_text_area(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(render_pdf(demo_document))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    page = next(page for page in text.split("\f") if "附件2" in page and SECOND in page)
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    assert lines[lines.index("附件2") + 1 : lines.index("附件2") + 3] == [FIRST, SECOND]


def test_word_breaks_the_title_and_condenses_its_wide_line(
    demo_document: BulletinDocument,
) -> None:
    doc = Document(io.BytesIO(render_docx(demo_document)))
    title = next(p for p in doc.paragraphs if p.text.startswith(FIRST))
    assert title.text == f"{FIRST}\n{SECOND}"
    # 22 characters of 2号 are 484 pt, the 版心 442 pt: the first line is set at 91%.
    scales = [run._r.find(f"{qn('w:rPr')}/{qn('w:w')}") for run in title.runs]
    assert [s.get(qn("w:val")) if s is not None else None for s in scales] == ["91", None]


def test_the_scale_rule() -> None:
    assert title_line_scale(SECOND, 442.2) == 100
    assert title_line_scale(FIRST, 442.2) == 91
    assert title_line_scale("国" * 40, 442.2) == 100  # past 85%: better wrapped


def test_html_breaks_the_title(demo_document: BulletinDocument) -> None:
    html = render_html(demo_document).decode()
    assert f'<h2 class="attachment-title">{FIRST}<br>{SECOND}</h2>' in html


def test_one_line_where_a_title_stands_on_one_line(
    demo_document: BulletinDocument, client: Client, people: dict[str, Any]
) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(demo_document)))
    assert book["附件2"]["A2"].value == TITLE
    client.force_login(people["leader"])
    page = client.get("/u/533400/2017-06/tables/").content.decode()
    assert f"<h2>{TITLE}</h2>" in page
    token = token_create(user=people["office"], name="tests")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    titles = [a["title"] for a in api.get("/api/tables/533400/2017-06").json()["attachments"]]
    assert titles[1] == TITLE
