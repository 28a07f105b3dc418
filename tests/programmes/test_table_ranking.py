"""Ranking rules in the programme file: read, checked, stored, exported and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_helpers import PROGRAMME, printed, problems, write

from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db

KEYS = "  keys: [rate desc]\n"
BANDS = (
    "  numbering: sequence\n  rank_on: exact\n  bands:\n  - at_least: 60\n    text: 60%以上\n"
    "  - below: 60\n    text: 60%以下\n"
)
RANK_COLUMN = "  - key: rank\n    kind: rank\n    header: 排序\n"


def test_bands_print_in_the_rank_column_and_round_trip(tmp_path: Path) -> None:
    text = PROGRAMME.replace(KEYS, KEYS + BANDS)
    lines = printed(tmp_path, text)
    assert lines[1].startswith("乙市") and lines[1].endswith("60%以上")
    assert lines[2].startswith("甲市") and lines[2].endswith("60%以下")
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text


def test_a_table_in_declared_order(tmp_path: Path) -> None:
    text = PROGRAMME.replace(KEYS, "  ranking: none\n").replace(RANK_COLUMN, "")
    lines = printed(tmp_path, text)
    assert [line[:2] for line in lines[1:3]] == ["甲市", "乙市"]
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text


def test_ranking_options_on_an_unranked_table_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, PROGRAMME.replace(KEYS, KEYS + "  ranking: none\n"))
    assert any("keys: ranking: none 的表不排序，请删去" in p for p in found)
    assert any("ranking: none 的表没有排序列" in p for p in found)


def test_a_ranked_table_needs_keys_and_bands_need_a_rank_column(tmp_path: Path) -> None:
    assert any("至少需要一个排序依据" in p for p in problems(tmp_path, PROGRAMME.replace(KEYS, "")))
    text = PROGRAMME.replace(KEYS, KEYS + BANDS).replace(RANK_COLUMN, "")
    assert any("表中没有排序列" in p for p in problems(tmp_path, text))


def test_a_table_of_some_unit_kinds(tmp_path: Path) -> None:
    city = "    name: 乙市\n    kind: prefecture\n"
    text = PROGRAMME.replace(city, "    name: 乙市\n    kind: city\n")
    text = text.replace(KEYS, KEYS + "  unit_kinds: [prefecture]\n")
    lines = printed(tmp_path, text)
    assert lines[-2].startswith("甲市") and lines[-2].endswith("1")
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text
    wrong = PROGRAMME.replace(KEYS, KEYS + "  unit_kinds: [县]\n")
    assert any("“县”不是可选值" in p for p in problems(tmp_path, wrong))
