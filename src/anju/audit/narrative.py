"""Figures in the running text: "开工2294套，开工率为61.58%", "占…3725套…的61.58%",
"其中：A开工X套，B开工Y套", "完成投资16267.62万元", checked against each other and the tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anju.audit import arith
from anju.audit.findings import Finding, Kind, Severity
from anju.audit.intervals import Interval, ratio, total
from anju.audit.numbers import Found, Printed, find_figures
from anju.audit.tables import Column, ColumnKind, Table
from anju.audit.tally import RatePair, Tally

_SENTENCES = re.compile(r"[^。；;]+")
# PDF text layers and some reposts put a space between Chinese words and figures.
_LOOSE = re.compile(
    r"(?<=[\u4e00-\u9fff（(])[ \u3000]+(?=[-\d])|(?<=[\d%])[ \u3000]+(?=[\u4e00-\u9fff%])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "10.18个百分点" is a change of a rate, not a count of 个.
_UNIT_WORD = re.compile(r"\s*(套|户|个(?!百分点)|万元|亿元|元)")
_RATE = re.compile(r"([\u4e00-\u9fff]{2})率(?:为|是|达到|达)\s*$")
_GOAL = re.compile(r"^\s*(以上|以下|左右|的目标|目标)")
_SHARE = re.compile(r"占[^，。；,]{0,20}?的\s*$")
_PARTS = re.compile(r"其中[：:]")
COUNT_WORDS = ("套", "户", "个")


@dataclass(frozen=True)
class Figure:
    found: Found
    unit: str  # 套, 万元 … as printed after the number
    context: str  # the words just before it, within its clause
    after: str = ""  # the words just after its unit: "3725套城市棚户区改造任务" names it there

    @property
    def interval(self) -> Interval:
        return self.found.printed.interval(exact_integer=self.unit in COUNT_WORDS)


_CLAUSE = re.compile(r"[，,、：:（）()“”\s\d%.]")
# Dates inside a clause name no figure: "德钦县6月开工数" still speaks of 德钦县.
_DATE = re.compile(r"\d{4}年|\d{1,2}月(?:\d{1,2}日)?")


def _figures(sentence: str, names: Sequence[str] = ()) -> list[Figure]:
    figures = []
    for found in find_figures(sentence):
        unit = _UNIT_WORD.match(sentence, found.end)
        before = _DATE.sub("", sentence[: found.start])
        context = _CLAUSE.split(before)[-1][-14:]
        # A unit's name may hold brackets of its own: 第1州第3县（北京市）开工228套.
        stem = before[: len(before) - len(context)]
        named = next((n for n in names if _CLAUSE.search(n) and stem.endswith(n)), "")
        after = _CLAUSE.split(sentence[unit.end() if unit else found.end :])[0][:14]
        figures.append(Figure(found, unit[1] if unit else "", named + context, after))
    return figures


class NarrativeChecker:
    def __init__(self, tables: list[Table], pairs: list[RatePair]) -> None:
        self.tables = tables
        self.pairs = pairs
        self.tally = Tally()
        self.names = sorted(
            {r.name for t in tables for r in t.body if r.name}, key=len, reverse=True
        )

    def run(self, paragraphs: list[str]) -> Tally:
        for number, text in enumerate(paragraphs, start=1):
            for match in _SENTENCES.finditer(_LOOSE.sub("", text)):
                self._sentence(match[0], number)
        return self.tally

    def _where(self, number: int, sentence: str) -> str:
        excerpt = sentence.strip()
        return f"正文第{number}段“{excerpt[:24]}{'…' if len(excerpt) > 24 else ''}”"

    def _error(
        self,
        where: str,
        message: str,
        printed: str,
        expected: str,
        *,
        unit: str = "",
        kind: Kind = Kind.NARRATIVE,
        cause: str = arith.MISMATCH,
    ) -> None:
        """The running text contradicts itself or the tables: what it prints, what it should."""
        self.tally.add(
            Finding(Severity.ERROR, kind, where, message, unit, printed, expected, cause)
        )

    def _sentence(self, sentence: str, number: int) -> None:
        figures = _figures(sentence, self.names)
        where = self._where(number, sentence)
        used: set[int] = set()
        for i, figure in enumerate(figures):
            if not figure.found.printed.percent:
                continue
            before = sentence[: figure.found.start]
            after = sentence[figure.found.end :]
            if _GOAL.match(after):
                continue
            if _SHARE.search(before):
                used |= self._share(figures, i, sentence, where)
            elif rate := _RATE.search(before):
                used |= self._rate(figures, i, rate[1], where)
        parts = _PARTS.search(sentence)
        if parts:
            self._parts(figures, parts.end(), where)
        for i, figure in enumerate(figures):
            if i not in used and figure.unit and not figure.found.printed.percent:
                self._against_tables(figure, where)

    # -- "占…N套…的R%" -------------------------------------------------------------------
    def _share(self, figures: list[Figure], i: int, sentence: str, where: str) -> set[int]:
        rate = figures[i]
        start = sentence.rfind("占", 0, rate.found.start)
        denominators = [j for j in range(i) if figures[j].found.start > start]
        numerators = [j for j in range(i) if figures[j].found.start < start and figures[j].unit]
        if not denominators or not numerators:
            return set()
        num, den = figures[numerators[-1]], figures[denominators[0]]
        self._ratio(Kind.SHARE, num.interval, den.interval, rate, where)
        return {i, denominators[0]}

    # -- "开工N套，开工率为R%" ----------------------------------------------------------------
    def _rate(self, figures: list[Figure], i: int, label: str, where: str) -> set[int]:
        rate = figures[i]
        numerators = [j for j in range(i) if figures[j].unit and figures[j].context.endswith(label)]
        if not numerators:
            return set()
        num = figures[numerators[-1]]
        for pair in self.pairs:
            if not pair.rate.header.startswith(label):
                continue
            table = next(t for t in self.tables if pair.rate in t.columns)
            row = table.total
            den = table.interval(row, pair.denominator) if row else None
            if den is not None:
                self._ratio(Kind.RATE, num.interval, den, rate, where)
                return {i}
        return set()

    def _ratio(self, kind: Kind, num: Interval, den: Interval, rate: Figure, where: str) -> None:
        computed = ratio(num, den)
        if computed is None:
            return
        self.tally.checked += 1
        printed = rate.found.printed
        if computed.meets(printed.interval()):
            return
        expected = arith.shown(computed, printed.places) + "%"
        cause = (
            arith.cause_of(printed.value, computed.lo, printed.places)
            if computed.is_exact
            else arith.MISMATCH
        )
        formula = f"{arith.plain(num.mid)} ÷ {arith.plain(den.mid)} × 100"
        message = f"{printed.text}与文中数据不符：{formula} 应为{expected}"
        self._error(where, message, printed.text, expected, kind=kind, cause=cause)

    # -- "其中：A开工X套，B开工Y套" -----------------------------------------------------------
    def _parts(self, figures: list[Figure], at: int, where: str) -> None:
        parts = [f for f in figures if f.found.start >= at and f.unit and self._unit_in(f.context)]
        if len(parts) < 2:
            return
        label = _label_after_unit(parts[0].context, self._unit_in(parts[0].context))
        wholes = [
            f
            for f in figures
            if f.found.start < at
            and f.unit == parts[0].unit
            and label
            and f.context.endswith(label)
        ]
        if not wholes:
            return
        whole = wholes[-1]
        self.tally.checked += 1
        got = total([p.interval for p in parts])
        printed = whole.found.printed
        if got.meets(whole.interval):
            return
        covered = self._covers_all({self._unit_in(p.context) for p in parts})
        if got.lo <= whole.interval.hi and not covered:
            return  # 其中 may name only some units
        expected = arith.shown(got, printed.places)
        message = f"其中所列各单位之和为{expected}，与{label}{printed.text}不符"
        self._error(where, message, printed.text, expected)

    def _unit_in(self, context: str) -> str:
        return next((n for n in self.names if n in context), "")

    def _covers_all(self, named: set[str]) -> bool:
        return any({r.name for r in t.body} <= named for t in self.tables)

    # -- a labelled figure against the tables ----------------------------------------------------
    def _against_tables(self, figure: Figure, where: str) -> None:
        unit = self._unit_in(figure.context)
        kinds = (ColumnKind.AMOUNT,) if "元" in figure.unit else (ColumnKind.COUNT,)
        label, candidates = _candidates(
            self.tables,
            _label_after_unit(figure.context, unit),
            kinds,
        )
        if figure.after and candidates:
            # The words after a figure may name it instead: 下达3725套城市棚户区改造任务.
            candidates += _candidates(self.tables, figure.after, kinds)[1]
        seen: list[tuple[Table, Column, Printed]] = []
        for table, column in candidates:
            row = table.find_row(unit) if unit else table.total
            cell = table.printed(row, column) if row else None
            if cell is not None:
                seen.append((table, column, cell))
        if not seen:
            return
        self.tally.checked += 1
        exact = figure.unit in COUNT_WORDS
        if any(c.interval(exact_integer=exact).meets(figure.interval) for _, _, c in seen):
            return
        printed = figure.found.printed
        table, column, cell = min(seen, key=lambda s: abs(s[2].value - printed.value))
        place = f"{table.label}{unit or '合计'}{column.label}"
        message = f"文中{unit}{label}{printed.text}{figure.unit}与{place}{cell.text}不符"
        self._error(where, message, printed.text, cell.text, unit=unit)


def _label_after_unit(context: str, unit: str) -> str:
    return context.split(unit)[-1] if unit else context


def _candidates(
    tables: list[Table], context: str, kinds: tuple[ColumnKind, ...]
) -> tuple[str, list[tuple[Table, Column]]]:
    """The columns whose headers share the longest run of words with a figure's context."""
    words = "".join(_CJK.findall(context))
    for size in range(len(words), 1, -1):
        found: list[tuple[Table, Column]] = []
        label = ""
        for start in range(len(words) - size + 1):
            piece = words[start : start + size]
            hits = [(t, c) for t in tables for c in t.of_kind(*kinds) if piece in c.header]
            if hits:
                found += hits
                label = label or piece
        if found:
            return label, found
    return "", []


def check_narrative(paragraphs: list[str], tables: list[Table], pairs: list[RatePair]) -> Tally:
    return NarrativeChecker(tables, pairs).run(paragraphs)
