"""A programme as a whole: the one model of the programme file, the import, the export and
the API. A field added here is read, checked, stored, written back and served."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from anju.programmes.spec.base import Spec
from anju.programmes.spec.bulletin import BulletinSpec, DashboardSpec
from anju.programmes.spec.elements import ElementSpec, IndicatorSpec
from anju.programmes.spec.fields import Slug, Text, UnitCode, whole
from anju.programmes.spec.milestones import MilestoneSpec, Plans, Targets
from anju.programmes.spec.narratives import NarrativeSpec
from anju.programmes.spec.scores import ScoreSpec
from anju.programmes.spec.tables import TableSpec
from anju.programmes.spec.units import UnitSpec

PROGRAMME_FORMAT = "programme/1"
Year = Annotated[int, Field(ge=2000, le=2100), whole(2000, 2100)]


class ProgrammeHead(Spec):
    """What names a programme: its code, name, year and the unit it covers."""

    stored_as: ClassVar[str] = "programmes.Programme"

    code: Slug
    name: Text
    year: Year
    scope: UnitCode  # GET /units/{scope}


class ProgrammeSpec(ProgrammeHead):
    bulletin: BulletinSpec = Field(default_factory=BulletinSpec)
    dashboard: DashboardSpec = Field(default_factory=DashboardSpec)
    units: list[UnitSpec] = []  # created or updated on import; others may exist already
    data_elements: list[ElementSpec] = []
    indicators: list[IndicatorSpec] = []
    scores: list[ScoreSpec] = []  # composite scores (综合考评), shown and ranked as indicators
    tables: list[TableSpec] = []
    milestones: list[MilestoneSpec] = []
    targets: Targets = {}
    plans: Plans = {}
    narratives: list[NarrativeSpec] = []
