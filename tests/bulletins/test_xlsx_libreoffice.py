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


def calc_cells(xlsx: bytes, tmp_path: Path) -> list[tuple[str, str, str]]:
    """(type, value held, text shown) of every number cell, as Calc reads the workbook."""
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
            "fods",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=180,
    )
    flat = (tmp_path / "out" / "bulletin.fods").read_text(encoding="utf-8")
    return CELL.findall(flat)


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
