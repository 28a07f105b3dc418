"""National scale: a deterministic data set of the whole country's unit tree and a year of
reports, for tests of the multi-level roll-up and for benchmarks."""

from __future__ import annotations

from anju.national.generator import NationalSummary, generate_national
from anju.national.programme import PROGRAMME_CODE
from anju.national.tree import NATION_CODE, unit_tree

__all__ = ["NATION_CODE", "PROGRAMME_CODE", "NationalSummary", "generate_national", "unit_tree"]
