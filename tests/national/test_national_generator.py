"""The generated national data set: its unit tree, its programme, and figures that are
deterministic, plausible and consistent."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest

from anju.cli import main
from anju.errors import InvalidInput
from anju.national import NATION_CODE, PROGRAMME_CODE, NationalSummary, generate_national
from anju.national.figures import county_figures
from anju.national.programme import national_definition
from anju.national.tree import apportion, load_provinces, unit_tree
from anju.programmes.models import DataElement, Programme, Target, Unit
from anju.reporting.checks import check_entry
from anju.reporting.models import Report, ReportValue

FULL = {"provinces": 31, "prefectures": 333, "counties": 2844}
RATIOS_WITHIN = (
    ("gzf_occupied", "gzf_built"),
    ("gzf_occupied_to2013", "gzf_built_to2013"),
    ("gzf_occupied_2014", "gzf_built_2014"),
)


# --- the tree, without a database -------------------------------------------------------------


def test_the_full_tree_has_the_requested_numbers_of_units() -> None:
    plans = unit_tree(**FULL)
    kinds = defaultdict(int)
    for plan in plans:
        kinds[plan.kind] += 1
    assert dict(kinds) == {"nation": 1, "province": 31, "prefecture": 333, "county": 2844}
    assert len({plan.code for plan in plans}) == len(plans)
    assert len({plan.name for plan in plans}) == len(plans)  # a name finds one unit


def test_provinces_carry_their_real_codes_and_names() -> None:
    provinces = [(p.code, p.name) for p in unit_tree(**FULL) if p.kind == "province"]
    assert provinces[:3] == [("110000", "北京市"), ("120000", "天津市"), ("130000", "河北省")]
    assert provinces[-1] == ("650000", "新疆维吾尔自治区")
    assert ("530000", "云南省") in provinces
    assert [code for code, _ in provinces] == sorted(code for code, _ in provinces)
    assert len(load_provinces()) == 31


def test_codes_paths_and_depths_follow_the_tree() -> None:
    plans = {plan.code: plan for plan in unit_tree(**FULL)}
    for plan in plans.values():
        if plan.parent is None:
            assert (plan.code, plan.path, plan.depth) == (NATION_CODE, "100000/", 0)
            continue
        parent = plans[plan.parent]
        assert plan.path == f"{parent.path}{plan.code}/"
        assert plan.depth == parent.depth + 1
        if plan.kind == "prefecture":  # PPMM00 within province PP0000
            assert re.fullmatch(rf"{parent.code[:2]}(0[1-9]|[1-9]\d)00", plan.code)
        if plan.kind == "county":  # PPMMCC within prefecture PPMM00
            assert re.fullmatch(rf"{parent.code[:4]}(0[1-9]|[1-9]\d)", plan.code)


def test_every_province_and_prefecture_has_units_below_it() -> None:
    plans = unit_tree(**FULL)
    children = defaultdict(int)
    for plan in plans:
        children[plan.parent] += 1
    assert all(children[p.code] >= 1 for p in plans if p.kind in ("province", "prefecture"))


def test_apportion_sums_exactly_and_keeps_the_minimum() -> None:
    assert apportion(10, [1, 1, 1], [1, 1, 1]) == [4, 3, 3]
    assert apportion(5, [100, 1], [1, 1]) == [4, 1]
    parts = apportion(2844, [p.counties for p in load_provinces()], [1] * 31)
    assert sum(parts) == 2844
    assert min(parts) >= 1
    with pytest.raises(ValueError, match="cannot split"):
        apportion(2, [1, 1, 1], [1, 1, 1])


def test_a_full_year_of_figures_is_consistent() -> None:
    cumulative = {e.code for e in national_definition().data_elements if e.time == "cumulative"}
    rng = random.Random(5)
    counties = [county_figures(rng, 12) for _ in range(400)]
    for county in counties:
        for before, after in pairwise(county.months):
            assert before.keys() == after.keys()
            assert all(after[code] >= before[code] for code in cumulative & after.keys())
        for month in county.months:
            assert all(month[occupied] <= month[built] for occupied, built in RATIOS_WITHIN)
            if "hbh_households" in month:  # resettled with money: part of those started
                assert month["hbh_households"] <= month["pg_started"]
    year_end = [
        (c.months[-1]["pg_started"], c.targets["pg_task"])
        for c in counties
        if c.targets.get("pg_task")
    ]
    within = sum(started <= task for started, task in year_end) / len(year_end)
    assert 0.8 <= within < 1  # mostly within the target; a few start more, as in real years
    assert len(year_end) < len(counties)  # some counties have no shantytown task


def test_impossible_sizes_are_refused(db: None) -> None:
    with pytest.raises(ValueError, match="prefectures"):
        generate_national(provinces=3, prefectures=2, counties=25, months=1)
    with pytest.raises(ValueError, match="months"):
        generate_national(provinces=3, prefectures=7, counties=25, months=13)


# --- the stored set ---------------------------------------------------------------------------


def test_stored_units_have_consistent_paths(national: NationalSummary, db: None) -> None:
    units = {u.pk: u for u in Unit.objects.filter(path__startswith="100000/")}
    assert len(units) == national.units == 1 + 3 + 7 + 25
    for unit in units.values():
        if unit.code == NATION_CODE:
            assert (unit.parent_id, unit.path, unit.depth, unit.kind) == (
                None,
                "100000/",
                0,
                "nation",
            )
            continue
        parent = units[unit.parent_id]
        assert (unit.path, unit.depth) == (f"{parent.path}{unit.code}/", parent.depth + 1)
        assert unit.compute_path() == (unit.path, unit.depth)


def test_the_programme_reuses_the_demo_definitions(national: NationalSummary, db: None) -> None:
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    demo = Programme.objects.get(code="diqing-2017")
    assert (programme.scope.code, programme.year) == (NATION_CODE, 2017)

    def definitions(p: Programme) -> tuple[Any, ...]:
        return (
            list(
                p.data_elements.values_list("code", "role", "time_aggregation", "places", "rules")
            ),
            list(p.indicators.values_list("code", "formula", "places")),
            list(p.tables.values_list("code", "number", "keys", "tiebreak", "eligible_if")),
            [
                list(t.columns.values_list("key", "kind", "source", "places"))
                for t in p.tables.all()
            ],
        )

    assert definitions(programme) == definitions(demo)


def test_every_county_has_targets_and_an_approved_report_each_month(
    national: NationalSummary, db: None
) -> None:
    counties = Unit.objects.filter(path__startswith="100000/", kind="county")
    reports = Report.objects.filter(period__programme__code=PROGRAMME_CODE)
    assert counties.count() == 25
    assert reports.count() == national.reports == 25 * 2
    assert set(reports.values_list("status", flat=True)) == {Report.Status.APPROVED}
    targeted = Target.objects.filter(element__programme__code=PROGRAMME_CODE)
    assert set(targeted.values_list("unit_id", flat=True)) == set(
        counties.values_list("pk", flat=True)
    )
    assert targeted.count() == national.targets
    assert not reports.exclude(unit__kind="county").exists()  # only counties report


def stored_figures() -> dict[tuple[str, int, str], Decimal]:
    rows = ReportValue.objects.filter(report__period__programme__code=PROGRAMME_CODE).values_list(
        "report__unit__code", "report__period__month", "element__code", "value"
    )
    return {(unit, month, element): value for unit, month, element, value in rows}


def stored_targets() -> dict[tuple[str, str], Decimal]:
    rows = Target.objects.filter(element__programme__code=PROGRAMME_CODE).values_list(
        "unit__code", "element__code", "value"
    )
    return {(unit, element): value for unit, element, value in rows}


def test_year_to_date_figures_never_fall(national: NationalSummary, db: None) -> None:
    figures = stored_figures()
    cumulative = set(
        DataElement.objects.filter(
            programme__code=PROGRAMME_CODE, time_aggregation=DataElement.TimeAggregation.CUMULATIVE
        ).values_list("code", flat=True)
    )
    compared = 0
    for (unit, month, element), value in figures.items():
        if element in cumulative and month > 1:
            assert value >= figures[(unit, month - 1, element)], (unit, month, element)
            compared += 1
    assert compared > 100


def test_occupied_flats_never_exceed_those_built(national: NationalSummary, db: None) -> None:
    figures = stored_figures()
    for (unit, month, element), value in figures.items():
        for occupied, built in RATIOS_WITHIN:
            if element == occupied:
                assert value <= figures[(unit, month, built)], (unit, month, element)


def test_figures_are_plausible(national: NationalSummary, db: None) -> None:
    figures, targets = stored_figures(), stored_targets()
    places = dict(
        DataElement.objects.filter(programme__code=PROGRAMME_CODE).values_list("code", "places")
    )
    for (_, _, element), value in figures.items():
        assert value >= 0
        assert value == value.quantize(Decimal(1).scaleb(-places[element])), (element, value)
    assert any(
        value != value.to_integral_value() for (*_, e), value in figures.items() if e == "invest"
    )
    starts = [
        (value, targets[(unit, "pg_task")])
        for (unit, month, element), value in figures.items()
        if element == "pg_started" and month == 2
    ]
    assert starts
    assert sum(started <= task for started, task in starts) >= 0.8 * len(starts)


def test_the_programme_rules_accept_every_report(national: NationalSummary, db: None) -> None:
    """The programme's own entry checks (never below last month, occupied ≤ built) find no
    error in any generated report; warnings (more started than the target) may occur."""
    reports = Report.objects.filter(period__programme__code=PROGRAMME_CODE).select_related(
        "period", "unit"
    )
    for report in reports:
        values = dict(report.values.values_list("element__code", "value"))
        assert check_entry(report=report, values=values).errors == {}, report


def test_the_same_seed_gives_the_same_figures(db: None) -> None:
    sizes = {"provinces": 3, "prefectures": 7, "counties": 25, "months": 2}
    generate_national(seed=11, **sizes)
    first = (stored_figures(), stored_targets())
    summary = generate_national(seed=11, **sizes)
    assert (stored_figures(), stored_targets()) == first
    assert summary.values == len(first[0])
    assert Programme.objects.filter(code=PROGRAMME_CODE).count() == 1
    generate_national(seed=12, **sizes)
    assert stored_figures() != first[0]


def test_a_smaller_set_replaces_a_larger_one(db: None) -> None:
    generate_national(provinces=3, prefectures=7, counties=25, months=2)
    summary = generate_national(provinces=2, prefectures=3, counties=5, months=1)
    assert Unit.objects.filter(path__startswith="100000/").count() == summary.units == 1 + 2 + 3 + 5
    assert Report.objects.filter(period__programme__code=PROGRAMME_CODE).count() == 5
    assert not Unit.objects.filter(code="130000").exists()


def test_a_code_taken_outside_the_national_tree_is_refused(db: None) -> None:
    generate_national(provinces=1, prefectures=1, counties=1, months=1)
    Unit.objects.create(code="120100", name="别处", kind="prefecture", path="120100/")
    with pytest.raises(InvalidInput, match="120100"):
        generate_national(provinces=2, prefectures=2, counties=2, months=1)


def test_cli_prints_progress_and_a_summary(
    db: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import anju.national

    def small(**kwargs: Any) -> NationalSummary:
        return generate_national(**kwargs, provinces=2, prefectures=3, counties=5, months=1)

    monkeypatch.setattr(anju.national, "generate_national", small)
    status = main(["gen-national", "--seed", "7"])
    out = capsys.readouterr().out
    assert status == 0
    assert "删除旧的全国数据…" in out
    assert out.splitlines()[-1].startswith("全国数据已生成（种子 7）：单位 11 个")
    assert "月报 5 份" in out
