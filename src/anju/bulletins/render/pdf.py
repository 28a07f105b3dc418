"""The bulletin as PDF, typeset by typst and laid out per GB/T 9704-2012 (党政机关公文格式).

The typst template (``bulletin.typ`` beside this module) receives the whole document as JSON
through ``sys.inputs`` and figures as PNG files beside it, so no text of the bulletin is ever
read as typst markup: a title with ``#`` or ``$`` in it prints as written.

The official typefaces are commercial; free fonts stand in for them, one per role:

=============  =======================  ==========================
role           the standard names       set here in
=============  =======================  ==========================
小标宋         方正小标宋简体           Noto Serif CJK SC, bold
仿宋           仿宋_GB2312              FandolFang
黑体           黑体                     Noto Sans CJK SC
楷体           楷体_GB2312              FandolKai
宋体           宋体                     Noto Serif CJK SC
=============  =======================  ==========================

Fonts are looked up only in the directories of ``font_dirs()`` (Debian's standard ones unless
``ANJU_FONT_DIRS`` names others), so the same fonts set the document on every machine, and a
missing one is a ``MissingFont`` error before typst could quietly print boxes instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import typst

from anju.bulletins.document import Attachment, BulletinDocument, Figure, Heading, Paragraph
from anju.bulletins.render.layout import SIGNATURE_BLANK_LINES, signature_place
from anju.engine import BuiltTable
from anju.errors import AnjuError

__all__ = [
    "DEFAULT_FONT_DIRS",
    "FONT_DIRS_ENV",
    "FONT_ROLES",
    "FontRole",
    "MissingFont",
    "font_dirs",
    "render_pdf",
]

FONT_DIRS_ENV = "ANJU_FONT_DIRS"
DEFAULT_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")

TEMPLATE = "bulletin.typ"


class MissingFont(AnjuError):
    """A typeface the bulletin is set in is not installed."""


@dataclass(frozen=True)
class FontRole:
    key: str  # the name the template knows the role by
    role: str  # 仿宋, 黑体, …: what a clerk calls it
    font: str  # the free font standing in for it, as an error message names it
    families: tuple[str, ...]  # family names a font scan may report for that font
    min_weight: int = 0  # 小标宋 is a heavy face: the regular weight will not do


FONT_ROLES = (
    FontRole("xiaobiaosong", "小标宋", "Noto Serif CJK SC Bold", ("Noto Serif CJK SC",), 600),
    # FandolFang's typographic family is "FandolFang R"; older scans report "FandolFang".
    FontRole("fangsong", "仿宋", "FandolFang", ("FandolFang R", "FandolFang")),
    FontRole("heiti", "黑体", "Noto Sans CJK SC", ("Noto Sans CJK SC",)),
    FontRole("kaiti", "楷体", "FandolKai", ("FandolKai R", "FandolKai")),
    FontRole("songti", "宋体", "Noto Serif CJK SC", ("Noto Serif CJK SC",)),
)


def font_dirs() -> tuple[str, ...]:
    """Directories searched for fonts: ``ANJU_FONT_DIRS`` (colon-separated) or Debian's."""
    configured = os.environ.get(FONT_DIRS_ENV, "")
    dirs = tuple(part for part in configured.split(os.pathsep) if part.strip())
    return dirs or DEFAULT_FONT_DIRS


@dataclass(frozen=True)
class _Typesetter:
    compiler: typst.Compiler
    families: dict[str, str]  # role key → family name as typst knows it
    # One compiler serves one compilation at a time; typst parallelises inside it anyway.
    lock: threading.Lock


# Per font-directory list. Only complete font sets are kept, so fonts installed after a
# MissingFont are found without restarting the process.
_typesetters: dict[tuple[str, ...], _Typesetter] = {}
_typesetters_lock = threading.Lock()


def _resolve_roles(fonts: list[typst.FontInfo]) -> tuple[dict[str, str], list[FontRole]]:
    by_family: dict[str, tuple[str, int]] = {}
    for info in fonts:
        name, heaviest = by_family.get(info.family.casefold(), (info.family, 0))
        by_family[info.family.casefold()] = (name, max(heaviest, info.weight))
    resolved: dict[str, str] = {}
    missing: list[FontRole] = []
    for role in FONT_ROLES:
        for family in role.families:
            found = by_family.get(family.casefold())
            if found is not None and found[1] >= role.min_weight:
                resolved[role.key] = found[0]
                break
        else:
            missing.append(role)
    return resolved, missing


def _missing_message(missing: list[FontRole], dirs: tuple[str, ...]) -> str:
    names = "、".join(f"{role.role}（{role.font}）" for role in missing)
    return (
        f"缺少字体：{names}，请运行 make setup 安装字体"
        f"（查找的字体目录：{'、'.join(dirs)}；可用环境变量 {FONT_DIRS_ENV} 指定）"
    )


def _load_typesetter(dirs: tuple[str, ...]) -> _Typesetter:
    # System font discovery is off: it would let whatever a machine happens to have stand in
    # for a missing font, and a document must look the same wherever it is rendered.
    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[path for path in dirs if Path(path).is_dir()],
    )
    families, missing = _resolve_roles(fonts.fonts())
    if missing:
        raise MissingFont(_missing_message(missing, dirs))
    # The scanned font set is handed over as is: scanning is what costs time, once a process.
    compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
    return _Typesetter(compiler, families, threading.Lock())


def _typesetter() -> _Typesetter:
    dirs = font_dirs()
    with _typesetters_lock:
        found = _typesetters.get(dirs)
        if found is None:
            found = _typesetters[dirs] = _load_typesetter(dirs)
        return found


@cache
def _template() -> bytes:
    return files("anju.bulletins.render").joinpath(TEMPLATE).read_bytes()


# --- the document as data ---------------------------------------------------------------------


def _display_width(text: str) -> float:
    """Width in ems: an ideograph or full-width sign is one, a digit or Latin letter a half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def _column_widths(table: BuiltTable) -> list[float]:
    """Relative column widths: room for the widest figure, a header may wrap after 4 ems."""
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    widths = [2.0] * len(table.columns)
    for row in rows:
        for index, cell in enumerate(row.cells):
            widths[index] = max(widths[index], _display_width(cell.text))
    for index, column in enumerate(table.columns):
        widths[index] = max(widths[index], min(_display_width(column.header), 4.0))
    # The cell padding is the same in every column, so it adds to each.
    return [width + 1.0 for width in widths]


def _table_data(table: BuiltTable) -> dict[str, Any]:
    return {
        "header_rows": [
            [{"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan} for c in header]
            for header in table.header_rows
        ],
        "widths": _column_widths(table),
        # Free text reads from the left; names, figures and ranks sit centred in their cells.
        "aligns": ["left" if column.kind == "text" else "center" for column in table.columns],
        "rows": [[cell.text for cell in row.cells] for row in table.rows],
        "total": [cell.text for cell in table.total.cells] if table.total is not None else None,
        "footnotes": list(table.footnotes),
    }


def _attachment_data(attachment: Attachment) -> dict[str, Any]:
    return {
        "label": f"附件{attachment.number}",
        "title_lines": list(attachment.title_lines),
        "period_line": attachment.period_line,
        "unit_line": attachment.unit_line,
        "landscape": attachment.landscape,
        "table": _table_data(attachment.table),
    }


def _note_data(note: str) -> dict[str, str]:
    # "1. 名称" → "1." and "名称", so a wrapped name can be aligned under its first character.
    number, _, title = note.partition(" ")
    return {"number": number, "title": title} if title else {"number": "", "title": note}


def _figure_file(figure: Figure) -> str:
    # Named by content: a file name is never reused for other bytes, whatever typst caches.
    return f"figure-{hashlib.sha256(figure.png).hexdigest()[:20]}.png"


def _block_data(block: Heading | Paragraph | Figure) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"kind": "heading", "level": block.level, "text": block.text}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    return {
        "kind": "figure",
        "file": _figure_file(block),
        "caption": block.caption,
        "width_mm": block.width_mm,
        "height_mm": block.height_mm,
    }


def _document_data(document: BulletinDocument, fonts: dict[str, str]) -> dict[str, Any]:
    place = signature_place(document.signature, document.date_text)
    return {
        "fonts": fonts,
        **document.head,
        "body": [_block_data(block) for block in document.body],
        "notes": [_note_data(note) for note in document.attachment_notes],
        "signature": document.signature,
        "date_text": document.date_text,
        "signature_right": place.signature_right,
        "date_right": place.date_right,
        "signature_blank_lines": SIGNATURE_BLANK_LINES,
        "attachments": [_attachment_data(attachment) for attachment in document.attachments],
        "cc_text": document.cc_text,
        "printer": document.printer,
        "print_date_text": document.print_date_text,
        "draft": document.draft,
    }


# --- rendering --------------------------------------------------------------------------------


def render_pdf(document: BulletinDocument) -> bytes:
    """The bulletin as an A4 PDF with its fonts embedded; raises ``MissingFont``."""
    setter = _typesetter()
    data = json.dumps(_document_data(document, setter.families), ensure_ascii=False)
    with tempfile.TemporaryDirectory(prefix="anju-bulletin-") as root:
        for block in document.body:
            if isinstance(block, Figure):
                (Path(root) / _figure_file(block)).write_bytes(block.png)
        with setter.lock:
            pdf = setter.compiler.compile(
                input=_template(), root=root, format="pdf", sys_inputs={"doc": data}
            )
    if not isinstance(pdf, bytes):  # one document compiles to one file
        raise TypeError(f"typst returned {type(pdf).__name__}, not a PDF")
    return pdf
