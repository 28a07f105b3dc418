"""The projects file: the example loads, its cohort milestones are computed; a bad file is
refused whole, each problem named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.api.selectors import scope_milestones
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.services import programme_import_file
from anju.projects.importing import projects_import_file
from anju.projects.models import Project
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "projects"

pytestmark = pytest.mark.django_db


def _load() -> None:
    programme_import_file(path=EXAMPLE / "programme.yaml")
    projects_import_file(path=EXAMPLE / "projects-2017.yaml")
    for name in ("figures-2017-05.yaml", "figures-2017-06.yaml"):
        figures_import_file(path=EXAMPLE / name)


def test_the_examples_cohort_milestones_are_computed() -> None:
    _load()
    june = Period.objects.get(programme__code="projects-2017", month=6)
    standings = scope_milestones(scope=Unit.objects.get(code="999900"), period=june)
    by_code = {
        m["code"]: {u["name"]: u["state"] for u in m["units"] if u["concerned"]}
        for m in standings["milestones"]
    }
    assert by_code["gzf-2013-95"]["甲县"]["rate"] == "96.00"
    assert by_code["gzf-2013-95"]["甲县"]["met"] is True
    assert by_code["gzf-2013-95"]["乙县"]["gap"] == "3"  # 95% of 150 is 142.5: 143 needed
    assert by_code["gzf-2014-90"]["甲县"]["gap"] == "5"
    assert set(by_code["gzf-2014-90"]) == {"甲县"}  # the others have no 2014 estate


def test_a_bad_projects_file_changes_nothing(tmp_path: Path) -> None:
    _load()
    text = (EXAMPLE / "projects-2017.yaml").read_text(encoding="utf-8")
    text = text.replace("  kind: gzf\n  method: purchase", "  kind: gzf\n  method: buy", 1)
    text = text.replace("2017-06: {started: 50,", "2017-06: {started: -5,", 1)
    text = text.replace("code: jx-pg-2", "code: jx-pg-new", 1)
    path = tmp_path / "projects.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        projects_import_file(path=path)
    problems = refused.value.problems
    assert any(f"{path}:" in p and "method" in p and "“buy”不是可选值" in p for p in problems)
    assert any("started" in p and "不能为负数" in p for p in problems)
    assert not Project.objects.filter(code="jx-pg-new").exists()
