"""A deterministic national data set: 全国 → 31 provinces → prefectures → counties, a year of
approved monthly reports for every county, loaded in bulk.

The same seed always gives the same figures. The figures are synthetic but behave like real
ones: year-to-date figures never fall, occupied rental flats never exceed those built, starts
stay mostly within the target, and only money and areas carry decimals. The programme reuses
the demo's data elements, indicators and tables, read from the demo file itself.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib.resources import files
from typing import Any

import yaml
from django.db import connection, models, transaction
from django.utils import timezone

from anju.bulletins.models import Bulletin, BulletinFile
from anju.demo.loader import DEMO_FILES, demo_file
from anju.errors import InvalidInput
from anju.programmes.definition import NarrativeDef, ProgrammeDef, read_programme
from anju.programmes.models import Programme, Target, Unit
from anju.programmes.services import programme_import
from anju.programmes.yamlio import read_yaml
from anju.reporting.models import Period, Report, ReportEvent, ReportValue, ValueChange

NATION_CODE = "100000"
NATION_NAME = "全国"
NATION_PATH = f"{NATION_CODE}/"
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
# Units per bulk_create batch, and rows per executemany call (bounding the memory held).
BATCH_SIZE = 5_000
CHUNK_SIZE = 50_000
# Share of counties without a shantytown task this year (they still run rental housing).
NO_TASK_SHARE = 0.06
# Share of counties with a shantytown task that resettle some households with money.
MONETISED_SHARE = 0.7

Progress = Callable[[str], None]


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


@dataclass(frozen=True)
class CountyFigures:
    targets: dict[str, Decimal]
    months: list[dict[str, Decimal]]  # [0] is January, year to date


@dataclass(frozen=True)
class NationalSummary:
    programme: str
    seed: int
    provinces: int
    prefectures: int
    counties: int
    months: int
    units: int
    reports: int
    values: int
    targets: int
    seconds: float

    def line(self) -> str:
        return (
            f"全国数据已生成（种子 {self.seed}）：单位 {self.units} 个"
            f"（{self.provinces} 省、{self.prefectures} 州市、{self.counties} 县），"
            f"{self.months} 个月，月报 {self.reports} 份，数值 {self.values} 个，"
            f"任务 {self.targets} 个，用时 {self.seconds:.1f} 秒"
        )


# --- the unit tree ----------------------------------------------------------------------------


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


def _check_sizes(provinces: int, prefectures: int, counties: int, months: int) -> None:
    if not 1 <= provinces <= 31:
        raise ValueError("provinces must be between 1 and 31")
    if not provinces <= prefectures <= counties:
        raise ValueError("need provinces ≤ prefectures ≤ counties")
    if not 1 <= months <= 12:
        raise ValueError("months must be between 1 and 12")


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


# --- a county's figures -----------------------------------------------------------------------


def _log_uniform(rng: random.Random, low: float, high: float) -> int:
    # Unit sizes spread over orders of magnitude: many small counties, a few large ones.
    return round(math.exp(rng.uniform(math.log(low), math.log(high))))


def _curve(rng: random.Random, months: int, low: float, high: float) -> list[float]:
    """The share of the year's work done by the end of each month: a noisy power curve
    (below 1 front-loaded, above 1 back-loaded) that never falls and never passes 1."""
    shape = rng.uniform(low, high)
    shares: list[float] = []
    best = 0.0
    for month in range(1, months + 1):
        best = max(best, min(1.0, (month / 12) ** shape * rng.uniform(0.92, 1.08)))
        shares.append(best)
    return shares


def _money(amount: float) -> Decimal:
    """An amount in 万元 to the fen: two places, as the element allows."""
    return Decimal(round(amount * 100)).scaleb(-2)


def _shantytown(rng: random.Random, months: int) -> CountyFigures:
    """Targets and starts, completions and monetised resettlement, year to date."""
    if rng.random() < NO_TASK_SHARE:
        return CountyFigures({}, [{} for _ in range(months)])
    pg_task = _log_uniform(rng, 150, 6000)
    jb_task = round(pg_task * rng.uniform(0.5, 1.0))
    # A few counties start slightly more than their target by the year's end.
    started_share, done_share = rng.uniform(0.8, 1.02), rng.uniform(0.7, 1.0)
    starts, completions = _curve(rng, months, 0.6, 1.3), _curve(rng, months, 1.3, 2.4)
    monetised = rng.uniform(0.3, 0.75) if rng.random() < MONETISED_SHARE else None
    area = _money(rng.uniform(60, 120))  # m² per household, two places
    result = []
    for start, completion in zip(starts, completions, strict=True):
        started = round(pg_task * started_share * start)
        month = {
            "pg_started": Decimal(started),
            "jb_done": Decimal(round(jb_task * done_share * completion)),
        }
        if monetised is not None:
            households = round(started * monetised)
            month["hbh_households"] = Decimal(households)
            month["hbh_area"] = households * area
        result.append(month)
    targets = {"pg_task": Decimal(pg_task), "jb_task": Decimal(jb_task)}
    return CountyFigures(targets, result)


def _investment(rng: random.Random, months: int, pg_task: Decimal | None) -> list[Decimal]:
    per_flat = rng.uniform(6, 18)  # 万元 per flat started
    annual = float(pg_task) * per_flat if pg_task else rng.uniform(200, 3000)
    return [_money(annual * share) for share in _curve(rng, months, 0.8, 1.2)]


def _rental(rng: random.Random, months: int) -> CountyFigures:
    """Public rental housing: the stock built, and its allocation over the year."""
    target = _log_uniform(rng, 150, 6000)
    built0 = round(target * rng.uniform(0.92, 1.08))
    extra = round(built0 * rng.uniform(0, 0.05))  # flats completed during the year
    built13, built14 = (
        round(built0 * rng.uniform(0.45, 0.7)),
        round(built0 * rng.uniform(0.08, 0.2)),
    )
    occupied0 = round(built0 * rng.uniform(0.35, 0.9))
    new_total = round((built0 - occupied0) * rng.uniform(0.05, 0.5))
    exit_total = round(occupied0 * rng.uniform(0, 0.03))
    rate13, rise13 = rng.uniform(0.75, 0.95), rng.uniform(0, 0.05)
    rate14, rise14 = rng.uniform(0.55, 0.9), rng.uniform(0, 0.1)
    growth, allocation = _curve(rng, months, 1.0, 2.0), _curve(rng, months, 0.7, 1.3)
    result = []
    for month, (grown, allocated) in enumerate(zip(growth, allocation, strict=True), start=1):
        built = built0 + round(extra * grown)
        new, gone = round(new_total * allocated), round(exit_total * month / 12)
        figures = {
            "gzf_built": built,
            "gzf_new": new,
            "gzf_exit": gone,
            "gzf_occupied": min(built, occupied0 + new - gone),
            "gzf_built_to2013": built13,
            "gzf_occupied_to2013": min(built13, round(built13 * (rate13 + rise13 * month / 12))),
            "gzf_built_2014": built14,
            "gzf_occupied_2014": min(built14, round(built14 * (rate14 + rise14 * month / 12))),
        }
        result.append({code: Decimal(value) for code, value in figures.items()})
    return CountyFigures({"gzf_target": Decimal(target)}, result)


def county_figures(rng: random.Random, months: int) -> CountyFigures:
    """One county's targets and ``months`` months of year-to-date figures."""
    shantytown = _shantytown(rng, months)
    invest = _investment(rng, months, shantytown.targets.get("pg_task"))
    rental = _rental(rng, months)
    return CountyFigures(
        {**shantytown.targets, **rental.targets},
        [
            {**pg, "invest": money, **gzf}
            for pg, money, gzf in zip(shantytown.months, invest, rental.months, strict=True)
        ],
    )


# --- the programme ----------------------------------------------------------------------------


def national_definition() -> ProgrammeDef:
    """The demo programme's elements, indicators, tables and milestones, for the nation."""
    name = DEMO_FILES[0]
    demo = read_programme(read_yaml(demo_file(name).read_text(encoding="utf-8"), name))
    return replace(
        demo,
        code=PROGRAMME_CODE,
        name=PROGRAMME_NAME,
        scope=NATION_CODE,
        bulletin=dict(BULLETIN),
        units=[],  # created in bulk beforehand
        targets={},  # loaded in bulk afterwards
        plans={},
        narratives=[_national_narrative(n) for n in demo.narratives],
    )


def _national_narrative(narrative: NarrativeDef) -> NarrativeDef:
    text = narrative.text
    for place in NARRATIVE_PLACES:
        text = text.replace(place, "{scope}")
    return replace(narrative, text=text)


# --- storing ----------------------------------------------------------------------------------


def _programme_remove() -> None:
    """Delete the previous national programme with everything reported under it."""
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme is None:
        return
    # Generated data has no archive to keep: its bulletins go with it.
    BulletinFile.objects.filter(bulletin__period__programme=programme).delete()
    Bulletin.objects.filter(period__programme=programme).delete()
    # The large tables first, one statement each; the ORM's cascade from the programme would
    # otherwise delete them in thousands of small batches.
    under = {"report__period__programme": programme}
    for model in (ReportValue, ValueChange, ReportEvent):
        model.objects.filter(**under).delete()
    programme.delete()


UNIT_FIELDS = ("name", "kind", "parent_id", "sort_order", "path", "depth")


def _units_save(plans: Sequence[UnitPlan]) -> dict[str, int]:
    """Create or update the tree's units level by level (parents need ids first), then remove
    units left over from a larger earlier tree. Returns each unit's id by code."""
    wanted = {plan.code for plan in plans}
    elsewhere = Unit.objects.exclude(path__startswith=NATION_PATH).values_list("code", flat=True)
    if taken := sorted(wanted.intersection(elsewhere)):
        raise InvalidInput([f"单位代码“{code}”已被全国以外的单位使用" for code in taken[:10]])
    existing = {unit.code: unit for unit in Unit.objects.filter(path__startswith=NATION_PATH)}
    ids: dict[str, int] = {}
    for depth in range(4):
        units = [_unit(plan, existing.get(plan.code), ids) for plan in plans if plan.depth == depth]
        changed = [u for u in units if u.pk is not None and _differs(u, existing[u.code])]
        fields = [name.removesuffix("_id") for name in UNIT_FIELDS]
        Unit.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE // 10)
        Unit.objects.bulk_create([u for u in units if u.pk is None], batch_size=BATCH_SIZE)
        ids.update((unit.code, unit.pk) for unit in units)
    stale = sorted((u for u in existing.values() if u.code not in wanted), key=lambda u: -u.depth)
    for unit in stale:  # deepest first: a unit's children protect it from deletion
        unit.delete()
    return ids


def _unit(plan: UnitPlan, current: Unit | None, ids: Mapping[str, int]) -> Unit:
    # bulk_create and bulk_update bypass unit_save: the plan carries the path and depth.
    return Unit(
        pk=current.pk if current else None,
        code=plan.code,
        name=plan.name,
        kind=plan.kind,
        parent_id=ids[plan.parent] if plan.parent else None,
        sort_order=plan.order,
        path=plan.path,
        depth=plan.depth,
    )


def _differs(unit: Unit, current: Unit) -> bool:
    return any(getattr(unit, name) != getattr(current, name) for name in UNIT_FIELDS)


def _periods_create(programme: Programme, months: int) -> list[Period]:
    """Past months of the year: closed, each due on the 5th of the next month."""
    periods = []
    for month in range(1, months + 1):
        due = datetime.date(programme.year + month // 12, month % 12 + 1, 5)
        periods.append(
            Period(programme=programme, month=month, due_date=due, status=Period.Status.CLOSED)
        )
    return Period.objects.bulk_create(periods)


def _report_times(period: Period) -> tuple[Any, Any]:
    """Submitted on the 3rd day after the month's end, approved the next day; ready to store."""
    day = period.end_date + datetime.timedelta(days=3)
    submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    reviewed = submitted + datetime.timedelta(days=1)
    return _db_value(Report, "submitted_at", submitted), _db_value(Report, "reviewed_at", reviewed)


def _reports_create(periods: Sequence[Period], unit_ids: Sequence[int]) -> list[list[int]]:
    """An approved report per county and month; returns the report ids [county][month]."""
    times = [_report_times(period) for period in periods]
    _load(
        Report,
        {"status": Report.Status.APPROVED},
        ("unit", "period", "submitted_at", "reviewed_at"),
        (
            (unit_id, period.pk, *stamps)
            for unit_id in unit_ids
            for period, stamps in zip(periods, times, strict=True)
        ),
    )
    created = Report.objects.filter(period__in=periods).values_list("unit_id", "period_id", "pk")
    ids = {(unit_id, period_id): pk for unit_id, period_id, pk in created}
    return [[ids[(unit_id, period.pk)] for period in periods] for unit_id in unit_ids]


def _db_value(model: type[models.Model], name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def _load(
    model: type[models.Model],
    constants: Mapping[str, Any],
    varying: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
) -> int:
    """Insert rows of ``varying`` fields (values ready for the database) into ``model``: COPY
    on PostgreSQL, executemany elsewhere. Every other field takes ``constants`` or its
    default, as a model instance would, so a field added later with a default still works.

    Model instances cost more than the database's work at this size (400,000 figures):
    plain rows keep the whole set within seconds.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    template = model(**constants)
    fixed = [f for f in fields if f.name not in varying]
    prefix = tuple(f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fixed)
    by_name = {f.name: f for f in fields}
    columns = [f.column for f in fixed] + [by_name[name].column for name in varying]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(prefix + row)
                count += 1
        return count
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, CHUNK_SIZE):
            cursor.executemany(sql, [prefix + row for row in chunk])
            count += len(chunk)
    return count


def _analyze(*tables: type[models.Model]) -> None:
    """Refresh the planner's statistics: right after a bulk load they describe empty tables,
    and PostgreSQL then plans the roll-up as nested loops (0.6 s instead of 30 ms)."""
    names = [connection.ops.quote_name(model._meta.db_table) for model in tables]
    with connection.cursor() as cursor:
        for name in names:  # SQLite analyses one table per statement
            cursor.execute(f"ANALYZE {name}")


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the whole set ----------------------------------------------------------------------------


def generate_national(
    *,
    seed: int = 2017,
    provinces: int = 31,
    prefectures: int = 333,
    counties: int = 2844,
    months: int = 12,
    progress: Progress | None = None,
) -> NationalSummary:
    """Replace the national programme, its units' tree and all its data with a fresh set.

    All or nothing: the whole replacement is one transaction.
    """
    _check_sizes(provinces, prefectures, counties, months)
    say = progress or (lambda _: None)
    started = time.perf_counter()
    with transaction.atomic():
        say("删除旧的全国数据…")
        _programme_remove()
        plans = unit_tree(provinces=provinces, prefectures=prefectures, counties=counties)
        say(f"建立单位：全国、{provinces} 个省、{prefectures} 个州市、{counties} 个县…")
        ids = _units_save(plans)
        say(f"导入计划 {PROGRAMME_CODE}…")
        programme = programme_import(definition=national_definition())
        county_ids = [ids[plan.code] for plan in plans if plan.depth == 3]
        say(f"生成 {len(county_ids)} 个县 {months} 个月的填报数据（种子 {seed}）…")
        rng = random.Random(seed)
        figures = [county_figures(rng, months) for _ in county_ids]
        say("写入任务数和月报…")
        elements = dict(programme.data_elements.values_list("code", "pk"))
        _check_codes(figures, elements)
        targets = _load(
            Target, {}, ("unit", "element", "value"), _target_rows(county_ids, figures, elements)
        )
        report_ids = _reports_create(_periods_create(programme, months), county_ids)
        say("写入填报数值…")
        values = _load(
            ReportValue,
            {},
            ("report", "element", "value"),
            _value_rows(report_ids, figures, elements),
        )
        _analyze(Unit, Target, Report, ReportValue)
    return NationalSummary(
        programme=PROGRAMME_CODE,
        seed=seed,
        provinces=provinces,
        prefectures=prefectures,
        counties=counties,
        months=months,
        units=len(plans),
        reports=len(county_ids) * months,
        values=values,
        targets=targets,
        seconds=time.perf_counter() - started,
    )


def _check_codes(figures: Sequence[CountyFigures], elements: Mapping[str, int]) -> None:
    """Every figure generated must be an element of the programme read from the demo file."""
    generated = {code for county in figures[:50] for code in county.targets}
    generated |= {code for county in figures[:50] for month in county.months for code in month}
    if unknown := sorted(generated - set(elements)):
        raise ValueError(f"the demo programme no longer defines {unknown}")


def _target_rows(
    county_ids: Sequence[int], figures: Sequence[CountyFigures], elements: Mapping[str, int]
) -> Iterator[tuple[int, int, Decimal]]:
    for unit_id, county in zip(county_ids, figures, strict=True):
        for code, value in county.targets.items():
            yield unit_id, elements[code], value


def _value_rows(
    report_ids: Sequence[Sequence[int]],
    figures: Sequence[CountyFigures],
    elements: Mapping[str, int],
) -> Iterator[tuple[int, int, Decimal]]:
    for reports, county in zip(report_ids, figures, strict=True):
        for report_id, month in zip(reports, county.months, strict=True):
            for code, value in month.items():
                yield report_id, elements[code], value
