"""Setting a unit's monthly plan: the checks, the versions kept, who may set and approve."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from anju.errors import InvalidInput
from anju.plans.entry import plan_input
from anju.plans.models import PlanVersion
from anju.plans.selectors import plan_in_force, plan_versions
from anju.plans.services import plan_approve, plan_return, plan_save
from anju.programmes.models import DataElement, Programme, Unit
from personas import People

D = Decimal
# 德钦县's annual tasks: 棚改 250 套, 基本建成 250 套.
RISING = {"pg_started": {3: D(30), 6: D(150), 9: D(220), 12: D(250)}}


def test_the_office_sets_a_plan_in_force_at_once(
    people: People, programme: Programme, deqin: Unit
) -> None:
    version = plan_save(
        user=people.office, unit=deqin, programme=programme, figures=RISING, reason="年初下达"
    )
    assert version.status == PlanVersion.Status.APPROVED
    assert version.number == 1
    assert version.reviewed_by == people.office
    assert plan_in_force(programme, deqin) == {"pg_started": RISING["pg_started"]}


def test_a_reporters_plan_waits_for_the_office(
    people: People, programme: Programme, deqin: Unit
) -> None:
    plan_save(user=people.office, unit=deqin, programme=programme, figures=RISING)
    revised = {"pg_started": {6: D(120), 12: D(250)}}
    version = plan_save(
        user=people.deqin, unit=deqin, programme=programme, figures=revised, reason="雨季推迟"
    )
    assert version.status == PlanVersion.Status.SUBMITTED
    assert plan_in_force(programme, deqin) == {"pg_started": RISING["pg_started"]}
    plan_approve(user=people.office, version=version, comment="同意")
    assert plan_in_force(programme, deqin) == {"pg_started": revised["pg_started"]}
    kept = plan_versions(programme, deqin)
    assert [(v.number, v.status, v.created_by) for v in kept] == [
        (2, PlanVersion.Status.APPROVED, people.deqin),
        (1, PlanVersion.Status.APPROVED, people.office),
    ]
    assert kept[0].reason == "雨季推迟"


def test_a_returned_plan_is_kept_and_changes_nothing(
    people: People, programme: Programme, deqin: Unit
) -> None:
    version = plan_save(user=people.deqin, unit=deqin, programme=programme, figures=RISING)
    with pytest.raises(InvalidInput, match="退回时请填写退回意见"):
        plan_return(user=people.office, version=version, comment=" ")
    plan_return(user=people.office, version=version, comment="6月目标偏低")
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.RETURNED
    assert version.review_comment == "6月目标偏低"
    assert plan_in_force(programme, deqin) == {}
    with pytest.raises(InvalidInput, match="不能再审核"):
        plan_approve(user=people.office, version=version)


def test_a_newer_submission_supersedes_a_waiting_one(
    people: People, programme: Programme, deqin: Unit
) -> None:
    first = plan_save(user=people.deqin, unit=deqin, programme=programme, figures=RISING)
    plan_save(user=people.deqin, unit=deqin, programme=programme, figures=RISING)
    first.refresh_from_db()
    assert first.status == PlanVersion.Status.SUPERSEDED


def test_a_reporter_of_deqin_may_not_set_weixis_plan(
    people: People, programme: Programme, weixi: Unit
) -> None:
    with pytest.raises(PermissionDenied):
        plan_save(user=people.deqin, unit=weixi, programme=programme, figures=RISING)
    assert not PlanVersion.objects.filter(unit=weixi).exists()


def test_a_reporter_may_not_approve_even_their_own(
    people: People, programme: Programme, deqin: Unit
) -> None:
    version = plan_save(user=people.deqin, unit=deqin, programme=programme, figures=RISING)
    with pytest.raises(PermissionDenied):
        plan_approve(user=people.deqin, version=version)
    with pytest.raises(PermissionDenied):
        plan_approve(user=people.leader, version=version)


def test_every_problem_is_named_by_month_and_nothing_is_stored(
    people: People, programme: Programme, deqin: Unit
) -> None:
    figures = {
        "pg_started": {3: D(30), 4: D(20), 12: D(260)},
        "jb_done": {5: D("1.5")},
        "invest": {1: D(1)},
    }
    with pytest.raises(InvalidInput) as caught:
        plan_save(user=people.deqin, unit=deqin, programme=programme, figures=figures)
    assert caught.value.problems == [
        "“invest”不是按月计划的指标；可填写：pg_started、jb_done",
        "棚户区改造开工数 4月：累计计划数 20套 小于 3月的 30套，累计计划应逐月不减",
        "棚户区改造开工数 12月：计划数 260套 超过年度任务 250套；如确需超过，请在说明中写明理由",
        "已基本建成套数 5月：计划数应为整数，现为 1.5",
    ]
    assert caught.value.fields["pg_started_4"].startswith("棚户区改造开工数 4月")
    assert not PlanVersion.objects.filter(unit=deqin).exists()


def test_above_the_target_with_a_reason_is_accepted(
    people: People, programme: Programme, deqin: Unit
) -> None:
    figures = {"pg_started": {12: D(260)}}
    version = plan_save(
        user=people.office, unit=deqin, programme=programme, figures=figures, reason="追加任务"
    )
    assert version.reason == "追加任务"


def test_an_empty_plan_is_refused(people: People, programme: Programme, deqin: Unit) -> None:
    with pytest.raises(InvalidInput, match="计划为空"):
        plan_save(user=people.office, unit=deqin, programme=programme, figures={"pg_started": {}})


def test_goals_of_a_figure_entered_in_wan_are_written_in_its_own_measure(
    programme: Programme,
) -> None:
    # Figures of 棚改开工数 are entered in 万 (0.13 is 1300 套); its monthly goals are not.
    DataElement.objects.filter(programme=programme, code="pg_started").update(entered_in="万")
    assert plan_input(programme, {"pg_started": {"6": "150"}}) == {"pg_started": {6: 150}}
