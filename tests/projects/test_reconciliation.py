"""A county's figures from its projects, and a reported figure reconciled with them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from project_helpers import pg_projects, unit

from anju.errors import InvalidInput
from anju.programmes.models import Programme
from anju.projects.models import ProjectChange
from anju.projects.reconcile import report_gaps
from anju.projects.services import project_month_save
from anju.reporting.models import Period, Report, ValueChange
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for, report_submit
from personas import People


def test_a_county_whose_started_units_come_from_its_projects(
    programme: Programme, july: Period, people: People
) -> None:
    first, second = pg_projects(programme, "德钦县", {"dq-1": "100", "dq-2": "53"})
    project_month_save(
        project=first,
        period=july,
        flows={"started": Decimal(12)},
        node="主体施工",
        user=people.deqin,
    )
    project_month_save(
        project=second, period=july, flows={"started": Decimal(8)}, node="", user=people.deqin
    )
    report = Report.objects.get(unit=unit("德钦县"), period=july)
    # 本期末 = 上期末 + 本期: 153 by June, 20 started in July.
    assert report.values.get(element__code="pg_started").value == 173
    change = ValueChange.objects.filter(report=report, element__code="pg_started").first()
    assert change is not None and change.channel == ValueChange.Channel.PROJECTS
    assert report_gaps(report) == []  # a figure summed from projects has no gap
    trail = ProjectChange.objects.filter(project=first, period=july, field="started").get()
    assert (trail.old_value, trail.new_value, trail.user) == ("", "12", people.deqin)
    report_submit(report=report, user=people.deqin)  # no explanation needed
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED


def test_a_gap_is_refused_for_submission_until_it_is_explained(
    programme: Programme, july: Period, people: People
) -> None:
    (project,) = pg_projects(programme, "维西县", {"wx-1": "900"})
    project_month_save(
        project=project, period=july, flows={"started": Decimal(40)}, node="", user=people["weixi"]
    )
    report = report_for(unit=unit("维西县"), period=july)
    report_set_values(
        report=report, values={"pg_started": "950"}, user=people["weixi"], channel="form"
    )
    with pytest.raises(InvalidInput) as refused:
        report_submit(report=report, user=people["weixi"])
    text = "\n".join(refused.value.problems)
    assert "维西县 棚户区改造开工数：填报 950 套，项目汇总 940 套，相差 10 套" in text
    assert "说明差异原因" in text
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT

    report_submit(report=report, user=people["weixi"], note="10套为县城零星改造，未单独立项")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    # the unit's own figure stays what it reported; projects never overwrite it
    assert report.values.get(element__code="pg_started").value == 950


def test_a_project_month_follows_its_report(
    programme: Programme, july: Period, people: People
) -> None:
    (project,) = pg_projects(programme, "德钦县", {"dq-1": "153"})
    project_month_save(
        project=project, period=july, flows={"started": Decimal(1)}, node="", user=people.deqin
    )
    report_submit(report=report_for(unit=unit("德钦县"), period=july), user=people.deqin)
    with pytest.raises(InvalidInput) as refused:
        project_month_save(
            project=project, period=july, flows={"started": Decimal(2)}, node="", user=people.deqin
        )
    assert "已报送" in refused.value.problems[0]


def test_a_reporter_cannot_touch_another_countys_projects(
    programme: Programme, july: Period, people: People
) -> None:
    (project,) = pg_projects(programme, "维西县", {"wx-1": "0"})
    with pytest.raises(PermissionDenied):
        project_month_save(
            project=project, period=july, flows={"started": Decimal(1)}, node="", user=people.deqin
        )
    assert not ProjectChange.objects.filter(project=project, period=july).exists()
