"""The reference document's font table (word/fontTable.xml): the faces its styles name.

The official faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are missing from many machines.
A reader that lacks a face substitutes one by what the font table says of it: the face a
Chinese desktop has under another name (w:altName: 仿宋, 楷体, 宋体), its character set
(GB2312, w:charset 86), its family (a 宋/仿宋/楷 face is roman, serif; 黑体 is swiss) and its
pitch. Declared so, 仿宋_GB2312 falls back to a serif 仿宋 or 宋体, never to a sans face.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part

__all__ = [
    "FANGSONG",
    "FONTS",
    "HEITI",
    "KAITI",
    "LATIN",
    "SONGTI",
    "XIAOBIAOSONG",
    "FontEntry",
    "font_table_set",
    "font_table_xml",
]

# The names the styles give, as the standard names the faces.
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"  # figures and Latin letters in body text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GB2312 = "86"
# Unicode ranges and code pages of the GB2312 faces that ship with Chinese Windows (宋体's).
GB2312_SIG = {
    "usb0": "00000003",
    "usb1": "288F0000",
    "usb2": "00000016",
    "usb3": "00000000",
    "csb0": "00040001",
    "csb1": "00000000",
}


@dataclass(frozen=True)
class FontEntry:
    name: str
    alt_name: str | None
    panose: str
    charset: str
    family: str  # roman (serif), swiss (sans serif), modern (fixed pitch)
    pitch: str
    sig: dict[str, str]


def _chinese(name: str, alt_name: str | None, panose: str, family: str) -> FontEntry:
    return FontEntry(name, alt_name, panose, GB2312, family, "variable", GB2312_SIG)


FONTS = (
    FontEntry(
        LATIN,
        None,
        "02020603050405020304",
        "00",
        "roman",
        "variable",
        {
            "usb0": "E0002AFF",
            "usb1": "C0007841",
            "usb2": "00000009",
            "usb3": "00000000",
            "csb0": "000001FF",
            "csb1": "00000000",
        },
    ),
    _chinese(SONGTI, "SimSun", "02010600030101010101", "roman"),
    _chinese(FANGSONG, "仿宋", "02010609060101010101", "roman"),
    _chinese(KAITI, "楷体", "02010609060101010101", "roman"),
    _chinese(XIAOBIAOSONG, SONGTI, "02010600030101010101", "roman"),
    _chinese(HEITI, "SimHei", "02010609060101010101", "swiss"),
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _font_xml(font: FontEntry) -> str:
    alt = f'<w:altName w:val="{_escape(font.alt_name)}"/>' if font.alt_name else ""
    sig = " ".join(f'w:{key}="{value}"' for key, value in font.sig.items())
    return (
        f'<w:font w:name="{_escape(font.name)}">{alt}'
        f'<w:panose1 w:val="{font.panose}"/><w:charset w:val="{font.charset}"/>'
        f'<w:family w:val="{font.family}"/><w:pitch w:val="{font.pitch}"/><w:sig {sig}/>'
        "</w:font>"
    )


def font_table_xml() -> bytes:
    fonts = "".join(_font_xml(font) for font in FONTS)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{W}">{fonts}</w:fonts>'
    ).encode()


def font_table_set(doc: Document) -> None:
    """Replace the document's font table with ``FONTS``."""
    for rel in doc.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE and not rel.is_external:
            part = rel.target_part
            assert isinstance(part, Part)
            part._blob = font_table_xml()
            return
    raise LookupError("the document has no font table")
