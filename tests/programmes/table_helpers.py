"""A small province programme and its June figures, for the table tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.errors import InvalidInput
from anju.programmes.services import programme_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.selectors import period_find, unit_find
from anju.reporting.tables import scope_tables
from anju.reporting.tables_output import tables_text

PROGRAMME = """anju: programme/1
code: totals-test
name: 2019年测试省城镇棚户区改造
year: 2019
scope: '990000'
units:
- code: '990000'
  name: 测试省
  kind: province
  children:
  - code: '990100'
    name: 甲市
    kind: prefecture
  - code: '990200'
    name: 乙市
    kind: prefecture
data_elements:
- code: task
  name: 目标任务
  measure: 套
  role: target
- code: started
  name: 开工数
  measure: 套
  role: actual
  time: cumulative
- code: funded
  name: 资金到位率
  measure: '%'
  role: actual
  time: stock
  places: 2
indicators:
- code: rate
  name: 开工率
  formula: started / task * 100
  places: 2
  measure: '%'
tables:
- code: start
  number: 1
  title: 2019年各市棚户区改造开工情况表
  keys: [rate desc]
  total: stated
  columns:
  - key: unit
    kind: unit
    header: 市
  - key: task
    kind: value
    header: 目标任务
    source: task
  - key: started
    kind: value
    header: 开工数
    source: started
  - key: rate
    kind: value
    header: 开工率
    source: rate
    suffix: '%'
  - key: funded
    kind: value
    header: 资金到位率
    source: funded
    suffix: '%'
  - key: rank
    kind: rank
    header: 排序
targets:
  '990000':
    task: 10000
  '990100':
    task: 6000
  '990200':
    task: 3000
"""
FIGURES = """anju: figures/1
programme: totals-test
period: 2019-06
status: approved
reports:
  '990100':
    started: 3300
    funded: 81.5
  '990200':
    started: 2100
    funded: 92.25
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def printed(tmp_path: Path, programme: str = PROGRAMME) -> list[str]:
    programme_import_file(path=write(tmp_path, "programme.yaml", programme))
    figures_import_file(path=write(tmp_path, "figures.yaml", FIGURES))
    scope = unit_find("990000")
    tables = scope_tables(scope=scope, period=period_find(unit=scope, key="2019-06"))
    return tables_text(tables).splitlines()[-4:]


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        programme_import_file(path=write(tmp_path, "programme.yaml", text))
    return caught.value.problems
