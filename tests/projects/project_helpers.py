"""Projects the tests register: 棚改 with their months, 公租房 with their cohorts."""

from __future__ import annotations

import datetime
from decimal import Decimal

from anju.programmes.models import Programme, Unit
from anju.projects.models import Project, ProjectMonth
from anju.projects.services import project_create
from anju.reporting.models import Period


def unit(name: str) -> Unit:
    return Unit.objects.get(name=name)


def pg_projects(programme: Programme, where: str, june: dict[str, str]) -> list[Project]:
    """棚改 projects (code → its starts of January–June, on record with the approved June
    report), registered first and their June months recorded after."""
    projects = [
        project_create(
            programme=programme,
            unit=unit(where),
            code=code,
            data={
                "name": f"{where}{code}棚改项目",
                "kind": "pg",
                "method": "new",
                "task_year": 2017,
                "planned_units": 200,
            },
            user=None,
        )
        for code in june
    ]
    june_period = Period.objects.get(programme=programme, month=6)
    for project, started in zip(projects, june.values(), strict=True):
        ProjectMonth.objects.create(project=project, period=june_period, started=Decimal(started))
    return projects


def gzf_project(
    programme: Programme, where: str, code: str, *, done: datetime.date, flats: int, occupied: int
) -> Project:
    return project_create(
        programme=programme,
        unit=unit(where),
        code=code,
        data={
            "name": f"{where}{code}公租房",
            "kind": "gzf",
            "method": "new",
            "task_year": done.year,
            "completed_on": done,
            "status": "done",
            "flats": flats,
            "allocated": occupied,
            "occupied": occupied,
        },
        user=None,
    )
