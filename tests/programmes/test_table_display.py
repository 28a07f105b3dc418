"""Display rules in the programme file: read, checked, stored, exported and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_helpers import PROGRAMME, printed, problems, write

from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db

RATE = "    source: rate\n    suffix: '%'\n"
WORDS = "    text_if:\n    - at_least: 70\n      text: 过七成\n    blank: —\n"


def test_words_for_a_condition_and_a_blank_text_are_printed(tmp_path: Path) -> None:
    text = PROGRAMME.replace(RATE, RATE + WORDS)
    lines = printed(tmp_path, text)
    assert "过七成" in lines[1]  # 乙市 70.00%
    assert "55.00%" in lines[2]  # 甲市
    programme = programme_import_file(path=write(tmp_path, "programme.yaml", text))
    assert programme_export(programme=programme) == text


def test_display_rules_are_refused_where_they_do_nothing_or_say_nothing(tmp_path: Path) -> None:
    rank = "    kind: rank\n    header: 排序\n"
    text = PROGRAMME.replace(rank, rank + "    blank: —\n")
    text = text.replace(RATE, RATE + "    text_if:\n    - text: 全部开工\n")
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert any("at_least 和 below 至少写一个" in problem for problem in found)
    assert any("“blank”只对 kind: value 起作用，在 kind: rank 中不起作用" in p for p in found)
