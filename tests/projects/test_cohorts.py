"""公租房 cohorts: the founding programme's 95% / 90% milestones computed from projects."""

from __future__ import annotations

import datetime

from project_helpers import gzf_project, unit

from anju.programmes.models import Programme, Unit
from anju.reporting.history import milestone_standings, scope_history
from anju.reporting.models import Period, Report
from anju.reporting.selectors import milestone_specs
from anju.reporting.workflow import report_approve, report_for, report_submit
from personas import People


def test_cohort_milestones_are_computed_from_gzf_projects(
    programme: Programme, july: Period, people: People
) -> None:
    gzf_project(
        programme, "德钦县", "g-2012", done=datetime.date(2012, 10, 1), flats=100, occupied=97
    )
    gzf_project(
        programme, "德钦县", "g-2013", done=datetime.date(2013, 6, 30), flats=60, occupied=50
    )
    gzf_project(
        programme, "德钦县", "g-2014", done=datetime.date(2014, 5, 1), flats=80, occupied=76
    )
    report = report_for(unit=unit("德钦县"), period=july)
    values = dict(report.values.values_list("element__code", "value"))
    assert values["gzf_built_to2013"] == 160
    assert values["gzf_occupied_to2013"] == 147
    assert (values["gzf_built_2014"], values["gzf_occupied_2014"]) == (80, 76)
    report_submit(report=report, user=people.deqin, note="按项目库汇总")
    report_approve(report=Report.objects.get(pk=report.pk), user=people.office)

    scope = Unit.objects.get(code="533400")
    history = scope_history(scope=scope, period=july)
    standings = {
        s.spec.code: {u.unit.name: u for u in s.units}
        for s in milestone_standings(history, milestone_specs(programme), month=7)
    }
    deqin = standings["gzf-2013-95"]["德钦县"]
    assert deqin.concerned and deqin.state is not None
    assert str(deqin.state.rate) == "91.88"  # 147 ÷ 160 = 91.875 %, half-up
    assert deqin.state.met is False and deqin.state.gap == 5  # 95% of 160 is 152
    later = standings["gzf-2014-90"]["德钦县"]
    assert later.state is not None and later.state.met is True  # 76 ÷ 80 = 95%
    # 维西县 has no 公租房 projects: its cohorts stay "not applicable"
    assert standings["gzf-2013-95"]["维西县"].concerned is False
