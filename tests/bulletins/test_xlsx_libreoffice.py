"""The workbook as LibreOffice Calc reads it: saved again as a flat OpenDocument spreadsheet,
where each cell states the number it holds, its type and the text it shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.xlsx import render_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CELL = re.compile(
    r'<table:table-cell[^>]*office:value-type="(\w+)" office:value="([^"]+)"[^>]*>\s*'
    r"<text:p>([^<]*)</text:p>"
)


MM = 72 / 25.4
A4_WIDTH = 210 * MM
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def calc_convert(xlsx: bytes, tmp_path: Path, fmt: str) -> Path:
    """The workbook as Calc saves it in ``fmt`` (fods, pdf)."""
    soffice = shutil.which("soffice")
    assert soffice is not None, "LibreOffice is installed by the setup"
    source = tmp_path / "bulletin.xlsx"
    source.write_bytes(xlsx)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=180,
    )
    return tmp_path / "out" / f"bulletin.{fmt}"


def calc_cells(xlsx: bytes, tmp_path: Path) -> list[tuple[str, str, str]]:
    """(type, value held, text shown) of every number cell, as Calc reads the workbook."""
    flat = calc_convert(xlsx, tmp_path, "fods").read_text(encoding="utf-8")
    return CELL.findall(flat)


def calc_printed_pages(xlsx: bytes, tmp_path: Path) -> list[list[tuple[float, ...]]]:
    """Per printed page, the words Calc prints: (x0, y0, x1, y1) and their text last."""
    pdf = calc_convert(xlsx, tmp_path, "pdf")
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [WORD.findall(page) for page in words.split("<page ")[1:]]


def test_calc_holds_the_rate_as_a_fraction_and_shows_it_as_printed(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    cells = calc_cells(render_xlsx(demo_document), tmp_path)
    # 附件1, 开工率: 香格里拉市, 德钦县, 维西县, then the total.
    rates = [cell for cell in cells if cell[0] == "percentage"]
    assert rates[:4] == [
        ("percentage", "0.6205", "62.05%"),
        ("percentage", "0.612", "61.20%"),
        ("percentage", "0.6102", "61.02%"),
        ("percentage", "0.6158", "61.58%"),
    ]


def test_the_letter_prints_whole_within_the_page_with_header_and_footer_apart(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    pages = calc_printed_pages(render_xlsx(demo_document), tmp_path)
    letter = pages[: len(pages) - len(demo_document.attachments)]
    words = [word for page in letter for word in page]
    # Nothing runs past the paper's right edge, and every sentence prints whole.
    assert all(float(word[2]) <= A4_WIDTH - 10 * MM for word in words), max(
        words, key=lambda word: float(word[2])
    )
    printed = "".join(word[4] for word in words)
    for block in demo_document.body:
        text = getattr(block, "text", "") or getattr(block, "caption", "")
        assert "".join(text.split()) in printed, text
    # On each page the office's name and "第 N 页，共 M 页" stand on lines of their own.
    for number, page in enumerate(letter, start=1):
        office = [word for word in page if word[4] == demo_document.printer]
        folio = [word for word in page if word[4] == "第" or word[4].startswith(f"第{number}页")]
        assert office and folio, page
        assert float(office[0][3]) < float(folio[0][1]) or float(folio[0][3]) < float(office[0][1])
