"""The composite-score and by-category examples print the same rows in every format: each
row of their tables (as ``anju tables`` builds it) reads cell by cell in the bulletin's
docx, xlsx, html and pdf."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as open_document
from openpyxl import load_workbook  # type: ignore[import-untyped]

from anju.cli import main
from anju.reporting.selectors import period_find, unit_find
from anju.reporting.tables import scope_tables

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES = {"composite-score": ("420000", "2016-12"), "by-category": ("530800", "2015-09")}

pytestmark = pytest.mark.django_db(transaction=False)


def _rows(name: str) -> list[list[str]]:
    """Every body and total row of the example's tables, as the engine writes its cells."""
    scope_code, period = CASES[name]
    scope = unit_find(scope_code)
    tables = scope_tables(scope=scope, period=period_find(unit=scope, key=period))
    rows: list[list[str]] = []
    for attachment in tables.attachments:
        built = attachment.table
        for row in (*built.rows, *([built.total] if built.total else [])):
            rows.append([cell.text for cell in row.cells])
    return rows


def _made(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    folder = EXAMPLES / name
    assert (
        main(["import", str(folder / "programme.yaml"), *map(str, folder.glob("figures-*.yaml"))])
        == 0
    )
    scope, period = CASES[name]
    assert main(["bulletin", "--unit", scope, "--period", period, "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    return {path.suffix: path for path in tmp_path.iterdir()}


def _same(printed: object, text: str) -> bool:
    if isinstance(printed, (int, float, Decimal)) and not isinstance(printed, bool):
        # A workbook keeps the figure as a number, formatted as printed ("87.50%" → 0.875).
        number = re.sub(r"[^0-9.\-]", "", text)
        scale = 100 if text.endswith("%") else 1
        return bool(number) and Decimal(str(printed)) * scale == Decimal(number)
    return ("" if printed is None else str(printed)).strip() == text.strip()


def _found(row: list[str], rows: list[list[object]]) -> bool:
    return any(len(other) >= len(row) and all(map(_same, other[: len(row)], row)) for other in rows)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_row_reads_the_same_in_the_four_formats(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _made(name, tmp_path, capsys)
    expected = _rows(name)
    assert expected

    document = open_document(str(made[".docx"]))
    docx_rows = [[cell.text for cell in r.cells] for t in document.tables for r in t.rows]
    book = load_workbook(made[".xlsx"])
    xlsx_rows = [
        [cell for cell in row if cell is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    page = made[".html"].read_text(encoding="utf-8")
    html_rows = [
        [html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)
    ]
    for row in expected:
        assert _found(row, docx_rows), ("docx", row)
        assert _found(row, html_rows), ("html", row)
        assert _found([cell for cell in row if cell], xlsx_rows), ("xlsx", row)

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(made[".pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = ["".join(line.split()) for line in text.splitlines()]
    for row in expected:
        assert "".join("".join(cell.split()) for cell in row) in lines, ("pdf", row)
