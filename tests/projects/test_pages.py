"""The project pages: register, enter a month, see reported vs Σ projects, and the gaps page."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from project_helpers import pg_projects, unit

from anju.programmes.models import Programme
from anju.projects.models import Project, ProjectChange
from anju.reporting.models import Period
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for
from personas import People

NEW = {
    "code": "dq-new",
    "name": "升平镇棚改一期",
    "kind": "pg",
    "method": "new",
    "task_year": "2017",
    "planned_units": "120",
    "status": "building",
    "started_on": "2017-03-01",
}


def test_a_reporter_registers_a_project_and_enters_its_month(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    created = client.post("/u/533422/2017-07/projects/new/", NEW)
    assert created.status_code == 302
    project = Project.objects.get(code="dq-new")
    assert (project.unit.name, project.planned_units) == ("德钦县", 120)
    # its July starts would make 德钦县's year to date 30, below June's 153: refused, as the
    # report's own checks would refuse it
    refused = client.post(
        "/u/533422/2017-07/projects/", {"project": "dq-new", "started": "30", "node": "基础施工"}
    )
    assert refused.status_code == 422
    assert "棚户区改造开工数：30套低于上月的153套" in refused.content.decode()
    assert not ProjectChange.objects.filter(project=project, period=july).exists()

    client.post("/u/533422/2017-07/projects/new/", {**NEW, "code": "dq-old", "kind": "old"})
    saved = client.post(
        "/u/533422/2017-07/projects/",
        {"project": "dq-old", "started": "30", "invested": "150.5", "node": "基础施工"},
    )
    assert saved.status_code == 302
    page = client.get("/u/533422/2017-07/projects/").content.decode()
    assert "升平镇棚改一期" in page and "基础施工" in page and "150.5" in page
    changed = ProjectChange.objects.filter(project__code="dq-old", field="started", period=july)
    assert changed.get().new_value == "30"
    trail = client.get("/u/533422/2017-07/projects/dq-old/").content.decode()
    assert "本期开工（套）" in trail and "德钦县" in trail and ">30<" in trail


def test_a_project_form_says_what_is_wrong_in_chinese(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    refused = client.post(
        "/u/533422/2017-07/projects/new/",
        {**NEW, "task_year": "17", "flats": "10", "occupied": "12", "basic_on": "2017-01-01"},
    )
    page = refused.content.decode()
    assert refused.status_code == 422
    assert "任务年度：请填写2000到2100之间的整数" in page
    assert not Project.objects.filter(code="dq-new").exists()
    refused = client.post(
        "/u/533422/2017-07/projects/new/",
        {**NEW, "flats": "10", "occupied": "12", "basic_on": "2017-01-01"},
    )
    page = refused.content.decode()
    assert "已入住套数（12）不能多于建设套数（10）" in page
    assert "基本建成日期不能早于开工日期" in page
    assert not Project.objects.filter(code="dq-new").exists()


def test_deqins_reporter_cannot_edit_weixis_projects(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    (project,) = pg_projects(programme, "维西县", {"wx-1": "900"})
    client.force_login(people.deqin)
    assert client.get("/u/533423/2017-07/projects/").status_code == 403
    assert client.post("/u/533423/2017-07/projects/new/", NEW).status_code == 403
    assert (
        client.post("/u/533423/2017-07/projects/wx-1/", {**NEW, "name": "改名"}).status_code == 403
    )
    assert (
        client.post("/u/533423/2017-07/projects/", {"project": "wx-1", "started": "5"}).status_code
        == 403
    )
    assert Project.objects.get(pk=project.pk).name == project.name
    assert not ProjectChange.objects.filter(project=project, period=july).exists()
    client.force_login(people["weixi"])
    assert client.get("/u/533423/2017-07/projects/").status_code == 200


def test_the_report_and_the_gaps_page_show_reported_beside_projects(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    (project,) = pg_projects(programme, "维西县", {"wx-1": "900"})
    from anju.projects.services import project_month_save

    project_month_save(
        project=project, period=july, flows={"started": Decimal(40)}, node="", user=None
    )
    report = report_for(unit=unit("维西县"), period=july)
    report_set_values(report=report, values={"pg_started": "950"}, channel="form")
    client.force_login(people["weixi"])
    page = client.get("/r/533423/2017-07/").content.decode()
    assert "填报数与项目汇总" in page and "950" in page and "940" in page
    client.force_login(people.inspector)
    gaps = client.get("/u/533400/2017-07/project-gaps/").content.decode()
    assert "未说明的差异 1 处" in gaps and "维西县" in gaps and "<strong>10</strong>" in gaps
    client.force_login(people.deqin)
    assert client.get("/u/533400/2017-07/project-gaps/").status_code == 403


def test_the_project_form_speaks_english_when_chosen(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(
        "/u/533422/2017-07/projects/new/", {**NEW, "task_year": "17", "flats": "5", "occupied": "6"}
    ).content.decode()
    assert "Task year：Enter a whole number from 2000 to 2100" in page
    assert "Flats occupied (6) cannot exceed flats built (5)" not in page  # fields first
    page = client.post(
        "/u/533422/2017-07/projects/new/", {**NEW, "flats": "5", "occupied": "6"}
    ).content.decode()
    assert "Flats occupied (6) cannot exceed flats built (5)" in page
