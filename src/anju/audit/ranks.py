"""Rank order: a 排序 column against the key its header names, or the table's rate."""

from __future__ import annotations

import re
from decimal import Decimal

from anju.audit import arith
from anju.audit.findings import Finding, Kind, Severity
from anju.audit.intervals import Interval
from anju.audit.tables import Column, ColumnKind, Row, Table, squeeze
from anju.audit.tally import RatePair, Tally

_RANK_WORDS = re.compile(r"排序|排名|名次|位次")


def _bare(header: str) -> str:
    return squeeze(header).replace("（%）", "").replace("(%)", "").replace("%", "")


def _key_column(table: Table, rank: Column, pairs: list[RatePair]) -> tuple[Column | None, bool]:
    named = _bare(_RANK_WORDS.sub("", rank.header))
    if named:
        numeric = [c for c in table.columns if c.numeric and _bare(c.header)]
        for column in numeric:
            if _bare(column.header) in (named, named.removesuffix("率")):
                return column, True
        for column in sorted(numeric, key=lambda c: c.kind != ColumnKind.RATE):
            header = _bare(column.header)
            if named.startswith(header) or header.startswith(named):
                return column, True
    return (pairs[0].rate if pairs else next(iter(table.of_kind(ColumnKind.RATE)), None)), False


def _ranked(table: Table, rank: Column) -> list[tuple[Row, int]]:
    ranked = []
    for row in table.body:
        printed = table.printed(row, rank)
        if printed is not None and printed.is_integer:
            ranked.append((row, int(printed.value)))
    return ranked


def _rank_bounds(table: Table, key: Column, rows: list[Row], row: Row) -> tuple[int, int] | None:
    mine = table.interval(row, key)
    if mine is None:
        return None
    others = [i for i in (table.interval(r, key) for r in rows if r is not row) if i is not None]
    above = sum(1 for i in others if i.lo > mine.hi)
    below = sum(1 for i in others if i.hi < mine.lo)
    return above + 1, len(rows) - below


def _out_of_order(
    table: Table, key: Column, ranked: list[tuple[Row, int]]
) -> list[tuple[Row, int, tuple[int, int]]]:
    rows = [r for r, _ in ranked]
    bad = []
    for row, rank in ranked:
        bounds = _rank_bounds(table, key, rows, row)
        if bounds is not None and not bounds[0] <= rank <= bounds[1]:
            bad.append((row, rank, bounds))
    return bad


def check_rank(table: Table, rank: Column, pairs: list[RatePair], tally: Tally) -> None:
    ranked = _ranked(table, rank)
    key, named = _key_column(table, rank, pairs)
    if key is None or len(ranked) < 2:
        return
    tally.checked += len(ranked)
    bad = _out_of_order(table, key, ranked)
    if not bad:
        return
    follows = next(
        (
            c
            for c in table.columns
            if c.numeric and c != key and not _out_of_order(table, c, ranked)
        ),
        None,
    )
    if named and follows is None:
        for row, rank_value, (low, high) in bad:
            expected = str(low) if low == high else f"{low}～{high}"
            message = f"按{key.label}，{row.name}应排第{expected}位，表中为第{rank_value}位"
            printed, cause = str(rank_value), arith.MISMATCH
            tally.add(
                table.finding(
                    row, rank, Severity.ERROR, Kind.RANK, message, printed, expected, cause
                )
            )
        return
    order = sorted(
        (r for r, _ in ranked),
        key=lambda r: -(table.interval(r, key) or Interval.exact(Decimal(0))).mid,
    )
    printed_order = "、".join(r.name for r, _ in sorted(ranked, key=lambda p: p[1]))
    expected_order = "、".join(r.name for r in order)
    if follows is not None:
        message = f"{rank.label}按{follows.label}排列，而非{key.label}"
    else:
        message = f"{rank.label}未按{key.label}排列，也不按表中其他列排列"
    message += f"（按{key.label}应为：{expected_order}）"
    tally.add(
        Finding(
            Severity.NOTE,
            Kind.ORDER,
            table.where(None, rank),
            message,
            "",
            printed_order,
            expected_order,
            arith.ORDER_KEY,
        )
    )
