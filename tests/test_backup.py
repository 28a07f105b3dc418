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
from anju.photos.imaging import photo_checked
from anju.photos.storage import file_write, photo_path, thumbnail_path
from anju.programmes.models import Programme, Unit
from pictures import jpeg, png

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


def anju(url: str, *args: str, photos: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANJU_")}
    env.update(
        ANJU_DATABASE_URL=url,
        ANJU_PHOTOS_DIR=str(photos),
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


def read_back(url: str, photos: Path) -> dict[str, Any]:
    done = anju(url, "manage", "shell", "-c", READ_BACK, photos=photos)
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


def round_trip(
    empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, str]:
    """Back this site up and restore it into the empty database (its photos into
    ``restored/``): what each command printed."""
    archive = tmp_path / "anju.tar.gz"
    assert main(["backup", str(archive)]) == 0
    backed_up = capsys.readouterr().out
    restored = anju(empty_database, "restore", str(archive), photos=tmp_path / "restored")
    assert (restored.returncode, restored.stderr) == (0, "")
    return backed_up, restored.stdout


def test_a_backup_restores_to_the_same_data_and_files(
    site: None, empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backed_up, restored = round_trip(empty_database, tmp_path, capsys)
    assert "及 2 个印发文件" in backed_up
    assert "已恢复数据库" in restored

    before = read_back(database_url(str(connection.settings_dict["NAME"])), settings_photos())
    after = read_back(empty_database, tmp_path / "restored")
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
    done = anju(empty_database, "restore", str(damaged), photos=tmp_path / "restored")
    assert done.returncode == 2
    assert "已损坏" in done.stderr and "校验不符" in done.stderr


def settings_photos() -> Path:
    from django.conf import settings

    return Path(settings.ANJU_PHOTOS_DIR)


def photos_stored() -> dict[str, bytes]:
    """Two photos stored as anju stores them, named by their sha256 beside their thumbnails;
    every file of the photos directory by its path in it."""
    for data, name in ((jpeg(noisy=True), "IMG_0412.JPG"), (png(), "site.png")):
        checked = photo_checked(data, name)
        sha256 = hashlib.sha256(data).hexdigest()
        file_write(photo_path(sha256, checked.kind), data)
        file_write(thumbnail_path(sha256), checked.thumbnail)
    return files_under(settings_photos())


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_photos_are_backed_up_and_restored_byte_for_byte(
    site: None, empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = photos_stored()
    assert len(stored) == 4  # two originals, two thumbnails
    backed_up, restored = round_trip(empty_database, tmp_path, capsys)
    assert "、4 个照片文件" in backed_up and "、4 个照片文件" in restored
    assert files_under(tmp_path / "restored") == stored
    assert list((tmp_path / "restored").glob(".restore-*")) == []  # nothing left staged


def test_a_tampered_photo_is_refused_naming_it(
    site: None, empty_database: str, tmp_path: Path
) -> None:
    stored = photos_stored()
    archive = tmp_path / "anju.tar.gz"
    main(["backup", str(archive)])
    original = next(name for name in stored if name.endswith(".jpeg"))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == f"photos/{original}":
                data = data[:-3] + b"!!!"
            target.addfile(member, io.BytesIO(data))
    restored = tmp_path / "restored"
    done = anju(empty_database, "restore", str(tampered), photos=restored)
    assert done.returncode == 2
    assert f"已损坏：photos/{original} 校验不符" in done.stderr
    assert files_under(restored) == {}  # no photo placed
    tables = "from django.db import connection; print(len(connection.introspection.table_names()))"
    left = anju(empty_database, "manage", "shell", "-c", tables, photos=restored)
    assert left.stdout.splitlines()[-1] == "0"  # nor the database restored
