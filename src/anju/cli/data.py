"""Commands over the programme's data: import and export files, print tables, make and issue
bulletins, batches, the national data set, and auditing published bulletins."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from anju.cli import running
from anju.errors import EXIT_USER_ERROR


def cmd_import(args: argparse.Namespace) -> int:
    from anju.errors import InvalidInput
    from anju.inspections.importing import inspections_import_file
    from anju.plans.files import plans_import_file
    from anju.programmes.services import programme_import_file
    from anju.programmes.yamlio import read_yaml
    from anju.projects.importing import projects_import_file
    from anju.reporting.figuresfile import figures_import_file

    # Each kind of file (its ``anju:`` line before the "/"): what loads it, what it says after.
    importers: dict[str, tuple[Callable[..., Any], Callable[[Any], str]]] = {
        "programme": (programme_import_file, lambda p: f"已导入计划 {p.code}（{p.name}）"),
        "figures": (figures_import_file, lambda reports: f"已导入 {len(reports)} 个单位的月报"),
        "plans": (plans_import_file, lambda plans: f"已导入 {len(plans)} 个单位的月工作目标"),
        "projects": (projects_import_file, lambda projects: f"已导入 {len(projects)} 个项目"),
        "inspections": (
            inspections_import_file,
            lambda findings: f"已导入 {len(findings)} 个巡查发现问题",
        ),
    }
    running.migrate()
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
            kind = str(read_yaml(text, name, as_text=True).data.get("anju", ""))
        except (OSError, UnicodeDecodeError, AttributeError) as error:
            raise InvalidInput([f"{name}: 无法读取（{error}）"]) from error
        family, slash, _version = kind.partition("/")
        if not slash or family not in importers:
            raise InvalidInput(
                [
                    f"{name}:1: anju: 文件类型应为 programme/1、figures/1、plans/1、projects/1"
                    " 或 inspections/1"
                ]
            )
        load, imported = importers[family]
        print(f"{name}: {imported(load(path=path))}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from anju.errors import NotFound
    from anju.programmes.export import programme_export
    from anju.programmes.models import Programme

    programme = Programme.objects.filter(code=args.programme).first()
    if programme is None:
        codes = "、".join(Programme.objects.values_list("code", flat=True)) or "无"
        raise NotFound(f"计划“{args.programme}”不存在（已有：{codes}）")
    text = programme_export(programme=programme)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from anju.periodkey import PeriodKey
    from anju.reporting.selectors import period_find, unit_find
    from anju.reporting.tables import scope_tables
    from anju.reporting.tables_output import tables_csv, tables_json, tables_text

    unit = unit_find(args.unit)
    tables = scope_tables(
        scope=unit, period=period_find(unit=unit, key=PeriodKey.parse(args.period))
    )
    render = {"text": tables_text, "json": tables_json, "csv": tables_csv}[args.format]
    sys.stdout.write(render(tables))
    return 0


def cmd_month(args: argparse.Namespace) -> int:
    """``anju bulletin`` writes the month's files; ``anju issue`` issues the month."""
    from anju.bulletins.month_files import month_issue, month_write

    month = {"unit": args.unit, "period": args.period, "number": args.number, "date": args.date}
    if args.command == "issue":
        print(month_issue(**month, allow=args.include_unreviewed))
    else:
        print("\n".join(str(path) for path in month_write(folder=Path(args.out), **month)))
    return 0


def cmd_bulletins(args: argparse.Namespace) -> int:
    from anju.bulletins.batch import batch_export, batch_start, batch_wait, progress_text
    from anju.bulletins.models import BulletinBatchItem
    from anju.errors import AnjuError
    from anju.periodkey import PeriodKey
    from anju.reporting.selectors import unit_find

    out = Path(args.out) if args.out else None
    if out is not None and not out.is_dir():  # refused before anything is enqueued
        raise AnjuError(f"输出目录“{out}”不存在或不是目录")
    unit = unit_find(args.unit)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    batch = batch_start(
        parent=unit,
        period=PeriodKey.parse(args.period),
        formats=formats,
        level=args.level,
        user=None,
    )
    if not args.wait and out is None:
        total = batch.items.count()
        print(f"批次 {batch.pk}：{total} 份通报已加入队列，由 anju manage db_worker 生成")
        return 0
    drawn, hinted = "", False

    def show(counts: dict[str, int], elapsed: float) -> None:
        nonlocal drawn, hinted
        done, failed, total = counts["done"], counts["failed"], counts["total"]
        if counts["queued"] == total and elapsed > 10 and not hinted:
            print("\n尚未开始：请确认有 anju manage db_worker 在运行", file=sys.stderr)
            drawn, hinted = "", True
        line = progress_text(done, failed, total)
        if line != drawn:  # redrawn in place, only when it changes
            print(f"\r{line}", end="", file=sys.stderr, flush=True)
            drawn = line

    try:
        done, failed, total, seconds = batch_wait(batch=batch, interval=args.interval, report=show)
    except KeyboardInterrupt:
        print(f"\n已停止等待；批次 {batch.pk} 仍在队列中", file=sys.stderr)
        return 130
    print(file=sys.stderr)
    for path in batch_export(batch=batch, folder=out) if out is not None else []:
        print(path)
    failures = batch.items.filter(status=BulletinBatchItem.Status.FAILED).select_related("scope")
    for item in failures:
        print(f"anju: {item.scope.code} {item.scope.name}：{item.error}", file=sys.stderr)
    print(f"批次 {batch.pk}：完成 {done}，失败 {failed}，共 {total}，用时 {seconds:.1f} 秒")
    return 1 if failed else 0


def cmd_gen_national(args: argparse.Namespace) -> int:
    from anju.national import generate_national

    running.migrate()
    summary = generate_national(seed=args.seed, progress=lambda line: print(line, flush=True))
    print(summary.line())
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from anju.audit import AuditResult, Unreadable, audit_file
    from anju.audit.output import result_text, results_json

    results: list[AuditResult] = []
    unreadable = False
    for name in args.files:
        try:
            results.append(audit_file(Path(name)))
        except Unreadable as error:
            print(f"anju: {name}: {error}", file=sys.stderr)
            unreadable = True
    if args.format == "json" and results:
        sys.stdout.write(results_json(results))
    elif results:
        sys.stdout.write("\n".join(result_text(r) for r in results))
    if unreadable:
        return EXIT_USER_ERROR
    return 1 if any(r.flagged for r in results) else 0


def cmd_import_bulletin(args: argparse.Namespace) -> int:
    from anju.reporting.imported import bulletin_import_file

    done = bulletin_import_file(path=Path(args.file), programme=args.programme, period=args.period)
    print("\n".join(done.lines()))
    return 0


def date_argument(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写作 YYYY-MM-DD") from None
