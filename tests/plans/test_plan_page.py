"""The plan page: a reporter proposes, the office approves; errors in Chinese name the month."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from anju.plans.models import PlanVersion
from anju.plans.selectors import plan_in_force
from anju.programmes.models import Programme, Unit
from personas import People

DEQIN_PLAN = "/u/533422/plans/2017/"
WEIXI_PLAN = "/u/533423/plans/2017/"


def test_the_page_shows_twelve_months_per_planned_figure_and_the_target(
    client: Client, people: People, programme: Programme
) -> None:
    client.force_login(people.deqin)
    page = client.get(DEQIN_PLAN).content.decode()
    assert "德钦县 · 2017年月工作目标" in page
    assert "年度任务 250" in page
    for month in range(1, 13):
        assert f'name="pg_started_{month}"' in page
        assert f'name="jb_done_{month}"' in page
    assert "提交审核" in page


def test_a_reporter_proposes_and_the_office_approves(
    client: Client, people: People, programme: Programme, deqin: Unit
) -> None:
    client.force_login(people.deqin)
    response = client.post(
        DEQIN_PLAN,
        {"pg_started_3": "30", "pg_started_6": "150", "pg_started_12": "250", "reason": "年初"},
        follow=True,
    )
    assert "已提交第1版，待上级审核后执行" in response.content.decode()
    assert plan_in_force(programme, deqin) == {}
    client.force_login(people.office)
    page = client.get(DEQIN_PLAN).content.decode()
    assert "待审核的第1版" in page
    response = client.post(DEQIN_PLAN, {"version": "1", "action": "approve"}, follow=True)
    assert "已批准第1版" in response.content.decode()
    assert plan_in_force(programme, deqin) == {
        "pg_started": {3: Decimal(30), 6: Decimal(150), 12: Decimal(250)}
    }
    assert 'value="150"' in client.get(DEQIN_PLAN).content.decode()


def test_form_errors_are_in_chinese_and_name_the_month(
    client: Client, people: People, programme: Programme, deqin: Unit
) -> None:
    client.force_login(people.deqin)
    page = client.post(
        DEQIN_PLAN, {"pg_started_3": "30", "pg_started_4": "20", "jb_done_5": "三十"}
    ).content.decode()
    assert "已基本建成套数 5月：“三十”含有无法识别的数字" in page
    # what was typed stays in the fields
    assert 'value="三十"' in page
    page = client.post(DEQIN_PLAN, {"pg_started_3": "30", "pg_started_4": "20"}).content.decode()
    assert "棚户区改造开工数 4月：累计计划数 20套 小于 3月的 30套，累计计划应逐月不减" in page
    assert not PlanVersion.objects.filter(unit=deqin).exists()


def test_a_reporter_of_deqin_may_not_set_weixis_plan(
    client: Client, people: People, programme: Programme
) -> None:
    client.force_login(people.deqin)
    assert client.get(WEIXI_PLAN).status_code == 403
    assert client.post(WEIXI_PLAN, {"pg_started_12": "100"}).status_code == 403
    assert not PlanVersion.objects.filter(unit__code="533423").exists()


def test_a_reporter_may_not_approve(
    client: Client, people: People, programme: Programme, deqin: Unit
) -> None:
    client.force_login(people.deqin)
    client.post(DEQIN_PLAN, {"pg_started_12": "250"})
    assert client.post(DEQIN_PLAN, {"version": "1", "action": "approve"}).status_code == 403
    assert PlanVersion.objects.get(unit=deqin).status == PlanVersion.Status.SUBMITTED


def test_the_leader_reads_but_may_not_write(
    client: Client, people: People, programme: Programme
) -> None:
    client.force_login(people.leader)
    page = client.get(DEQIN_PLAN).content.decode()
    assert 'name="pg_started_1"' not in page
    assert client.post(DEQIN_PLAN, {"pg_started_12": "250"}).status_code == 403


def test_a_year_without_a_programme_is_not_found(client: Client, people: People) -> None:
    client.force_login(people.office)
    assert client.get("/u/533422/plans/2030/").status_code == 404


def test_a_reporters_pages_link_to_their_plan(
    client: Client, people: People, programme: Programme
) -> None:
    client.force_login(people.deqin)
    page = client.get("/r/533422/2017-06/").content.decode()
    assert f'href="{DEQIN_PLAN}">月工作目标</a>' in page
