"""The Word bulletin's fonts as a reader on a machine without the official faces finds them."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from anju.bulletins.document import BulletinDocument
from anju.bulletins.render.docx import render_docx

pytestmark = pytest.mark.django_db


def test_the_font_table_declares_each_face_with_a_serif_chinese_stand_in(
    demo_document: BulletinDocument,
) -> None:
    with zipfile.ZipFile(io.BytesIO(render_docx(demo_document))) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        styles = package.read("word/styles.xml").decode("utf-8")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def declared(name: str) -> dict[str, str | None]:
        font = next(f for f in table.iter(f"{w}font") if f.get(f"{w}name") == name)
        return {
            part: (found.get(f"{w}val") if (found := font.find(f"{w}{part}")) is not None else None)
            for part in ("altName", "charset", "family", "pitch")
        }

    # A machine without the official face substitutes the one a Chinese desktop has, as serif.
    assert declared("仿宋_GB2312") == {
        "altName": "仿宋",
        "charset": "86",
        "family": "roman",
        "pitch": "variable",
    }
    assert declared("楷体_GB2312")["altName"] == "楷体"
    assert declared("方正小标宋简体")["altName"] == "宋体"
    assert declared("宋体")["family"] == "roman"
    assert declared("黑体")["family"] == "swiss"
    assert all(declared(name)["charset"] == "86" for name in ("方正小标宋简体", "黑体", "宋体"))
    # Every face a style names is declared, and none of the blank template's.
    names = {f.get(f"{w}name") for f in table.iter(f"{w}font")}
    named = set(re.findall(r'w:eastAsia="([^"]+)"', styles)) - {"zh-CN"}
    assert named <= names
    assert not names & {"ＭＳ 明朝", "ＭＳ ゴシック", "Symbol", "Courier", "Arial"}
    assert 'w:eastAsia="仿宋_GB2312" w:hint="eastAsia"' in styles
