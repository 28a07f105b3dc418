"""The programme file's model set: the one description of a programme, read from the file,
checked, stored, written back and served by the API (and of a figures file).

Split by subject: units, elements (and indicators), tables, milestones (with targets and
plans), narratives, bulletin (and dashboard), the programme as a whole, the figures file, and
the cross-checks between the parts.
"""

from __future__ import annotations

from anju.programmes.spec.bulletin import BulletinSpec, CardSpec, ChartSpec, DashboardSpec
from anju.programmes.spec.checks import programme_problems
from anju.programmes.spec.elements import ElementSpec, IndicatorSpec, RuleSpec
from anju.programmes.spec.figures import FIGURES_FORMAT, FiguresSpec
from anju.programmes.spec.milestones import MilestoneSpec
from anju.programmes.spec.narratives import NarrativeSpec
from anju.programmes.spec.programme import PROGRAMME_FORMAT, ProgrammeHead, ProgrammeSpec
from anju.programmes.spec.tables import ChangeSpec, ColumnSpec, TableSpec
from anju.programmes.spec.units import UnitRow, UnitSpec

__all__ = [
    "FIGURES_FORMAT",
    "PROGRAMME_FORMAT",
    "BulletinSpec",
    "CardSpec",
    "ChangeSpec",
    "ChartSpec",
    "ColumnSpec",
    "DashboardSpec",
    "ElementSpec",
    "FiguresSpec",
    "IndicatorSpec",
    "MilestoneSpec",
    "NarrativeSpec",
    "ProgrammeHead",
    "ProgrammeSpec",
    "RuleSpec",
    "TableSpec",
    "UnitRow",
    "UnitSpec",
    "programme_problems",
]
