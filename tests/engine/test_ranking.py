from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.engine.ranking import Ranking, SortKey, rank_rows
from anju.engine.values import NA, Value

D = Decimal


def order_and_ranks(ranking: Ranking) -> list[tuple[int, int | None]]:
    return [(row.index, row.rank) for row in ranking.rows]


def test_example_a_rates_rank_in_order() -> None:
    rows = [{"rate": D("62.05")}, {"rate": D("61.20")}, {"rate": D("61.02")}]
    ranking = rank_rows(rows, keys=[SortKey("rate")])
    assert order_and_ranks(ranking) == [(0, 1), (1, 2), (2, 3)]
    assert not ranking.all_tied
    assert ranking.unranked == ()


def test_example_b_all_tied_leaves_every_rank_empty() -> None:
    rows: list[dict[str, Value]] = [
        {"rate": D(0), "task": D(2000)},
        {"rate": D(0), "task": D(250)},
        {"rate": D(0), "task": D(1475)},
        {"rate": NA},
    ]
    ranking = rank_rows(
        rows,
        keys=[SortKey("rate")],
        tiebreak=[SortKey("task")],
        eligible=[True, True, True, False],
    )
    assert order_and_ranks(ranking) == [(0, None), (2, None), (1, None), (3, None)]
    assert ranking.all_tied
    assert ranking.unranked == (3,)


def test_example_c_second_key_separates_equal_net_change() -> None:
    names = ["香格里拉市", "德钦县", "维西县", "开发区", "州本级"]
    net = [0, 34, 40, 0, -55]
    occupancy = ["52.48", "95.14", "88.14", "31.06", "37.17"]
    rows = [{"net": D(n), "rate": D(r)} for n, r in zip(net, occupancy, strict=True)]
    ranking = rank_rows(rows, keys=[SortKey("net"), SortKey("rate")])
    assert [(names[row.index], row.rank) for row in ranking.rows] == [
        ("维西县", 1),
        ("德钦县", 2),
        ("香格里拉市", 3),
        ("开发区", 4),
        ("州本级", 5),
    ]


def test_example_d_competition_ranking() -> None:
    rows = [{"v": D(v)} for v in (5, 3, 3, 1)]
    assert [row.rank for row in rank_rows(rows, keys=[SortKey("v")]).rows] == [1, 2, 2, 4]


def test_ascending_key() -> None:
    rows = [{"v": D(v)} for v in (5, 3, 1)]
    ranking = rank_rows(rows, keys=[SortKey("v", descending=False)])
    assert order_and_ranks(ranking) == [(2, 1), (1, 2), (0, 3)]


def test_tiebreak_orders_but_never_ranks() -> None:
    rows = [{"v": D(3), "t": D(1)}, {"v": D(3), "t": D(9)}, {"v": D(1), "t": D(5)}]
    ranking = rank_rows(rows, keys=[SortKey("v")], tiebreak=[SortKey("t")])
    assert order_and_ranks(ranking) == [(1, 1), (0, 1), (2, 3)]


def test_na_tiebreak_sorts_last_in_either_direction() -> None:
    rows: list[dict[str, Value]] = [{"v": D(1), "t": NA}, {"v": D(1), "t": D(2)}, {"v": D(0)}]
    for descending in (True, False):
        ranking = rank_rows(rows, keys=[SortKey("v")], tiebreak=[SortKey("t", descending)])
        assert [row.index for row in ranking.rows] == [1, 0, 2]


def test_a_row_missing_a_key_is_unranked_and_follows() -> None:
    rows: list[dict[str, Value]] = [{"v": NA}, {"v": D(2)}, {}, {"v": D(7)}]
    ranking = rank_rows(rows, keys=[SortKey("v")])
    assert order_and_ranks(ranking) == [(3, 1), (1, 2), (0, None), (2, None)]
    assert ranking.unranked == (0, 2)


def test_ineligible_rows_follow_in_key_order() -> None:
    rows = [{"v": D(v)} for v in (1, 9, 5, 7)]
    ranking = rank_rows(rows, keys=[SortKey("v")], eligible=[True, False, True, False])
    assert order_and_ranks(ranking) == [(2, 1), (0, 2), (1, None), (3, None)]
    assert ranking.unranked == (1, 3)


def test_a_single_ranked_row_is_first_not_tied() -> None:
    ranking = rank_rows([{"v": D(0)}, {"v": NA}], keys=[SortKey("v")])
    assert order_and_ranks(ranking) == [(0, 1), (1, None)]
    assert not ranking.all_tied


def test_no_rows() -> None:
    ranking = rank_rows([], keys=[SortKey("v")])
    assert ranking == Ranking(rows=(), all_tied=False, unranked=())


def test_equal_figures_tie_whatever_their_exponent() -> None:
    ranking = rank_rows([{"v": D("61.2")}, {"v": D("61.20")}], keys=[SortKey("v")])
    assert ranking.all_tied


def test_eligible_must_match_rows() -> None:
    with pytest.raises(ValueError, match="one flag per row"):
        rank_rows([{"v": D(1)}], keys=[SortKey("v")], eligible=[True, False])


# --- properties -------------------------------------------------------------------------------

figures = st.one_of(st.just(NA), st.integers(-3, 3).map(D))
row_strategy = st.fixed_dictionaries({"k1": figures, "k2": figures, "t": figures})
KEYS = (SortKey("k1"), SortKey("k2", descending=False))
TIEBREAK = (SortKey("t"),)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[dict[str, Value]], list[bool]]:
    rows = draw(st.lists(row_strategy, max_size=12))
    eligible = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    return rows, eligible


def key_tuple(row: Mapping[str, Value]) -> tuple[Value, ...]:
    return tuple(row[key.field] for key in KEYS)


def strictly_better(a: Mapping[str, Value], b: Mapping[str, Value]) -> bool:
    for key in KEYS:
        x, y = a[key.field], b[key.field]
        assert x is not NA and y is not NA
        if x != y:
            return x > y if key.descending else x < y
    return False


def rankable(row: Mapping[str, Value], eligible: bool) -> bool:
    return eligible and all(value is not NA for value in key_tuple(row))


def ranked_map(rows: Sequence[Mapping[str, Value]], eligible: Sequence[bool]) -> Ranking:
    return rank_rows(rows, keys=KEYS, tiebreak=TIEBREAK, eligible=eligible)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_ranking_properties(table: tuple[list[dict[str, Value]], list[bool]]) -> None:
    rows, eligible = table
    ranking = ranked_map(rows, eligible)
    assert sorted(row.index for row in ranking.rows) == list(range(len(rows)))

    ranked = [row for row in ranking.rows if rankable(rows[row.index], eligible[row.index])]
    unranked = [row.index for row in ranking.rows if row not in ranked]
    # Rankable rows come first; the rest follow, unranked, and are reported as such.
    assert list(ranking.rows[: len(ranked)]) == ranked
    assert tuple(unranked) == ranking.unranked
    assert all(row.rank is None for row in ranking.rows[len(ranked) :])

    if ranking.all_tied:
        assert len(ranked) >= 2
        assert len({key_tuple(rows[row.index]) for row in ranked}) == 1
        assert all(row.rank is None for row in ranked)
        return

    ranks = [row.rank for row in ranked]
    assert all(rank is not None for rank in ranks)
    assert ranks == sorted(ranks, key=lambda rank: rank or 0)
    for row in ranked:
        better = sum(strictly_better(rows[o.index], rows[row.index]) for o in ranked)
        assert row.rank == 1 + better
        for other in ranked:
            same = key_tuple(rows[row.index]) == key_tuple(rows[other.index])
            assert same == (row.rank == other.rank)


@settings(max_examples=150, deadline=None)
@given(table=tables(), data=st.data())
def test_ranks_do_not_depend_on_input_order(
    table: tuple[list[dict[str, Value]], list[bool]], data: st.DataObject
) -> None:
    rows, eligible = table
    permutation = data.draw(st.permutations(range(len(rows))))
    before = {row.index: row.rank for row in ranked_map(rows, eligible).rows}
    shuffled = ranked_map([rows[i] for i in permutation], [eligible[i] for i in permutation])
    after = {permutation[row.index]: row.rank for row in shuffled.rows}
    assert after == before
