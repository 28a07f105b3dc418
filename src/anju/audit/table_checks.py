"""Checks of a recognised table: rates, totals, differences, rank order, precision."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import permutations

from anju.audit import arith
from anju.audit.findings import Finding, Kind, Severity
from anju.audit.intervals import ratio, total
from anju.audit.ranks import check_rank
from anju.audit.tables import Column, ColumnKind, Row, Table
from anju.audit.tally import RatePair, Tally
from anju.engine.values import explain_rounding

_DIFFERENCE_HEADER = re.compile(r"未|剩余|差额|缺口|增减|尚需")


def check_table(table: Table) -> tuple[Tally, list[RatePair]]:
    tally = Tally()
    pairs = [p for p in (_check_rate(table, c, tally) for c in table.of_kind(ColumnKind.RATE)) if p]
    _check_sums(table, tally)
    _check_differences(table, tally)
    for column in table.of_kind(ColumnKind.RANK):
        check_rank(table, column, pairs, tally)
    _check_precision(table, tally)
    _truncation_pattern(table, tally)
    return tally, pairs


# -- rates -----------------------------------------------------------------------------------
def _rate_rows(table: Table, rate: Column) -> list[Row]:
    return [r for r in table.rows if not r.is_part and table.printed(r, rate) is not None]


def _gives(table: Table, row: Row, rate: Column, num: Column, den: Column) -> bool | None:
    printed, a, b = table.interval(row, rate), table.interval(row, num), table.interval(row, den)
    if printed is None or a is None or b is None:
        return None
    computed = ratio(a, b)
    return None if computed is None else computed.meets(printed)


def _affinity(rate: Column, column: Column) -> int:
    return len(set(rate.header) & set(column.header))


def _best_pair(table: Table, rate: Column) -> RatePair | None:
    inputs = table.of_kind(ColumnKind.COUNT, ColumnKind.AMOUNT)
    best: tuple[int, int, int] | None = None
    chosen: RatePair | None = None
    for num, den in permutations(inputs, 2):
        verdicts = [_gives(table, r, rate, num, den) for r in _rate_rows(table, rate)]
        passes, fails = verdicts.count(True), verdicts.count(False)
        score = (passes, -fails, _affinity(rate, num) + _affinity(rate, den))
        accepted = passes > fails or passes >= max(2, fails)
        if accepted and (best is None or score > best):
            best, chosen = score, RatePair(rate, num, den)
    return chosen


def _check_rate(table: Table, rate: Column, tally: Tally) -> RatePair | None:
    pair = _best_pair(table, rate)
    if pair is None:
        return None
    for row in _rate_rows(table, rate):
        verdict = _gives(table, row, rate, pair.numerator, pair.denominator)
        if verdict is None:
            continue
        tally.checked += 1
        if not verdict:
            tally.add(_rate_finding(table, row, pair))
    return pair


def _rate_finding(table: Table, row: Row, pair: RatePair) -> Finding:
    printed = table.printed(row, pair.rate)
    a = table.interval(row, pair.numerator)
    b = table.interval(row, pair.denominator)
    assert printed is not None and a is not None and b is not None
    computed = ratio(a, b)
    assert computed is not None
    places = printed.places
    expected = arith.shown(computed, places)
    formula = f"{pair.numerator.label} ÷ {pair.denominator.label} × 100"
    if a.is_exact and b.is_exact:
        cause = arith.cause_of(printed.value, computed.lo, places)
        if cause != arith.MISMATCH:
            line = explain_rounding(a.lo, b.lo, places, printed=printed.text.rstrip("%"))
            message = f"{formula}：{line}"
            return table.finding(
                row, pair.rate, Severity.ERROR, Kind.RATE, message, printed.text, expected, cause
            )
    other = _other_denominator(table, row, pair)
    if other is not None:
        message = (
            f"{pair.rate.label}{printed.text}系按{other.label}计算，"
            f"本表其余各行按{pair.denominator.label}计算（应为{expected}）"
        )
        cause = arith.DENOMINATOR
        return table.finding(
            row, pair.rate, Severity.ERROR, Kind.RATE, message, printed.text, expected, cause
        )
    return _implied_denominator(table, row, pair, expected)


def _other_denominator(table: Table, row: Row, pair: RatePair) -> Column | None:
    for column in table.of_kind(ColumnKind.COUNT, ColumnKind.AMOUNT):
        others = column not in (pair.numerator, pair.denominator)
        if others and _gives(table, row, pair.rate, pair.numerator, column):
            return column
    return None


def _implied_denominator(table: Table, row: Row, pair: RatePair, expected: str) -> Finding:
    printed = table.printed(row, pair.rate)
    a = table.interval(row, pair.numerator)
    stated = table.printed(row, pair.denominator)
    assert printed is not None and a is not None and stated is not None
    p = printed.interval()
    implied = ratio(a, p) if p.lo > 0 else None
    guess = arith.likely_integer(implied) if implied is not None else None
    if guess is None:
        message = (
            f"{pair.rate.label}{printed.text}与{pair.numerator.label}、"
            f"{pair.denominator.label}不符（按本行数据应为{expected}）"
        )
        cause = arith.MISMATCH
    else:
        typo = arith.one_digit_apart(arith.plain(guess), arith.plain(stated.value))
        cause = arith.TYPO if typo else arith.SUB_TARGET
        reason = (
            f"疑{pair.denominator.label}{stated.text}有误" if typo else "疑按未列明的分解目标计算"
        )
        message = (
            f"本行没有一组数据能得出{pair.rate.label}{printed.text}（按{pair.numerator.label}÷"
            f"{pair.denominator.label}应为{expected}）；以{arith.plain(guess)}为分母可得，{reason}"
        )
    return table.finding(
        row, pair.rate, Severity.WARNING, Kind.RATE, message, printed.text, expected, cause
    )


# -- totals and differences -----------------------------------------------------------------
def _check_sums(table: Table, tally: Tally) -> None:
    total_row = table.total
    if total_row is None:
        return
    for column in table.of_kind(ColumnKind.COUNT, ColumnKind.AMOUNT):
        printed = table.printed(total_row, column)
        parts = [i for i in (table.interval(r, column) for r in table.body) if i is not None]
        if printed is None or not parts:
            continue
        tally.checked += 1
        got = total(parts)
        if got.meets(printed.interval(exact_integer=column.kind == ColumnKind.COUNT)):
            continue
        places = printed.places
        expected = arith.shown(got, places)
        blanks = [r.name for r in table.body if table.printed(r, column) is None]
        if blanks:
            severity, cause = Severity.WARNING, arith.ROWS_MISSING
            message = (
                f"合计{printed.text}与各行之和{expected}不符；{'、'.join(blanks)}未填，"
                "疑缺行或统计口径（截至日期）不同"
            )
        else:
            severity = Severity.ERROR
            cause, detail = _sum_cause(table, column, printed.value - got.mid)
            message = f"合计{printed.text}不等于各行之和{expected}{detail}"
        tally.add(
            table.finding(
                total_row, column, severity, Kind.SUM, message, printed.text, expected, cause
            )
        )


def _sum_cause(table: Table, column: Column, gap: Decimal) -> tuple[str, str]:
    for row in table.body:
        value = table.printed(row, column)
        if value is not None and value.value != 0 and abs(value.value) == abs(gap):
            verb = "重复计入" if gap > 0 else "漏计"
            return (
                arith.ROW_LEFT_OUT,
                f"（相差{arith.plain(abs(gap))}，恰为{row.name}的数，疑{verb}）",
            )
    return arith.MISMATCH, f"（相差{arith.plain(gap)}）"


def _check_differences(table: Table, tally: Tally) -> None:
    inputs = table.of_kind(ColumnKind.COUNT, ColumnKind.AMOUNT)
    for column in inputs:
        if not _DIFFERENCE_HEADER.search(column.header):
            continue
        for a, b in permutations([c for c in inputs if c != column], 2):
            verdicts = [_difference_meets(table, r, column, a, b) for r in table.rows]
            if verdicts.count(True) > verdicts.count(False):
                _report_differences(table, column, a, b, verdicts, tally)
                break


def _difference_meets(table: Table, row: Row, column: Column, a: Column, b: Column) -> bool | None:
    c, x, y = table.interval(row, column), table.interval(row, a), table.interval(row, b)
    if c is None or x is None or y is None:
        return None
    return (x - y).meets(c)


def _report_differences(
    table: Table, column: Column, a: Column, b: Column, verdicts: list[bool | None], tally: Tally
) -> None:
    for row, verdict in zip(table.rows, verdicts, strict=True):
        if verdict is None:
            continue
        tally.checked += 1
        if verdict:
            continue
        printed, x, y = table.printed(row, column), table.interval(row, a), table.interval(row, b)
        assert printed is not None and x is not None and y is not None
        expected = arith.shown(x - y, printed.places)
        message = f"{column.label}{printed.text}不等于{a.label}减{b.label}（应为{expected}）"
        cause = arith.MISMATCH
        tally.add(
            table.finding(
                row, column, Severity.ERROR, Kind.DIFFERENCE, message, printed.text, expected, cause
            )
        )


# -- form of the figures ---------------------------------------------------------------------------
def _check_precision(table: Table, tally: Tally) -> None:
    for column in table.columns:
        if not column.numeric:
            continue
        cells = [
            (r, p)
            for r in table.rows
            if (p := table.printed(r, column)) is not None and p.places > 0
        ]
        counts = Counter(p.places for _, p in cells)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        for row, printed in cells:
            if printed.places == usual:
                continue
            message = f"{printed.text}保留{printed.places}位小数，本列其余保留{usual}位"
            expected, cause = f"{usual}位小数", arith.PRECISION
            note = table.finding(
                row, column, Severity.NOTE, Kind.PRECISION, message, printed.text, expected, cause
            )
            tally.add(note)


def _truncation_pattern(table: Table, tally: Tally) -> None:
    cut = [
        f for f in tally.findings if f.cause == arith.TRUNCATION and f.where.startswith(table.label)
    ]
    if len(cut) >= 2:
        units = "、".join(f.unit for f in cut)
        message = (
            f"{table.label}有{len(cut)}处比率直接截断而非四舍五入（{units}），疑制表时用了截断公式"
        )
        tally.add(
            Finding(
                Severity.NOTE,
                Kind.TRUNCATION_PATTERN,
                table.label,
                message,
                "",
                "",
                "",
                arith.TRUNCATION,
            )
        )
