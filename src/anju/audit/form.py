"""公文校对: GB/T 9704, GB/T 15834 and GB/T 15835 conventions offices get wrong, as notes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from anju.audit.findings import Finding, Kind, Severity

FORM = "document-form"
_CUT_OFF = re.compile(
    r"截止(?:到)?\s*(?=\d{4}年|\d{1,2}月|[一二三四五六七八九十]{1,2}月|目前|今年|本月|年底|上月)"
)
_DOC_NUMBER = re.compile(r"[\[【［]\s*((?:19|20)\d{2})\s*[\]】］]\s*(\d+)\s*号")
_HALF_WIDTH = re.compile(
    r"(?<=[\u4e00-\u9fff%％）》”])[,;:?!](?=\s*[\u4e00-\u9fff（《“])|(?<=[\u4e00-\u9fff])[,;:?!]"
)
_HALF_BRACKETS = re.compile(r"\((?=[^)]*[\u4e00-\u9fff])[^)]*\)")
_ATTACHMENT_LIST = re.compile(r"^附件[：:]\s*(\S.*)?$")
_LIST_ITEM = re.compile(r"^\s*(\d+)、")
_FIRST_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")


def _excerpt(text: str, at: int) -> str:
    start = max(0, at - 8)
    return ("…" if start else "") + text[start : at + 12] + "…"


def _where(number: int, text: str, at: int = 0) -> str:
    return f"正文第{number}段“{_excerpt(text, at)}”"


def _note(where: str, printed: str, expected: str, message: str) -> Finding:
    return Finding(Severity.NOTE, Kind.FORM, where, message, "", printed, expected, FORM)


def _sentences(number: int, text: str) -> Iterator[Finding]:
    for match in _CUT_OFF.finditer(text):
        yield _note(
            _where(number, text, match.start()),
            "截止",
            "截至",
            "日期前应用“截至”（到某时为止），“截止”表示停止，后面不接时间",
        )
    for match in _DOC_NUMBER.finditer(text):
        yield _note(
            _where(number, text, match.start()),
            match[0],
            f"〔{match[1]}〕{match[2]}号",
            "发文字号的年份应用六角括号〔〕（GB/T 9704）",
        )
    marks = _HALF_WIDTH.findall(text) + _HALF_BRACKETS.findall(text)
    if marks:
        first = min(m.start() for p in (_HALF_WIDTH, _HALF_BRACKETS) for m in p.finditer(text))
        shown = "".join(dict.fromkeys(marks))
        yield _note(
            _where(number, text, first),
            shown,
            "全角标点",
            f"中文文本中用了{len(marks)}处半角标点（{shown}），应使用全角标点（GB/T 15834）",
        )


def _attachment_items(paragraphs: list[str]) -> set[int]:
    items: set[int] = set()
    for index, text in enumerate(paragraphs):
        if _ATTACHMENT_LIST.match(text.strip()):
            following = index + 1
            while following < len(paragraphs) and not paragraphs[following].startswith("附件"):
                items.add(following)
                following += 1
    return items


def check_form(paragraphs: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    items = _attachment_items(paragraphs)
    first_level = any(_FIRST_LEVEL.match(p.strip()) for p in paragraphs)
    for index, text in enumerate(paragraphs):
        number = index + 1
        findings.extend(_sentences(number, text))
        item = _LIST_ITEM.match(text)
        if item and index in items:
            findings.append(
                _note(
                    _where(number, text),
                    f"{item[1]}、",
                    f"{item[1]}.",
                    "附件说明的序号应使用阿拉伯数字加下脚点，如“1.”（GB/T 9704）",
                )
            )
        elif item and first_level and len(text.strip()) <= 30:
            findings.append(
                _note(
                    _where(number, text),
                    f"{item[1]}、",
                    "一、",
                    "一级标题应使用“一、”，与其他一级标题一致（GB/T 9704）",
                )
            )
    return findings
