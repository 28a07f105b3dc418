"""The ``anju`` command: set up, serve, import, export and print tables.

Subcommands stay thin: parse arguments, call a service or selector, print. A user's mistake is
one clear line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_USER_ERROR = 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    Path(os.environ.get("ANJU_VAR_DIR", "var")).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def _collectstatic(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=verbosity)


def cmd_deploy(args: argparse.Namespace) -> int:
    """Once per release, before the app servers start: schema and static files."""
    print("1/2 迁移数据库…", flush=True)
    _migrate(verbosity=1)
    print("2/2 收集静态文件…", flush=True)
    _collectstatic(verbosity=1)
    print("部署完成：可以启动 anju serve")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from anju.demo.loader import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PEOPLE, demo_load

    _migrate()
    loaded = demo_load(reset=args.reset)
    print(
        "已载入演示数据：迪庆州 2017 年计划及 6 月数据"
        if loaded
        else "演示数据已存在（--reset 重新载入）"
    )
    print(f"登录 / login: http://{args.addr}/login/  密码均为 {DEMO_PASSWORD}")
    print(f"  {DEMO_ADMIN[0]:<10} 系统管理员")
    for username, _, _, description in DEMO_PEOPLE:
        print(f"  {username:<10} {description}")
    if args.no_serve:
        return 0
    _collectstatic()
    return cmd_serve(args)


def _ready_to_serve() -> None:
    """Refuse to start a server that would fail its first request, saying what to do."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from anju.errors import AnjuError

    try:
        key = str(settings.SECRET_KEY)  # an empty key raises
    except ImproperlyConfigured:
        key = ""
    if not key or key.startswith("CHANGE"):
        raise AnjuError("未设置 ANJU_SECRET_KEY：请设置为一个长随机串（开发时可设 ANJU_DEV=1）")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise AnjuError("数据库尚未迁移到本版本：请先运行 anju deploy")
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not settings.DEBUG and not manifest.exists():
        raise AnjuError(f"静态文件尚未收集（{settings.STATIC_ROOT}）：请先运行 anju deploy")


def gunicorn_command(args: argparse.Namespace) -> list[str]:
    from django.conf import settings

    config = os.environ.get("ANJU_GUNICORN_CONFIG") or str(
        settings.PROJECT_DIR / "deploy" / "gunicorn.conf.py"
    )
    command = [sys.executable, "-m", "gunicorn", "--config", config, "--bind", args.addr]
    if args.workers:
        command += ["--workers", str(args.workers)]
    return [*command, "anju.wsgi:application"]


def cmd_serve(args: argparse.Namespace) -> int:
    _ready_to_serve()
    command = gunicorn_command(args)
    if getattr(args, "with_worker", False):
        from anju.worker import start_worker

        worker = start_worker()
        print(f"后台任务进程已启动（批量生成通报），进程号 {worker.pid}", flush=True)
    print(f"anju 运行于 http://{args.addr}/  (Ctrl-C 停止)", flush=True)
    # Replaced by gunicorn, not its parent: stopping this process stops the server.
    os.execv(command[0], command)
    return 0  # not reached


def cmd_backup(args: argparse.Namespace) -> int:
    from anju.backup import backup_create

    summary = backup_create(path=Path(args.file))
    print(f"{args.file}：已备份{summary.line()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from anju.backup import backup_restore

    summary = backup_restore(path=Path(args.file))
    print(f"{args.file}：已恢复{summary.line()}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from anju.errors import InvalidInput
    from anju.programmes.services import programme_import_file
    from anju.programmes.yamlio import read_yaml
    from anju.reporting.services import figures_import_file

    _migrate()
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
            kind = str(read_yaml(text, name, as_text=True).data.get("anju", ""))
        except (OSError, UnicodeDecodeError, AttributeError) as error:
            raise InvalidInput([f"{name}: 无法读取（{error}）"]) from error
        if kind.startswith("programme/"):
            programme = programme_import_file(path=path)
            print(f"{name}: 已导入计划 {programme.code}（{programme.name}）")
        elif kind.startswith("figures/"):
            reports = figures_import_file(path=path)
            print(f"{name}: 已导入 {len(reports)} 个单位的月报")
        else:
            raise InvalidInput([f"{name}:1: anju: 文件类型应为 programme/1 或 figures/1"])
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

    _migrate()
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


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写作 YYYY-MM-DD") from None


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["anju manage", *args.args])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anju", description="anju（安居）：城镇保障性安居工程目标、月报、排名与通报"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], text: str) -> Any:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(func=func)
        return command

    demo = add("demo", cmd_demo, "载入迪庆州 2017 演示数据并启动服务")
    demo.add_argument("--no-serve", action="store_true", help="只载入，不启动服务")
    demo.add_argument("--reset", action="store_true", help="删除后重新载入演示计划")
    for command in (demo, add("serve", cmd_serve, "启动网页服务（先运行 anju deploy）")):
        command.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT")
        command.add_argument("--workers", type=int, help="进程数（默认按 CPU 核数）")
        command.add_argument(
            "--with-worker",
            action="store_true",
            help="同时启动一个后台任务进程（批量生成通报需要）；停止服务时一并停止",
        )
    add("deploy", cmd_deploy, "每次发布新版本时运行一次：迁移数据库、收集静态文件")
    backup = add("backup", cmd_backup, "备份数据库及印发文件到一个归档文件（.tar.gz）")
    backup.add_argument("file", metavar="FILE")
    restore = add("restore", cmd_restore, "从备份归档恢复到空数据库")
    restore.add_argument("file", metavar="FILE")
    imp = add("import", cmd_import, "导入计划定义文件或月报数据文件（YAML）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    exp = add("export", cmd_export, "导出计划定义文件（YAML）")
    exp.add_argument("--programme", default="diqing-2017", help="计划代码")
    exp.add_argument("--out", help="写入文件（默认输出到屏幕）")
    tables = add("tables", cmd_tables, "输出某单位某月的通报附件表")
    tables.add_argument("--unit", required=True, help="单位名称或代码，例如 迪庆州 或 533400")
    tables.add_argument("--period", required=True, help="月份 YYYY-MM")
    tables.add_argument("--format", choices=("text", "json", "csv"), default="text")
    bulletin = add("bulletin", cmd_month, "生成某单位某月的通报（Word、PDF、Excel、HTML）")
    issue = add("issue", cmd_month, "印发某单位某月的通报：文号、存档各格式文件、锁定所用报表")
    for command, issuing in ((bulletin, False), (issue, True)):
        command.add_argument("--unit", required=True, help="单位名称或代码")
        command.add_argument("--period", required=True, help="月份 YYYY-MM")
        command.add_argument(
            "--number", type=int, required=issuing, help="文号序号：12 即〔年〕12号"
        )
        command.add_argument("--date", type=_date, required=issuing, help="成文日期 YYYY-MM-DD")
    bulletin.add_argument("--out", required=True, help="输出目录（没有则创建）；已印发的取存档文件")
    issue.add_argument("--include-unreviewed", action="store_true", help="有单位未审核时仍印发")
    batch = add(
        "bulletins", cmd_bulletins, "批量生成某单位下级各单位某月的通报（后台任务，可多台机器）"
    )
    batch.add_argument("--unit", required=True, help="上级单位名称或代码")
    batch.add_argument("--period", required=True, help="月份 YYYY-MM")
    batch.add_argument(
        "--level", type=int, default=1, help="向下几级：1 为下级单位（默认），0 为本单位"
    )
    batch.add_argument("--formats", default="docx,pdf,xlsx,html", help="逗号分隔的格式")
    batch.add_argument("--wait", action="store_true", help="显示进度直到全部完成")
    batch.add_argument("--out", help="完成后把文件写入此目录（含 --wait）")
    batch.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)
    audit = add("audit", cmd_audit, "核对已印发通报的计算与格式（txt、docx、xlsx、pdf、html）")
    audit.add_argument("files", nargs="+", metavar="FILE")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    past = add("import-bulletin", cmd_import_bulletin, "核对后把历史通报的表格导入为已审核的月报")
    past.add_argument("file", metavar="FILE")
    past.add_argument("--programme", required=True, help="计划代码")
    past.add_argument("--period", required=True, help="月份 YYYY-MM")
    national = add(
        "gen-national",
        cmd_gen_national,
        "生成全国测试数据（31 个省、333 个州市、2844 个县，12 个月）",
    )
    national.add_argument("--seed", type=int, default=2017, help="随机种子：同一种子生成相同数据")
    manage = add("manage", cmd_manage, "Django 管理命令（migrate、createsuperuser 等）")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        # The demo runs on a key of its own, made once in var/secret-key.
        os.environ.setdefault("ANJU_DEV", "1")
    _setup_django()
    from django.db import DatabaseError

    from anju.errors import AnjuError

    try:
        return int(args.func(args))
    except AnjuError as error:
        for line in str(error).splitlines():
            print(f"anju: {line}", file=sys.stderr)
        return EXIT_USER_ERROR
    except DatabaseError as error:
        print(f"anju: 数据库错误：{error}".splitlines()[0], file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
