"""The PDF bulletin, read back as a reader sees it: text, fonts, page sizes and positions."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
import typst

from anju.bulletins.document import BulletinDocument, Paragraph
from anju.bulletins.render.pdf import FONT_DIRS_ENV, MissingFont, font_dirs, render_pdf
from anju.errors import AnjuError

pytestmark = pytest.mark.django_db

A4_PORTRAIT = (595.28, 841.89)  # points


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def page_text(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    return poppler("pdftotext", pdf, tmp_path, "-layout", *pages)


def page_sizes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    info = poppler("pdfinfo", pdf, tmp_path, "-f", "1", "-l", "999")
    return [
        (float(width), float(height))
        for width, height in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def page_of(pdf: bytes, tmp_path: Path, needle: str) -> int:
    for page in range(1, len(page_sizes(pdf, tmp_path)) + 1):
        if needle in page_text(pdf, tmp_path, page):
            return page
    raise AssertionError(f"{needle!r} is on no page")


def test_the_reader_finds_the_figures_and_the_furniture(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    text = page_text(render_pdf(demo_document), tmp_path)
    for seen in (
        "迪庆安居办〔2017〕12号",
        "各县（市、区）人民政府、管委会：",
        "香格里拉市",
        "61.58%",
        "开工2294套",
        "16267.62",
        "净增19套",
        "95.14",
        "附件1",
        "附件3",
        "抄送：",
        "2017年7月5日",
        "— 1 —",
        "— 2 —",
    ):
        assert seen in text, seen


def test_every_font_is_embedded_and_the_stand_ins_are_used(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    listing = poppler("pdffonts", render_pdf(demo_document), tmp_path).splitlines()[2:]
    assert listing
    # Columns: name type encoding emb sub uni object-id generation; the type may hold spaces.
    assert all(line.split()[-5] == "yes" for line in listing), listing
    names = " ".join(line.split()[0] for line in listing)
    # 仿宋 body, 小标宋 and 宋体 (Noto Serif), 黑体 headings (Noto Sans).
    for font in ("FandolFang", "NotoSerifCJK", "NotoSansCJK"):
        assert font in names, font


def test_body_pages_are_a4_portrait_and_the_wide_table_turns_landscape(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    pdf = render_pdf(demo_document)
    sizes = page_sizes(pdf, tmp_path)
    assert sizes[0] == pytest.approx(A4_PORTRAIT, abs=0.5)
    assert sizes[page_of(pdf, tmp_path, "附件1") - 1] == pytest.approx(A4_PORTRAIT, abs=0.5)
    landscape = sizes[page_of(pdf, tmp_path, "附件3") - 1]
    assert landscape == pytest.approx(A4_PORTRAIT[::-1], abs=0.5)
    # The 版记 closes the document on a portrait page of its own after the landscape table.
    assert "抄送：" in page_text(pdf, tmp_path, len(sizes))
    assert sizes[-1] == pytest.approx(A4_PORTRAIT, abs=0.5)


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    pdf = render_pdf(demo_document)
    words = poppler("pdftotext", pdf, tmp_path, "-bbox", "-f", "1", "-l", "2")
    word = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(\d+)</word>')
    for number, page in enumerate(words.split("<page ")[1:], start=1):
        # The page number is the lowest word on the page that is just that number.
        x_min, _, x_max = max(
            (
                (float(x0), float(y0), float(x1))
                for x0, y0, x1, text in word.findall(page)
                if text == str(number)
            ),
            key=lambda box: box[1],
        )
        if number % 2:
            assert x_min > A4_PORTRAIT[0] / 2
        else:
            assert x_max < A4_PORTRAIT[0] / 2


def test_body_text_sets_28_characters_a_line_and_22_lines_a_page(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    long = dataclasses.replace(
        demo_document, body=(Paragraph("国" * 2000),), attachments=(), draft=False
    )
    pdf = render_pdf(long)
    lines = [line.strip() for line in page_text(pdf, tmp_path, 2).splitlines() if "国" in line]
    assert len(lines) == 22
    assert {len(line) for line in lines} == {28}


def test_markup_characters_print_as_written(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    tricky = dataclasses.replace(
        demo_document,
        title="关于#*$[\\的通报",
        body=(Paragraph("#set page(width: 1mm) *粗* $x$ _斜_ [链接] @ref <a>"),),
    )
    text = page_text(render_pdf(tricky), tmp_path, 1)
    assert "关于#*$[\\的通报" in text
    assert "#set page(width: 1mm) *粗* $x$ _斜_ [链接] @ref <a>" in text


def test_a_draft_says_so_in_the_header(demo_document: BulletinDocument, tmp_path: Path) -> None:
    draft = page_text(render_pdf(dataclasses.replace(demo_document, draft=True)), tmp_path, 1)
    issued = page_text(render_pdf(dataclasses.replace(demo_document, draft=False)), tmp_path, 1)
    assert "草 稿" in draft
    assert "草" not in issued


def test_without_attachments_cc_or_number_the_document_still_closes(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    bare = dataclasses.replace(demo_document, attachments=(), cc="", number="")
    pdf = render_pdf(bare)
    text = page_text(pdf, tmp_path)
    assert "附件" not in text
    assert "抄送" not in text
    assert "〔2017〕" not in text
    last = page_text(pdf, tmp_path, len(page_sizes(pdf, tmp_path)))
    assert "2017年7月5日印发" in last


def test_the_chart_is_in_the_pdf(demo_document: BulletinDocument, tmp_path: Path) -> None:
    images = poppler("pdfimages", render_pdf(demo_document), tmp_path, "-list")
    assert len(images.splitlines()) > 2


def test_a_missing_font_is_named_with_what_to_do(
    demo_document: BulletinDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the Noto fonts are on offer: 仿宋 and 楷体 are missing.
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    noto = {
        info.path
        for info in typst.Fonts(include_embedded_fonts=False).fonts()
        if info.path and info.family in ("Noto Serif CJK SC", "Noto Sans CJK SC")
    }
    for path in noto:
        (fonts / Path(path).name).symlink_to(path)
    monkeypatch.setenv(FONT_DIRS_ENV, str(fonts))
    with pytest.raises(MissingFont) as raised:
        render_pdf(demo_document)
    message = str(raised.value)
    assert message.startswith("缺少字体：仿宋（FandolFang）、楷体（FandolKai），")
    assert "请运行 make setup 安装字体" in message
    assert "黑体" not in message
    assert isinstance(raised.value, AnjuError)


def test_no_fonts_at_all_is_an_error_not_boxes(
    demo_document: BulletinDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_DIRS_ENV, str(tmp_path))
    with pytest.raises(MissingFont, match="仿宋（FandolFang）"):
        render_pdf(demo_document)


def test_font_directories_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_DIRS_ENV, raising=False)
    assert font_dirs() == ("/usr/share/fonts", "/usr/local/share/fonts")
    monkeypatch.setenv(FONT_DIRS_ENV, "/opt/fonts::/srv/fonts")
    assert font_dirs() == ("/opt/fonts", "/srv/fonts")
    monkeypatch.setenv(FONT_DIRS_ENV, "")
    assert font_dirs() == ("/usr/share/fonts", "/usr/local/share/fonts")


def number_box(pdf: bytes, tmp_path: Path, page: int) -> tuple[float, float] | None:
    """Where the page number "— N —" stands on ``page`` (its left and right edges), if it does."""
    words = poppler("pdftotext", pdf, tmp_path, "-bbox", "-f", str(page), "-l", str(page))
    boxes = re.findall(
        rf'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">{page}</word>', words
    )
    return (float(boxes[-1][0]), float(boxes[-1][1])) if boxes else None


def test_the_imprint_closes_an_even_page_of_its_own_numbered_unless_a_blank_page_comes_first(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    issued = dataclasses.replace(demo_document, draft=False)
    # With its attachments the content ends on page 7: the 版记 follows on page 8, numbered
    # like any other even page, at the left.
    pdf = render_pdf(issued)
    pages = len(page_sizes(pdf, tmp_path))
    assert pages == 8
    last = page_text(pdf, tmp_path, pages)
    assert "抄送：" in last and "2017年7月5日印发" in last
    assert "附件" not in last and "草稿" not in last
    assert "— 8 —" in last
    box = number_box(pdf, tmp_path, pages)
    assert box is not None and box[1] < A4_PORTRAIT[0] / 2
    # Without them the letter ends on page 4: a blank page 5 comes before the 版记 on page 6,
    # and neither carries a number.
    pdf = render_pdf(dataclasses.replace(issued, attachments=()))
    pages = len(page_sizes(pdf, tmp_path))
    assert pages == 6
    assert "— 4 —" in page_text(pdf, tmp_path, 4)
    assert not page_text(pdf, tmp_path, 5).strip()
    last = page_text(pdf, tmp_path, 6)
    assert "2017年7月5日印发" in last
    assert not re.search(r"— \d+ —", last)
    assert number_box(pdf, tmp_path, 6) is None
