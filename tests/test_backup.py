"""`anju backup` and `anju restore`: a site's data and issued files, out and back, unchanged.

The backup is taken from the test database while it holds the demo and an issued bulletin's
files; it is restored by a separate `anju restore` process into a new, empty database of the
same engine (SQLite or PostgreSQL, as the suite runs), and both are then read back the same
way and compared table by table and file by file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.db import connection

from anju.bulletins.models import BulletinFile
from anju.bulletins.services import bulletin_draft
from anju.cli import main
from anju.demo.loader import demo_load
from anju.programmes.models import Programme, Unit

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = Path(__file__).resolve().parent.parent
ISSUED = {"pdf": bytes(range(256)) * 64, "docx": "通报正文".encode() * 1000}

# Read the same way from either database: each table's rows, key tables in full.
READ_BACK = """
import hashlib, json
from django.apps import apps
from anju.bulletins.models import BulletinFile
from anju.reporting.models import ReportValue, ValueChange
counts = {m._meta.db_table: m.objects.count() for m in apps.get_models()}
values = list(ReportValue.objects.order_by("pk").values_list("report_id", "element_id", "value"))
changes = list(ValueChange.objects.order_by("pk").values_list("old_value", "new_value", "user"))
files = {f.pk: hashlib.sha256(bytes(f.content)).hexdigest() for f in BulletinFile.objects.all()}
data = {"counts": counts, "values": values, "changes": changes, "files": files}
print(json.dumps(data, default=str))
"""


def database_url(name: str) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def anju(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANJU_")}
    env.update(
        ANJU_DATABASE_URL=url,
        ANJU_SECRET_KEY="backup-tests-" + "k" * 40,
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT / "src"), env.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, "-m", "anju.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def read_back(url: str) -> dict[str, Any]:
    done = anju(url, "manage", "shell", "-c", READ_BACK)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])  # after the shell's own notes
    return data


@pytest.fixture
def site(transactional_db: None) -> None:
    """The demo, plus one issued bulletin's files (bytes no renderer would reproduce)."""
    demo_load(reset=True)
    programme = Programme.objects.get(code="diqing-2017")
    bulletin = bulletin_draft(
        scope=Unit.objects.get(code="533400"), period=programme.periods.get(month=6)
    )
    for fmt, content in ISSUED.items():
        BulletinFile.objects.create(
            bulletin=bulletin,
            format=fmt,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A new database of the suite's engine, with nothing in it; its URL."""
    if connection.vendor == "sqlite":
        yield database_url(str(tmp_path / "restored.sqlite3"))
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restored"
    config = dj_database_url.parse(database_url("postgres"))
    admin = psycopg.connect(
        host=config["HOST"],
        port=int(config["PORT"]),
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_backup_restores_to_the_same_data_and_files(
    site: None, empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "anju.tar.gz"
    assert main(["backup", str(archive)]) == 0
    assert "及 2 个印发文件" in capsys.readouterr().out
    restored = anju(empty_database, "restore", str(archive))
    assert (restored.returncode, restored.stderr) == (0, "")
    assert "已恢复数据库" in restored.stdout

    before = read_back(database_url(str(connection.settings_dict["NAME"])))
    after = read_back(empty_database)
    assert before["counts"]["reporting_reportvalue"] > 0 and before["counts"]["auth_user"] > 0
    assert after == before
    assert sorted(after["files"].values()) == sorted(
        hashlib.sha256(content).hexdigest() for content in ISSUED.values()
    )


def test_the_archive_lists_what_it_holds(site: None, tmp_path: Path) -> None:
    archive = tmp_path / "anju.tar.gz"
    main(["backup", str(archive)])
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        members = {name: tar.extractfile(name).read() for name in manifest["sha256"]}  # type: ignore[union-attr]
    assert manifest["format"] == "anju-backup/1"
    assert manifest["database"]["engine"] == connection.vendor
    issued = sorted(content for name, content in members.items() if name.startswith("files/"))
    assert issued == sorted(ISSUED.values())
    assert all(
        hashlib.sha256(data).hexdigest() == manifest["sha256"][n] for n, data in members.items()
    )
    assert archive.stat().st_mode & 0o777 == 0o600


def test_restore_into_a_database_in_use_is_refused(
    site: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "anju.tar.gz"
    main(["backup", str(archive)])
    capsys.readouterr()
    files = BulletinFile.objects.count()
    assert main(["restore", str(archive)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("anju: 数据库不是空的（已有 ")
    assert err.endswith("个表）：只能恢复到新建的空数据库，现有数据不会被改动\n")
    assert BulletinFile.objects.count() == files


def test_a_damaged_archive_is_refused(site: None, empty_database: str, tmp_path: Path) -> None:
    archive = tmp_path / "anju.tar.gz"
    main(["backup", str(archive)])
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("files/"):
                data = data[:-1] + b"?"
            target.addfile(member, io.BytesIO(data))
    done = anju(empty_database, "restore", str(damaged))
    assert done.returncode == 2
    assert "已损坏" in done.stderr and "校验不符" in done.stderr
