from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.engine.milestones import (
    MilestoneSpec,
    Observation,
    PlanCheck,
    check_plan,
    evaluate_milestone,
    milestone_concerns,
    next_milestone,
)
from anju.engine.values import NA, Value

D = Decimal

START_60 = MilestoneSpec(
    code="start-60",
    label="6月底前棚户区改造开工率达到60%",
    target="pg_task",
    actual="pg_started",
    threshold=D(60),
    due=datetime.date(2017, 6, 30),
)
START_100 = MilestoneSpec(
    code="start-100",
    label="10月底前棚户区改造开工率达到100%",
    target="pg_task",
    actual="pg_started",
    threshold=D(100),
    due=datetime.date(2017, 10, 31),
)
WEIXI_JUNE = [Observation(6, D(900))]


def test_sixty_percent_by_june_is_met() -> None:
    state = evaluate_milestone(START_60, target=D(1475), history=WEIXI_JUNE, as_of_month=6)
    assert state.actual == D(900)
    assert state.rate == D("61.02")
    assert state.required == D(885)
    assert state.met is True
    assert state.gap == D(0)
    assert state.months_left == 0
    assert state.pace_needed == D(0)
    assert state.gap_text() == "已完成"


def test_full_start_by_october_needs_a_monthly_pace() -> None:
    state = evaluate_milestone(START_100, target=D(1475), history=WEIXI_JUNE, as_of_month=6)
    assert state.required == D(1475)
    assert state.met is False
    assert state.gap == D(575)
    assert state.months_left == 4
    assert state.pace_needed == D(144)  # 575 / 4 = 143.75, rounded up
    assert state.gap_text() == "还需开工 575 套"


def test_single_observation_forecast_runs_through_the_start_of_the_year() -> None:
    state = evaluate_milestone(START_100, target=D(1475), history=WEIXI_JUNE, as_of_month=6)
    assert state.forecast == D(1500)
    assert state.forecast_met is True


def test_forecast_is_least_squares_over_reported_months() -> None:
    history = [Observation(m, D(v)) for m, v in [(2, 100), (4, 300), (6, 900)]]
    state = evaluate_milestone(START_100, target=D(1475), history=history, as_of_month=6)
    # Points (0,0) (2,100) (4,300) (6,900): slope 145, intercept -110 → 1340 at month 10.
    assert state.forecast == D(1340)
    assert state.forecast_met is False


def test_forecast_ignores_months_after_the_as_of_month() -> None:
    history = [Observation(6, D(900)), Observation(7, D(0))]
    state = evaluate_milestone(START_100, target=D(1475), history=history, as_of_month=6)
    assert state.forecast == D(1500)


def test_forecast_never_falls_below_what_is_reported() -> None:
    # A corrected figure can dip; the line then gives 580 at month 5, below the 600 reported.
    history = [Observation(m, D(v)) for m, v in [(1, 1000), (2, 1000), (3, 0), (4, 600)]]
    milestone = MilestoneSpec("m", "m", "t", "a", D(100), datetime.date(2017, 5, 31))
    state = evaluate_milestone(milestone, target=D(2000), history=history, as_of_month=4)
    assert state.forecast == D(600)


def test_past_due_forecast_is_the_figure_reported_for_the_due_month() -> None:
    history = [Observation(5, D(800)), Observation(6, D(900)), Observation(8, D(1400))]
    state = evaluate_milestone(START_60, target=D(1475), history=history, as_of_month=8)
    assert state.forecast == D(900)
    assert state.months_left == 0
    assert state.actual == D(1400)


def test_no_history_means_no_actual_and_no_forecast() -> None:
    state = evaluate_milestone(START_100, target=D(1475), history=[], as_of_month=6)
    assert state.actual is NA
    assert state.rate is NA
    assert state.met is None
    assert state.gap is NA
    assert state.pace_needed is NA
    assert state.forecast is NA
    assert state.forecast_met is None
    assert state.gap_text() == ""


@pytest.mark.parametrize(("target", "concerns"), [(NA, False), (D(0), False), (D(1), True)])
def test_a_milestone_concerns_only_units_with_a_task(target: Value, concerns: bool) -> None:
    assert milestone_concerns(target) is concerns


@pytest.mark.parametrize("target", [NA, D(0)])
def test_without_a_target_the_milestone_does_not_apply(target: Value) -> None:
    state = evaluate_milestone(START_100, target=target, history=WEIXI_JUNE, as_of_month=6)
    assert state.met is None
    assert state.forecast_met is None
    assert state.rate is NA
    assert state.gap_text() == ""


def test_gap_left_when_no_month_remains_has_no_pace() -> None:
    state = evaluate_milestone(
        START_100, target=D(2000), history=[Observation(10, D(1900))], as_of_month=10
    )
    assert state.gap == D(100)
    assert state.months_left == 0
    assert state.pace_needed is NA
    assert state.gap_text() == "还需开工 100 套"


def test_threshold_comparison_is_exact() -> None:
    # 60% of 1475 is 885 exactly; 884 falls short even though 884/1475 prints as 59.93.
    short = evaluate_milestone(
        START_60, target=D(1475), history=[Observation(6, D(884))], as_of_month=6
    )
    exact = evaluate_milestone(
        START_60, target=D(1475), history=[Observation(6, D(885))], as_of_month=6
    )
    assert short.met is False
    assert short.gap == D(1)
    assert exact.met is True


def test_required_rounds_up_to_whole_units() -> None:
    state = evaluate_milestone(
        START_60, target=D(250), history=[Observation(6, D(153))], as_of_month=6
    )
    assert state.required == D(150)
    odd = evaluate_milestone(START_60, target=D(251), history=[], as_of_month=6)
    assert odd.required == D(151)  # 150.6 units cannot be started


def test_custom_verb_and_measure() -> None:
    milestone = MilestoneSpec(
        "gzf",
        "入住率达到95%",
        "built",
        "occupied",
        D(95),
        datetime.date(2017, 12, 31),
        verb="分配入住",
        measure="户",
    )
    state = evaluate_milestone(
        milestone, target=D(100), history=[Observation(6, D(90))], as_of_month=6
    )
    assert state.gap_text() == "还需分配入住 5 户"


@pytest.mark.parametrize("month", [0, 13])
def test_months_outside_the_year_are_refused(month: int) -> None:
    with pytest.raises(ValueError, match=r"1\.\.12"):
        Observation(month, D(1))
    with pytest.raises(ValueError, match=r"1\.\.12"):
        evaluate_milestone(START_60, target=D(1), history=[], as_of_month=month)


def test_next_milestone() -> None:
    specs = [START_100, START_60]
    assert next_milestone(specs, datetime.date(2017, 6, 15)) is START_60
    assert next_milestone(specs, datetime.date(2017, 6, 30)) is START_60
    assert next_milestone(specs, datetime.date(2017, 7, 1)) is START_100
    assert next_milestone(specs, datetime.date(2017, 11, 1)) is None
    assert next_milestone([], datetime.date(2017, 1, 1)) is None


def test_plan_check() -> None:
    assert check_plan(D(200), D(150)) == PlanCheck(D(200), D(150), False, D(50))
    assert check_plan(D(200), D(250)) == PlanCheck(D(200), D(250), True, D(0))
    assert check_plan(NA, D(250)) == PlanCheck(NA, D(250), None, NA)
    assert check_plan(D(200), NA) == PlanCheck(D(200), NA, None, NA)


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    target=st.integers(1, 10_000),
    threshold=st.integers(1, 100),
    actual=st.integers(0, 12_000),
    as_of=st.integers(1, 12),
    due=st.integers(1, 12),
)
def test_met_agrees_with_required_and_gap(
    target: int, threshold: int, actual: int, as_of: int, due: int
) -> None:
    milestone = MilestoneSpec("m", "m", "t", "a", D(threshold), datetime.date(2017, due, 28))
    state = evaluate_milestone(
        milestone, target=D(target), history=[Observation(as_of, D(actual))], as_of_month=as_of
    )
    required, gap = state.required, state.gap
    assert required is not NA and gap is not NA
    assert state.met == (D(actual) >= required)
    assert gap == max(required - D(actual), D(0))
    assert (gap == 0) == bool(state.met)
    if due > as_of:
        assert state.forecast is not NA and state.forecast >= D(actual)
    elif due < as_of:
        assert state.forecast is NA  # the due month itself was never reported
    else:
        assert state.forecast == D(actual)
    if state.pace_needed is not NA and state.months_left:
        assert state.pace_needed * state.months_left >= gap
