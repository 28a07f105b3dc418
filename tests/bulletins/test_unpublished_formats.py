"""Figures not published and a row of an earlier date read the same in all four formats of
the bulletin (the national-wan example: 云南省 and 西藏自治区 unpublished, 甘肃省 as of May)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx import render_docx
from anju.bulletins.render.html import render_html
from anju.bulletins.render.pdf import render_pdf
from anju.bulletins.render.xlsx import render_xlsx
from anju.bulletins.services import bulletin_document
from anju.programmes.models import Unit
from anju.programmes.services import programme_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.selectors import period_find

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "national-wan"
NOTE = "*甘肃省数据截至5月31日"
SENTENCE = "云南省、西藏自治区新开工数据暂未公布，湖南省、云南省、西藏自治区完成投资数据暂未公布"


@pytest.fixture
def document(db: None) -> BulletinDocument:
    programme_import_file(path=EXAMPLE / "programme.yaml")
    figures_import_file(path=EXAMPLE / "figures-2019-06.yaml")
    scope = Unit.objects.get(code="W100000")
    return bulletin_document(scope=scope, period=period_find(unit=scope, key="2019-06"))


def _seen(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    assert flat.count("暂未公布") >= 7  # 5 cells, 2 in the paragraph
    assert "甘肃省*" in flat
    assert NOTE in flat
    assert SENTENCE in flat


def test_html(document: BulletinDocument) -> None:
    _seen(re.sub(r"<[^>]+>", "", render_html(document).decode("utf-8")))


def test_word(document: BulletinDocument) -> None:
    doc = Document(io.BytesIO(render_docx(document)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    _seen("".join(p.text for p in doc.paragraphs) + "".join(cells))


def test_workbook(document: BulletinDocument) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    text = "".join(value for value in values if value != "None")
    assert text.count("暂未公布") >= 5 and "甘肃省*" in text and NOTE in text


def test_pdf(document: BulletinDocument, tmp_path: Path) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(render_pdf(document))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    _seen(text)
