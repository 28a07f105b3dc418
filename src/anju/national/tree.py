"""The national unit tree: 全国, the first provinces of GB/T 2260 (from provinces.yaml) and
synthetic prefectures and counties, with their codes, names and paths. The shape depends on
the sizes asked for only, never on the seed."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import yaml

from anju.programmes.models import Unit

NATION_CODE = "100000"
NATION_NAME = "全国"
NATION_PATH = f"{NATION_CODE}/"


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    prefectures: int  # approximate real numbers, used as weights only
    counties: int


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    order: int
    path: str
    depth: int


def load_provinces() -> list[Province]:
    """The 31 provinces, in GB/T 2260 code order."""
    text = (files("anju.national") / "provinces.yaml").read_text(encoding="utf-8")
    return [
        Province(str(p["code"]), str(p["name"]), int(p["prefectures"]), int(p["counties"]))
        for p in yaml.safe_load(text)["provinces"]
    ]


def apportion(total: int, weights: Sequence[float], minimum: Sequence[int]) -> list[int]:
    """Split ``total`` into parts of at least ``minimum`` each, the rest by weight.

    Largest-remainder rounding, earlier parts winning ties: the parts always sum to ``total``
    and the same arguments always give the same split.
    """
    spare = total - sum(minimum)
    if spare < 0:
        raise ValueError(f"cannot split {total} into parts of at least {list(minimum)}")
    weight = sum(weights)
    quotas = [spare * w / weight for w in weights]
    parts = [low + math.floor(quota) for low, quota in zip(minimum, quotas, strict=True)]
    remainders = sorted(range(len(parts)), key=lambda i: (math.floor(quotas[i]) - quotas[i], i))
    for index in remainders[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _sequence_code(prefix: str, number: int, suffix: str) -> str:
    # GB/T 2260 leaves two digits for a prefecture within its province, two for a county.
    if number > 99:
        raise ValueError(f"more than 99 units under {prefix}: choose fewer")
    return f"{prefix}{number:02d}{suffix}"


def unit_tree(*, provinces: int, prefectures: int, counties: int) -> list[UnitPlan]:
    """The nation, the first ``provinces`` provinces and synthetic prefectures and counties,
    parents before children. The shape depends on the sizes only, never on the seed."""
    chosen = load_provinces()[:provinces]
    per_province = apportion(prefectures, [p.prefectures for p in chosen], [1] * len(chosen))
    county_totals = apportion(counties, [p.counties for p in chosen], per_province)
    plans = [UnitPlan(NATION_CODE, NATION_NAME, Unit.Kind.NATION, None, 0, NATION_PATH, 0)]
    for order, (province, count, total) in enumerate(
        zip(chosen, per_province, county_totals, strict=True)
    ):
        plans.extend(_province_units(province, order, count, total))
    return plans


def _province_units(
    province: Province, order: int, prefectures: int, counties: int
) -> list[UnitPlan]:
    path = f"{NATION_PATH}{province.code}/"
    plans = [
        UnitPlan(province.code, province.name, Unit.Kind.PROVINCE, NATION_CODE, order, path, 1)
    ]
    # Uneven but fixed county numbers per prefecture, drawn from the province's own code.
    shape = random.Random(int(province.code))
    weights = [0.5 + shape.random() for _ in range(prefectures)]
    sizes = apportion(counties, weights, [1] * prefectures)
    prefix = province.code[:2]
    for index, size in enumerate(sizes):
        code = _sequence_code(prefix, index + 1, "00")
        name = f"第{index + 1}州（{province.name}）"
        prefecture_path = f"{path}{code}/"
        plans.append(
            UnitPlan(code, name, Unit.Kind.PREFECTURE, province.code, index, prefecture_path, 2)
        )
        for number in range(1, size + 1):
            county = _sequence_code(code[:4], number, "")
            plans.append(
                UnitPlan(
                    county,
                    f"第{index + 1}州第{number}县（{province.name}）",
                    Unit.Kind.COUNTY,
                    code,
                    number - 1,
                    f"{prefecture_path}{county}/",
                    3,
                )
            )
    return plans
