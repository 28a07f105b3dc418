"""The demo programme with figures summed from projects: 棚改 starts, and the 公租房 cohorts
of the founding programme's 95% / 90% milestones."""

from __future__ import annotations

import pytest

from anju.programmes.models import DataElement, Programme
from anju.reporting.models import Period
from anju.reporting.services import period_open

SUMMED = {
    "pg_started": {"flow": "started", "kind": "pg"},
    "gzf_built_to2013": {"flow": "flats", "kind": "gzf", "completed_by": "2013-12-31"},
    "gzf_occupied_to2013": {"flow": "occupied", "kind": "gzf", "completed_by": "2013-12-31"},
    "gzf_built_2014": {
        "flow": "flats",
        "kind": "gzf",
        "completed_after": "2013-12-31",
        "completed_by": "2014-12-31",
    },
    "gzf_occupied_2014": {
        "flow": "occupied",
        "kind": "gzf",
        "completed_after": "2013-12-31",
        "completed_by": "2014-12-31",
    },
}


@pytest.fixture
def programme(db: None) -> Programme:
    """The demo programme, its 棚改 starts and 公租房 cohorts declared ``from_projects``."""
    found = Programme.objects.get(code="diqing-2017")
    for code, declared in SUMMED.items():
        DataElement.objects.filter(programme=found, code=code).update(projects=declared)
    return found


@pytest.fixture
def july(programme: Programme) -> Period:
    return period_open(programme=programme, month=7)
