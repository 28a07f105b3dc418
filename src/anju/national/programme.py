"""The national programme: the demo's data elements, indicators, tables and milestones, read
from the demo file itself, for the nation and every scope under it."""

from __future__ import annotations

from anju.demo.loader import DEMO_FILES, demo_file
from anju.national.projects import FROM_PROJECTS
from anju.national.tree import NATION_CODE
from anju.programmes.definition import read_programme
from anju.programmes.spec import BulletinSpec, NarrativeSpec, ProgrammeSpec
from anju.programmes.spec.elements import ElementSpec, ProjectsSpec
from anju.programmes.yamlio import read_yaml

PROGRAMME_CODE = "national-2017"
PROGRAMME_NAME = "2017年全国城镇保障性安居工程（生成数据）"
# One programme serves every scope's bulletin (the nation's, a province's, a prefecture's), so
# the header names no particular office; {scope} becomes the unit the bulletin is for.
BULLETIN = {
    "issuer": "城镇保障性安居工程协调领导小组办公室",
    "issuer_mark": "城镇保障性安居工程协调领导小组办公室",
    "number_prefix": "安居办",
    "title": "关于{year}年{month}月{scope}城镇保障性安居工程推进情况的通报",
    "recipients": "各有关单位",
}
# The demo's prose names 迪庆州; in the national programme it names the bulletin's scope.
NARRATIVE_PLACES = ("迪庆州", "全州", "我州")


def national_definition() -> ProgrammeSpec:
    """The demo programme's elements, indicators, tables and milestones, for the nation."""
    name = DEMO_FILES[0]
    demo = read_programme(read_yaml(demo_file(name).read_text(encoding="utf-8"), name))
    return demo.model_copy(
        update={
            "code": PROGRAMME_CODE,
            "name": PROGRAMME_NAME,
            "scope": NATION_CODE,
            "bulletin": BulletinSpec.model_validate(BULLETIN),
            "units": [],  # created in bulk beforehand
            "targets": {},  # loaded in bulk afterwards
            "plans": {},
            "narratives": [_national_narrative(n) for n in demo.narratives],
            "data_elements": [_from_projects(e) for e in demo.data_elements],
        }
    )


def _from_projects(element: ElementSpec) -> ElementSpec:
    """新开工 and 基本建成 summed from the county's 棚改 projects, where it has them."""
    flow = FROM_PROJECTS.get(element.code)
    if flow is None:
        return element
    return element.model_copy(update={"from_projects": flow, "projects": ProjectsSpec(kind="pg")})


def _national_narrative(narrative: NarrativeSpec) -> NarrativeSpec:
    text = narrative.text
    for place in NARRATIVE_PLACES:
        text = text.replace(place, "{scope}")
    return narrative.model_copy(update={"text": text})
