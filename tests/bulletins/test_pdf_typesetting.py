"""The PDF's Chinese typesetting read back from the glyph positions poppler reports: full-width
punctuation on a 28 × 22 grid, nothing past the 版心, page numbers where a bound copy has them."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from anju.bulletins.document import BulletinDocument, Paragraph
from anju.bulletins.render.layout import BODY_PT, signature_place
from anju.bulletins.render.pdf import render_pdf

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
LEFT, RIGHT = 28 * MM, (210 - 26) * MM  # the 版心's edges on a portrait page
# A mark's box is reported with the advance of its glyph, half a point wider than the cell it
# is set in; its ink lies well inside.
SLACK = 0.6
OPENING = "（《「『“‘〔【"
CLOSING = "，。、；：？！）》」』”’〕】"

PUNCTUATED = "各县（市、区）要“保质量、保进度”，加快推进；力争完成：一是开工（二）。" * 40


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    text: str

    @property
    def full_width(self) -> bool:
        return all(unicodedata.east_asian_width(ch) in "WFA" for ch in self.text)


LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', re.S
)


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[Line]:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        Line(number, float(x0), float(y0), float(x1), "".join(re.findall(r">([^<]*)</word>", body)))
        for number, page in enumerate(xhtml.split("<page ")[1:], start=1)
        for x0, y0, x1, body in LINE.findall(page)
    ]


def full_lines(lines: list[Line]) -> list[Line]:
    """Lines of Chinese text that run from edge to edge of the 版心."""
    return [
        line
        for line in lines
        if line.full_width and line.x0 < LEFT + 1 and line.x1 > RIGHT - 4 and len(line.text) > 8
    ]


def issued(document: BulletinDocument) -> BulletinDocument:
    date = datetime.date(2017, 7, 10)
    return dataclasses.replace(document, draft=False, date=date, print_date=date)


def test_every_mark_is_a_whole_character_so_full_lines_hold_28(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    dense = dataclasses.replace(issued(demo_document), body=(Paragraph(PUNCTUATED),))
    lines = [line for line in pdf_lines(render_pdf(dense), tmp_path) if line.page == 2]
    body = [line for line in lines if not re.fullmatch(r"—\d+—", line.text)]
    assert len(body) == 22
    full = full_lines(body)
    assert len(full) >= 18
    # A squeezed mark would let a line take a 29th character. A line stops short of 28 only
    # where the characters that would fill it are held to the next line by a mark: an opening
    # one may not end a line, a closing one may not start it.
    for line, following in itertools.pairwise(body):
        assert len(line.text) <= 28, line.text
        if line in full and len(line.text) < 28:
            held = following.text[: 28 - len(line.text) + 1]
            assert any(ch in OPENING + CLOSING for ch in held), line.text
    assert max(len(line.text) for line in full) == 28
    # No mark opens a line that it should close, none closes one it should open.
    assert not any(line.text[0] in CLOSING for line in body)
    assert not any(line.text[-1] in OPENING for line in body)


def test_nothing_reaches_past_the_text_area(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    document = issued(demo_document)
    lines = pdf_lines(render_pdf(document), tmp_path)
    letter = [line for line in lines if line.page <= 4]
    assert letter
    for line in letter:
        assert line.x0 >= LEFT - SLACK and line.x1 <= RIGHT + SLACK, line.text


def test_the_issued_demo_sets_28_a_line_and_closes_on_an_even_page(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    document = issued(dataclasses.replace(demo_document, number="迪庆安居办〔2017〕12号"))
    lines = pdf_lines(render_pdf(document), tmp_path)
    assert "迪庆安居办〔2017〕12号" in [line.text for line in lines if line.page == 1]
    assert not any("草稿" in line.text for line in lines)
    letter = [line for line in lines if line.page <= 4 and line.text != document.issuer_mark]
    full = full_lines(letter)
    assert len(full) >= 15
    assert max(len(line.text) for line in full) == 28
    assert sum(len(line.text) == 28 for line in full) > len(full) * 3 / 4
    pages = max(line.page for line in lines)
    assert pages % 2 == 0
    last = [line.text for line in lines if line.page == pages]
    assert last[0].startswith("抄送：")
    assert last[-1] == "2017年7月10日印发"


def test_a_turned_table_page_carries_its_number_at_the_portrait_foot(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(render_pdf(demo_document))
    words = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = words.split("<page ")[1:]
    turned = next(n for n, page in enumerate(pages, start=1) if "附件3" in page)
    box = re.search(
        rf'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">{turned}</word>',
        pages[turned - 1],
    )
    assert box is not None
    x0, y0, x1 = (float(value) for value in box.groups())
    # The sheet is turned clockwise: the portrait foot is the left edge, 7 mm outside the 版心
    # (35 mm in); an odd page's number sits towards the portrait right, the landscape bottom.
    assert x1 == pytest.approx(28 * MM, abs=1)
    assert x0 > 20 * MM
    assert (turned % 2 == 1) == (y0 > 210 * MM / 2)


@pytest.mark.parametrize("draft", [False, True])
def test_signature_and_date_stand_at_the_right_the_date_centred_under_it(
    demo_document: BulletinDocument, tmp_path: Path, draft: bool
) -> None:
    document = dataclasses.replace(issued(demo_document), draft=draft)
    lines = pdf_lines(render_pdf(document), tmp_path)
    date = next(line for line in lines if line.text == document.date_text)
    signature = next(
        line for line in lines if line.text == document.signature and line.page == date.page
    )
    place = signature_place(document.signature, document.date_text)
    # 署名右空二字 (the long name keeps two characters from the edge), the date centred under it.
    assert RIGHT - signature.x1 == pytest.approx(place.signature_right * BODY_PT, abs=1)
    assert RIGHT - date.x1 == pytest.approx(place.date_right * BODY_PT, abs=1)
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=1)
    assert date.y0 > signature.y0
