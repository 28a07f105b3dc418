"""The bulletin as a document: one model that every renderer (DOCX, PDF, XLSX, HTML) lays out.

Everything here is final text: figures were computed, rounded and formatted by the engine, and
narrative placeholders are already filled. A renderer decides where things go and in which
font, never what a figure is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from anju.engine import BuiltTable


def chinese_date(date: datetime.date) -> str:
    """成文日期 per GB/T 9704-2012: Arabic numerals, no leading zeros (2017年7月5日)."""
    return f"{date.year}年{date.month}月{date.day}日"


@dataclass(frozen=True)
class Heading:
    """A body heading; ``text`` carries its own numbering (一、… （一）… 1.…)."""

    level: int  # 1: 黑体 一、  2: 楷体 （一）  3: 仿宋 1.
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Figure:
    """A chart image (PNG) placed in the body, with its caption under it."""

    png: bytes
    caption: str
    width_mm: float = 150.0
    height_mm: float = 90.0


Block = Heading | Paragraph | Figure


@dataclass(frozen=True)
class Attachment:
    """附件N: a title, the period and unit lines, and one engine-built table.

    The title comes as the lines the programme breaks it into, by meaning as a 通报's title is
    ("…基本建成套数／排序及投资完成情况表"); a renderer prints them as lines, or joins them
    where a title stands on one line (a sheet, the 附件说明).
    """

    number: int
    title_lines: tuple[str, ...]
    period_line: str  # （1月1日——6月30日）, or empty
    unit_line: str  # 单位：套/户, or empty
    table: BuiltTable

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def landscape(self) -> bool:
        # Six narrow columns fit across 156 mm of portrait 版心; wider tables turn the page.
        return len(self.table.columns) > 6


@dataclass(frozen=True)
class BulletinDocument:
    issuer_mark: str  # 发文机关标志, printed red at the head
    number: str  # 发文字号, e.g. 迪庆安居办〔2017〕12号; empty on a draft without one
    title: str
    recipients: str  # 主送机关, printed followed by "："
    body: tuple[Block, ...]
    attachments: tuple[Attachment, ...]
    signature: str  # 发文机关署名
    date: datetime.date  # 成文日期
    cc: str  # 抄送机关, printed after "抄送：" and ending "。"
    printer: str  # 印发机关
    print_date: datetime.date  # 印发日期
    draft: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # scope, period: for file names

    @property
    def head(self) -> dict[str, str]:
        """What stands above the body, as the PDF's template and the snapshot name it."""
        return {
            "issuer_mark": self.issuer_mark,
            "number": self.number,
            "title": self.title,
            "recipients": self.recipients,
        }

    @property
    def title_text(self) -> str:
        """The title on one line, for file properties; ``title`` may carry the line breaks
        the office chose ("\\n"), since a 通报's title is broken by meaning, not by width."""
        return self.title.replace("\n", "")

    @property
    def attachment_notes(self) -> tuple[str, ...]:
        """附件说明 lines: "1. title", one per attachment, in order."""
        return tuple(f"{a.number}. {a.title}" for a in self.attachments)

    @property
    def date_text(self) -> str:
        return chinese_date(self.date)

    @property
    def print_date_text(self) -> str:
        return f"{chinese_date(self.print_date)}印发"

    @property
    def cc_text(self) -> str:
        text = self.cc.rstrip("。，, ")
        return f"抄送：{text}。" if text else ""
