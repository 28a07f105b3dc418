"""Commands that set anju up and run it: the demo, deploying, serving, backups, Django's own."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    Path(os.environ.get("ANJU_VAR_DIR", "var")).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def collectstatic(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=verbosity)


def cmd_deploy(args: argparse.Namespace) -> int:
    """Once per release, before the app servers start: schema and static files."""
    print("1/2 迁移数据库…", flush=True)
    migrate(verbosity=1)
    print("2/2 收集静态文件…", flush=True)
    collectstatic(verbosity=1)
    print("部署完成：可以启动 anju serve")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from anju.demo.loader import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PEOPLE, demo_load

    migrate()
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
    collectstatic()
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


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["anju manage", *args.args])
    return 0
