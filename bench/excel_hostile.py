"""B5: hostile Excel uploads refused, and how long the refusal takes (goal: within 1 s each).

A template-shaped workbook for the largest scope (the nation: 2,844 county rows, 13 figures,
columns A..AB) is made with openpyxl, then edited the way a crafted upload would be:

- blank rows: 600,000 empty rows after the units, the dimension left as it was (1.8 MB
  packed, like the file that tied a worker up for 8–30 s);
- a sheet declaring ``A1:AB1048576``;
- a zip bomb: one part of 1.5 GB of zeros, about 1.5 MB packed;
- shared strings: a million of them, and one string of 64 MB.

Each file goes through what an upload does before its rows are checked (``workbook_opened``
and ``sheet_rows`` over the template's area); the time to the refusal is the median of a
few rounds. No database is needed.

    python -m bench.excel_hostile [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import time
import zipfile
from collections.abc import Callable

GOAL_SECONDS = 1.0
UNITS, FIGURES = 2844, 13
SHEET_PART = "xl/worksheets/sheet1.xml"


def template() -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报"
    sheet.append(["title"])
    sheet.append(["单位代码", "单位名称", *(f"指标{n}" for n in range(2 * FIGURES))])
    for number in range(UNITS):
        sheet.append([f"{number:06d}", f"县{number}", *range(2 * FIGURES)])
    workbook.create_sheet("anju").append(["format", "anju-excel/1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezipped(data: bytes, edit: Callable[[str, bytes], bytes], extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            target.writestr(part.filename, edit(part.filename, source.read(part)))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


def on_sheet(change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, xml: change(xml) if name == SHEET_PART else xml


def hostile_files(base: bytes) -> dict[str, bytes]:
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    first = UNITS + 3
    blank = b"".join(b'<row r="%d"/>' % n for n in range(first, 600_000))
    return {
        "600,000 blank rows": rezipped(
            base, on_sheet(lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>")), {}
        ),
        "dimension A1:AB1048576": rezipped(
            base,
            on_sheet(
                lambda xml: re.sub(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AB1048576"', xml
                )
            ),
            {},
        ),
        "zip bomb, 1.5 GB": rezipped(base, lambda n, x: x, {"xl/media/a.png": bytes(1536 << 20)}),
        "a million shared strings": rezipped(
            base,
            lambda n, x: x,
            {"xl/sharedStrings.xml": sst + b' uniqueCount="1000000">' + b"<si/>" * 1_000_000},
        ),
        "one 64 MB shared string": rezipped(
            base,
            lambda n, x: x,
            {"xl/sharedStrings.xml": sst + b"><si><t>" + b"x" * (64 << 20) + b"</t></si></sst>"},
        ),
    }


def refusal(data: bytes) -> tuple[float, str]:
    from anju.reporting.excel.common import FIRST_ROW, SPARE_ROWS, Refused
    from anju.reporting.excel.reading import Area, sheet_rows, workbook_opened

    area = Area(rows=FIRST_ROW + UNITS + SPARE_ROWS, columns=2 + 2 * FIGURES)
    start = time.perf_counter()
    try:
        with workbook_opened(data, area=area) as workbook:
            sheet_rows(workbook["填报"], area)
    except Refused as refused:
        return time.perf_counter() - start, str(refused)
    return time.perf_counter() - start, "NOT REFUSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()
    files = hostile_files(template())
    worst = 0.0
    for name, data in files.items():
        timings = [refusal(data)[0] for _ in range(runs)]
        seconds, message = statistics.median(timings), refusal(data)[1]
        worst = max(worst, seconds)
        print(f"{name:24} {len(data) / 1e6:5.2f} MB  {seconds * 1000:7.1f} ms  {message[:60]}")
    verdict = "met" if worst <= GOAL_SECONDS else "NOT met"
    print(f"goal: every refusal within {GOAL_SECONDS:.0f} s: {verdict} (worst {worst:.3f} s)")


if __name__ == "__main__":
    main()
