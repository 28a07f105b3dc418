"""The Word bulletin as LibreOffice (and so WPS-like suites) sets it: converted headlessly to PDF
and read back, page by page, as a clerk would check it against GB/T 9704-2012."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from anju.bulletins.document import BulletinDocument, Paragraph
from anju.bulletins.render.docx import render_docx
from anju.bulletins.render.docx.libreoffice import libreoffice_pdf
from anju.bulletins.render.layout import signature_place

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM
LEFT, RIGHT = 28 * MM, (210 - 26) * MM  # the 版心's edges on a portrait page
BOTTOM = PAGE_HEIGHT - 35 * MM
BODY_PT = 16.0


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def full_width(self) -> bool:
        return all(unicodedata.east_asian_width(ch) in "WF" for ch in self.text)


LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)


def pdf_lines(pdf: bytes, tmp_path: Path) -> tuple[list[Line], int]:
    path = tmp_path / "libreoffice.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = xhtml.split("<page ")[1:]
    lines = [
        Line(
            number,
            float(x0),
            float(y0),
            float(x1),
            float(y1),
            "".join(re.findall(r">([^<]*)</word>", body)),
        )
        for number, page in enumerate(pages, start=1)
        for x0, y0, x1, y1, body in LINE.findall(page)
    ]
    return lines, len(pages)


def rules(pdf: bytes, tmp_path: Path, page: int) -> list[float]:
    """Heights (pt from the top) of the horizontal rules across most of the 版心 on ``page``:
    rows of a 72 dpi greyscale rendering that are dark for 90% of the 版心's width."""
    path = tmp_path / "rules.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "72",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    data = (tmp_path / "page.pgm").read_bytes()
    _, width, height, _, pixels = data.split(maxsplit=4)
    w, h = int(width), int(height)
    found = []
    for row in range(h):
        span = pixels[row * w + round(LEFT) : row * w + round(RIGHT)]
        if sum(1 for value in span if value < 128) > 0.9 * len(span):
            found.append(float(row))
    return found


def converted(document: BulletinDocument, tmp_path: Path) -> tuple[bytes, list[Line], int]:
    pdf = libreoffice_pdf(render_docx(document))
    lines, pages = pdf_lines(pdf, tmp_path)
    return pdf, lines, pages


def test_full_lines_hold_28_characters_and_full_pages_22_lines(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    long = dataclasses.replace(demo_document, body=(Paragraph("国" * 1500),), attachments=())
    _, lines, _ = converted(long, tmp_path)
    page_2 = [line for line in lines if line.page == 2 and "国" in line.text]
    assert len(page_2) == 22
    assert {len(line.text) for line in page_2} == {28}
    assert all(line.x1 <= RIGHT + 1 for line in page_2)


def test_the_demo_sets_28_a_line_within_the_text_area(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    issued = dataclasses.replace(demo_document, draft=False)
    _, lines, _ = converted(issued, tmp_path)
    assert not any("草稿" in line.text for line in lines)
    letter = [line for line in lines if line.page <= 4]
    # Nothing reaches past the 版心; full lines of Chinese text hold 28 characters, fewer only
    # where a mark may not start or end a line.
    assert all(line.x1 <= RIGHT + 1 for line in letter)
    full = [
        line for line in letter if line.full_width and line.x0 < LEFT + 1 and line.x1 > RIGHT - 4
    ]
    assert len(full) >= 10
    assert max(len(line.text) for line in full) == 28
    assert sum(len(line.text) == 28 for line in full) > len(full) / 2
    # The title breaks where the office broke it.
    title = [line.text for line in lines if line.page == 1 and 380 < line.y0 < 500]
    assert title == issued.title.split("\n")


def test_signature_centred_over_the_date(demo_document: BulletinDocument, tmp_path: Path) -> None:
    _, lines, _ = converted(demo_document, tmp_path)
    date = next(line for line in lines if line.text == demo_document.date_text)
    # The line over the date: the 发文机关标志 and the 印发机关 read the same.
    signature = next(
        line for line in lines if line.text == demo_document.signature and line.page == date.page
    )
    place = signature_place(demo_document.signature, demo_document.date_text)
    assert date.page == signature.page
    assert date.y0 - signature.y0 == pytest.approx(579 / 20, abs=1)  # the next line
    assert RIGHT - date.x1 == pytest.approx(place.date_right * BODY_PT, abs=4)
    # Within half a character: readers set a small gap between Chinese and figures.
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=8)


def test_the_imprint_closes_the_last_page_which_is_even(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    pdf, lines, pages = converted(dataclasses.replace(demo_document, draft=False), tmp_path)
    assert pages % 2 == 0
    last = [line for line in lines if line.page == pages]
    assert last[0].text.startswith("抄送：杨正义副州长")
    # 印发机关 and 印发日期 share the last line, one character in from either side.
    number = next(line for line in last if re.fullmatch(r"—\d+—", line.text))
    printer, printed = [line for line in last if line is not number][-2:]
    assert (printer.text, printed.text) == (
        "迪庆州保障性安居工程协调领导小组办公室",
        "2017年7月5日印发",
    )
    assert printer.y0 == pytest.approx(printed.y0, abs=1)
    assert printer.x0 == pytest.approx(LEFT + 14, abs=2)
    assert printed.x1 == pytest.approx(RIGHT - 14, abs=2)
    # No blank page comes before it (the content ends on page 7): it carries its number as
    # any even page does, at the left, where page 2 has it.
    assert number.text == f"—{pages}—"
    second = next(line for line in lines if line.page == 2 and line.text == "—2—")
    assert (number.x0, number.y0) == pytest.approx((second.x0, second.y0), abs=2)
    found = rules(pdf, tmp_path, pages)
    # Three rules, the last on the lower edge of the 版心.
    groups = [y for i, y in enumerate(found) if i == 0 or y - found[i - 1] > 2]
    assert len(groups) == 3
    assert found[-1] == pytest.approx(BOTTOM, abs=2)
