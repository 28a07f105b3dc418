"""The ``anju`` command: set up, serve, import, export and print tables.

Subcommands stay thin: parse arguments, call a service or selector, print. A user's mistake is
one clear line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from anju.cli import data, running
from anju.errors import EXIT_USER_ERROR

__all__ = ["EXIT_USER_ERROR", "build_parser", "main"]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anju", description="anju（安居）：城镇保障性安居工程目标、月报、排名与通报"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], text: str) -> Any:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(func=func)
        return command

    demo = add("demo", running.cmd_demo, "载入迪庆州 2017 演示数据并启动服务")
    demo.add_argument("--no-serve", action="store_true", help="只载入，不启动服务")
    demo.add_argument("--reset", action="store_true", help="删除后重新载入演示计划")
    for command in (demo, add("serve", running.cmd_serve, "启动网页服务（先运行 anju deploy）")):
        command.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT")
        command.add_argument("--workers", type=int, help="进程数（默认按 CPU 核数）")
        command.add_argument(
            "--with-worker",
            action="store_true",
            help="同时启动一个后台任务进程（批量生成通报需要）；停止服务时一并停止",
        )
    add("deploy", running.cmd_deploy, "每次发布新版本时运行一次：迁移数据库、收集静态文件")
    backup = add("backup", running.cmd_backup, "备份数据库及印发文件到一个归档文件（.tar.gz）")
    backup.add_argument("file", metavar="FILE")
    restore = add("restore", running.cmd_restore, "从备份归档恢复到空数据库")
    restore.add_argument("file", metavar="FILE")
    imp = add("import", data.cmd_import, "导入计划定义文件或月报数据文件（YAML）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    exp = add("export", data.cmd_export, "导出计划定义文件（YAML）")
    exp.add_argument("--programme", default="diqing-2017", help="计划代码")
    exp.add_argument("--out", help="写入文件（默认输出到屏幕）")
    tables = add("tables", data.cmd_tables, "输出某单位某月的通报附件表")
    tables.add_argument("--unit", required=True, help="单位名称或代码，例如 迪庆州 或 533400")
    tables.add_argument("--period", required=True, help="月份 YYYY-MM")
    tables.add_argument("--format", choices=("text", "json", "csv"), default="text")
    bulletin = add("bulletin", data.cmd_month, "生成某单位某月的通报（Word、PDF、Excel、HTML）")
    issue = add("issue", data.cmd_month, "印发某单位某月的通报：文号、存档各格式文件、锁定所用报表")
    for command, issuing in ((bulletin, False), (issue, True)):
        command.add_argument("--unit", required=True, help="单位名称或代码")
        command.add_argument("--period", required=True, help="月份 YYYY-MM")
        command.add_argument(
            "--number", type=int, required=issuing, help="文号序号：12 即〔年〕12号"
        )
        command.add_argument(
            "--date", type=data.date_argument, required=issuing, help="成文日期 YYYY-MM-DD"
        )
    bulletin.add_argument("--out", required=True, help="输出目录（没有则创建）；已印发的取存档文件")
    issue.add_argument("--include-unreviewed", action="store_true", help="有单位未审核时仍印发")
    batch = add(
        "bulletins",
        data.cmd_bulletins,
        "批量生成某单位下级各单位某月的通报（后台任务，可多台机器）",
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
    audit = add("audit", data.cmd_audit, "核对已印发通报的计算与格式（txt、docx、xlsx、pdf、html）")
    audit.add_argument("files", nargs="+", metavar="FILE")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    past = add(
        "import-bulletin", data.cmd_import_bulletin, "核对后把历史通报的表格导入为已审核的月报"
    )
    past.add_argument("file", metavar="FILE")
    past.add_argument("--programme", required=True, help="计划代码")
    past.add_argument("--period", required=True, help="月份 YYYY-MM")
    national = add(
        "gen-national",
        data.cmd_gen_national,
        "生成全国测试数据（31 个省、333 个州市、2844 个县，12 个月）",
    )
    national.add_argument("--seed", type=int, default=2017, help="随机种子：同一种子生成相同数据")
    manage = add("manage", running.cmd_manage, "Django 管理命令（migrate、createsuperuser 等）")
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
