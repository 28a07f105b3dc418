"""The inspections file: the example's two rounds load and its bulletin states the summary;
a bad file is refused whole, each problem named by file, line and field."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from anju.bulletins.builder import build_document, narrative_context, outline_blocks
from anju.bulletins.render.html import render_html
from anju.engine.narrative import render_template
from anju.errors import InvalidInput
from anju.inspections.importing import inspections_import_file
from anju.inspections.models import Finding, InspectionRound
from anju.programmes.models import Unit
from anju.programmes.services import programme_import_file
from anju.projects.importing import projects_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period
from anju.reporting.tables import published_children_values

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "projects"

pytestmark = pytest.mark.django_db


def _load(inspections: Path = EXAMPLE / "inspections-2017.yaml") -> None:
    programme_import_file(path=EXAMPLE / "programme.yaml")
    projects_import_file(path=EXAMPLE / "projects-2017.yaml")
    for name in ("figures-2017-05.yaml", "figures-2017-06.yaml"):
        figures_import_file(path=EXAMPLE / name)
    inspections_import_file(path=inspections)


def test_the_examples_findings_end_as_the_file_says() -> None:
    _load()
    by_unit = {f.unit.name: f for f in Finding.objects.exclude(status="carried")}
    assert by_unit["甲县"].status == Finding.Status.CLOSED
    assert by_unit["甲县"].carried_from.status == Finding.Status.CARRIED
    assert [r.verdict for r in by_unit["甲县"].rectifications.all()] == ["rejected", "accepted"]
    assert by_unit["乙县"].status == Finding.Status.CLOSED
    assert by_unit["丙县"].status == Finding.Status.OPEN
    assert [e.kind for e in by_unit["丙县"].escalations.all()] == ["interview", "account"]


def test_the_examples_bulletin_states_the_inspection_summary() -> None:
    _load()
    june = Period.objects.get(programme__code="projects-2017", month=6)
    scope = Unit.objects.get(code="999900")
    context = narrative_context(
        programme=june.programme,
        scope=scope,
        period=june,
        units=published_children_values(scope=scope, period=june),
    )
    text = june.programme.narratives.get(code="inspections").text
    assert render_template(text, context) == (
        "本年度专项巡查发现问题3个，已整改2个，尚未整改1个；逾期未整改的有："
        "丙县棚改项目月进度填报滞后，5月进度未录入项目库（整改期限2017年6月10日，已逾期20天）。"
    )
    may = Period.objects.get(programme__code="projects-2017", month=5)
    context = narrative_context(
        programme=may.programme,
        scope=scope,
        period=may,
        units=published_children_values(scope=scope, period=may),
    )
    # On 31 May the carried problem was not yet verified and 丙县's was not yet due.
    assert render_template(text, context).startswith("本年度专项巡查发现问题3个，已整改1个")
    assert render_template(text, context).endswith("逾期未整改的有：无。")


def test_the_examples_html_bulletin_prints_it() -> None:
    _load()
    june = Period.objects.get(programme__code="projects-2017", month=6)
    document = build_document(
        scope=Unit.objects.get(code="999900"),
        period=june,
        blocks=outline_blocks(june.programme),
        number=None,
        date=datetime.date(2017, 7, 5),
        draft=True,
    )
    html = render_html(document).decode()
    assert "本年度专项巡查发现问题3个，已整改2个，尚未整改1个" in html
    assert "丙县棚改项目月进度填报滞后" in html and "已逾期20天" in html


def test_a_bad_inspections_file_changes_nothing(tmp_path: Path) -> None:
    text = (EXAMPLE / "inspections-2017.yaml").read_text(encoding="utf-8")
    text = text.replace("severity: general", "severity: minor", 1)
    text = text.replace("kind: account", "kind: dismissal", 1)
    path = tmp_path / "inspections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        _load(path)
    problems = refused.value.problems
    assert any(f"{path}:" in p and "severity" in p and "“minor”不是可选值" in p for p in problems)
    assert any("escalations[1].kind" in p and "“dismissal”不是可选值" in p for p in problems)
    assert not InspectionRound.objects.exists()


def test_a_finding_refused_by_its_checks_names_its_line(tmp_path: Path) -> None:
    text = (EXAMPLE / "inspections-2017.yaml").read_text(encoding="utf-8")
    text = text.replace("deadline: 2017-05-31", "deadline: 2017-05-01", 1)
    text = text.replace("carried_from: jx-notice", "carried_from: jx-other", 1)
    path = tmp_path / "inspections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        _load(path)
    line = text.splitlines().index("    - carried_from: jx-other") + 1
    assert refused.value.problems == [
        f"{path}:{line}: rounds[1].visits[0].findings[0].carried_from: "
        "“jx-other”不是此前轮次中某个问题的 key"
    ]
    assert not Finding.objects.exists()
    text = text.replace("carried_from: jx-other", "carried_from: jx-notice", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        inspections_import_file(path=path)
    assert len(refused.value.problems) == 1
    assert (
        "findings[0].deadline: 整改期限不能早于巡查日期（2017-05-10）" in refused.value.problems[0]
    )
