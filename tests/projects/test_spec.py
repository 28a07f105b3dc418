"""The programme keys of figures summed from projects: read, checked, stored, written back."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.errors import InvalidInput
from anju.programmes.export import programme_export
from anju.programmes.models import DataElement
from anju.programmes.services import programme_import_file
from anju.programmes.spec.elements import PROJECT_KINDS
from anju.projects.models import Project

DEMO = (Path(__file__).resolve().parents[2] / "src/anju/demo/diqing-2017.yaml").read_text(
    encoding="utf-8"
)
SUMMED = """- code: gzf_built_to2013
  name: 2013年底前政府投资建设公租房套数
  measure: 套
  role: actual
  time: stock
  from_projects: flats
  projects:
    kind: gzf
    completed_by: 2013-12-31
"""


def test_the_file_kinds_are_the_projects_kinds() -> None:
    assert list(PROJECT_KINDS) == Project.Kind.values


@pytest.mark.django_db
def test_a_figure_from_projects_loads_and_is_written_back(tmp_path: Path) -> None:
    text = DEMO.replace(
        SUMMED.replace(
            "  from_projects: flats\n  projects:\n    kind: gzf\n    completed_by: 2013-12-31\n", ""
        ),
        SUMMED,
    )
    assert SUMMED in text
    path = tmp_path / "programme.yaml"
    path.write_text(text.replace("code: diqing-2017", "code: diqing-2017-p"), encoding="utf-8")
    programme = programme_import_file(path=path)
    element = DataElement.objects.get(programme=programme, code="gzf_built_to2013")
    assert element.projects == {"flow": "flats", "kind": "gzf", "completed_by": "2013-12-31"}
    assert SUMMED in programme_export(programme=programme)


@pytest.mark.django_db
def test_projects_without_from_projects_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace(
        "  time: stock\n  target: gzf_target\n",
        "  time: stock\n  target: gzf_target\n  projects:\n    kind: gzf\n",
        1,
    )
    path = tmp_path / "programme.yaml"
    path.write_text(text.replace("code: diqing-2017", "code: diqing-2017-q"), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        programme_import_file(path=path)
    assert "projects: 只能与 from_projects 一起使用" in refused.value.problems[0]
