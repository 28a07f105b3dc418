"""Export: a programme written back as its file, every part the file said and nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.demo.loader import demo_file
from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db

DEMO = demo_file("diqing-2017.yaml").read_text(encoding="utf-8")
PLANS = """plans:
  '533401':
    pg_started:
      6: 1200
      10: 2000
    invest:
      6: 5000.5
"""


def load(tmp_path: Path, text: str) -> str:
    path = tmp_path / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    return programme_export(programme=programme_import_file(path=path))


def test_parts_the_demo_does_not_use_survive_the_round_trip(tmp_path: Path) -> None:
    text = DEMO.replace("code: diqing-2017", "code: diqing-2017-full", 1)
    text = text.replace("narratives:\n", PLANS + "narratives:\n")
    text = text.replace("  level: 1\n  text: 二、", "  level: 2\n  text: 二、")
    text = text.replace("  verb: 开工\n", "  verb: 开工\n  description: 省考核节点\n", 1)
    text = text.replace(
        "    places: 2\n    suffix: '%'", "    places: 2\n    trim: true\n    suffix: '%'"
    )
    text = text.replace("  issuer_mark: 迪庆州保障性安居工程协调领导小组办公室\n", "")
    assert load(tmp_path, text) == text


def test_defaults_written_out_are_left_out_of_the_export(tmp_path: Path) -> None:
    text = DEMO.replace("code: diqing-2017", "code: diqing-2017-said", 1)
    said = text.replace("  role: target\n", "  role: target\n  time: stock\n  places: 0\n", 1)
    said = said.replace("  show_period: false\n", "  show_period: false\n  total_label: 合  计\n")
    assert load(tmp_path, said) == text
