"""Backups: the whole database, the issued bulletin files and the photos in one archive, and
back again.

An archive is a tar.gz holding ``manifest.json`` (format, anju version, database engine, and the
SHA-256 of every other member), the database snapshot, each issued file as it was issued and
every photo file (originals and thumbnails, under ``photos/`` as in the photos directory).
Photos stream from disk into the archive and back, one buffer at a time, never all in memory;
on restore each is checked against the manifest (an original also against the SHA-256 it is
named by) before the database is touched.
SQLite is copied through its online backup API, PostgreSQL dumped by ``pg_dump`` in custom
format: both are consistent snapshots taken while the site keeps running. A restore goes only
into an empty database, so it can never mix two sites' data or overwrite a live one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from django.db import connection
from django.utils import timezone

from anju.errors import AnjuError
from anju.photos.storage import photos_dir

FORMAT = "anju-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
PHOTOS = "photos/"
# A photo member: its folder is the first two digits of the sha256 it is named by.
PHOTO_MEMBER = re.compile(r"photos/([0-9a-f]{2})/(\1[0-9a-f]{62})\.(jpeg|png|webp|thumb\.jpg)")
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupSummary:
    engine: str
    files: int
    size: int
    photos: int = 0

    def line(self) -> str:
        return (
            f"数据库（{self.engine}）及 {self.files} 个印发文件、{self.photos} 个照片文件"
            f"（原图与缩略图），共 {self.size} 字节"
        )


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise AnjuError(f"不支持备份 {vendor} 数据库（支持 SQLite 与 PostgreSQL）")
    return vendor


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(name):
            env[key] = str(db[name])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str]) -> bytes:
    try:
        done = subprocess.run(command, env=_pg_environment(), capture_output=True, check=False)
    except FileNotFoundError as error:
        raise AnjuError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）"
        ) from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AnjuError(f"{command[0]} 失败：{message[0] if message else done.returncode}")
    return done.stdout


def _database_snapshot(engine: str) -> bytes:
    name = str(connection.settings_dict["NAME"])
    if engine == "postgresql":
        return _run(["pg_dump", "--format=custom", "--no-owner", "--dbname", name])
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "snapshot.sqlite3"
        _sqlite_copy(name, copy)
        return copy.read_bytes()


def _sqlite_copy(source_path: str | Path, target_path: str | Path) -> None:
    """Copy one SQLite database onto another through SQLite's backup API (consistent while
    the source is in use)."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _issued_files() -> dict[str, bytes]:
    from anju.bulletins.models import BulletinFile

    rows = BulletinFile.objects.select_related("bulletin__scope", "bulletin__period__programme")
    return {
        f"files/{row.pk}-{row.bulletin.scope.code}-{row.bulletin.period.key}.{row.format}": (
            bytes(row.content)
        )
        for row in rows.order_by("pk")
    }


def _photo_files() -> dict[str, Path]:
    """Every photo file in the photos directory, by its member name (files being written,
    named otherwise, are left out)."""
    root = photos_dir()
    if not root.is_dir():
        return {}
    found = {}
    for file in sorted(root.glob("??/*")):
        name = f"{PHOTOS}{file.parent.name}/{file.name}"
        if PHOTO_MEMBER.fullmatch(name) and file.is_file():
            found[name] = file
    return found


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    return info


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    archive.addfile(_info(name, len(data)), io.BytesIO(data))


def backup_create(*, path: Path) -> BackupSummary:
    """Write the archive to ``path`` (through a temporary name, so a failed run leaves none)."""
    engine = _engine()
    members = {DATABASE_MEMBER[engine]: _database_snapshot(engine), **_issued_files()}
    photos = _photo_files()
    manifest = {
        "format": FORMAT,
        "anju_version": version("anju"),
        "created_at": timezone.now().isoformat(),
        "database": {"engine": engine, "member": DATABASE_MEMBER[engine]},
        "sha256": {name: _sha256(data) for name, data in members.items()}
        | {name: _file_sha256(file) for name, file in photos.items()},
    }
    if not path.parent.is_dir():
        raise AnjuError(f"目录“{path.parent}”不存在")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
            for name, data in members.items():
                _add(archive, name, data)
            for name, file in photos.items():  # named by their content: never rewritten
                with file.open("rb") as handle:
                    archive.addfile(_info(name, os.fstat(handle.fileno()).st_size), handle)
        os.chmod(partial, 0o600)  # the archive holds password hashes and API tokens
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise AnjuError(f"写入“{path}”失败：{error.strerror}") from error
    size = path.stat().st_size
    return BackupSummary(engine=engine, files=len(members) - 1, size=size, photos=len(photos))


def _read_archive(path: Path, staging: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every member it names, each checked against its SHA-256: photos
    streamed into ``staging`` (as ``xx/name``), the other members read."""
    members: dict[str, bytes] = {}
    damaged: list[str] = []
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.loads(_member(archive, archive.next()))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise AnjuError(f"“{path}”不是 anju 备份（应为 {FORMAT}）")
            expected: dict[str, str] = manifest["sha256"]
            seen = set()
            for info in archive:  # in order: a gzip stream is read once, front to back
                if info.name not in expected or info.name in seen:
                    continue
                seen.add(info.name)
                # Read, never extracted where the tar says; a link is no member of ours.
                handle = archive.extractfile(info) if info.isfile() else None
                if handle is None:
                    raise KeyError(info.name)
                if info.name.startswith(PHOTOS):
                    if not _photo_staged(info.name, handle, staging, expected[info.name]):
                        damaged.append(info.name)
                    continue
                members[info.name] = handle.read()
                if _sha256(members[info.name]) != expected[info.name]:
                    damaged.append(info.name)
            missing = sorted(set(expected) - seen)
            if missing:
                raise KeyError("、".join(missing))
    except (OSError, tarfile.TarError, ValueError, KeyError, TypeError) as error:
        raise AnjuError(f"无法读取备份“{path}”：{error}") from error
    if damaged:
        raise AnjuError(f"备份“{path}”已损坏：{'、'.join(damaged)} 校验不符")
    return manifest, members


def _member(archive: tarfile.TarFile, info: tarfile.TarInfo | None) -> bytes:
    if info is None or info.name != MANIFEST:
        raise KeyError(MANIFEST)
    handle = archive.extractfile(info)
    if handle is None:
        raise KeyError(MANIFEST)
    return handle.read()


def _photo_staged(name: str, handle: IO[bytes], staging: Path, sha256: str) -> bool:
    """Stream a photo member into ``staging``; whether it is the file the manifest names (and
    an original, the file its name is the SHA-256 of)."""
    shape = PHOTO_MEMBER.fullmatch(name)
    if shape is None:  # a name anju never writes: nothing outside the photos directory
        raise ValueError(f"照片文件名不符：{name}")
    target = staging / name.removeprefix(PHOTOS)
    target.parent.mkdir(exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        os.chmod(target, 0o640)  # as the photo store writes them
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    named = shape.group(3) == "thumb.jpg" or shape.group(2) == digest.hexdigest()
    return named and digest.hexdigest() == sha256


def _photos_placed(staging: Path) -> int:
    """Move the staged photos into the photos directory (the same file system); how many."""
    placed = 0
    for file in sorted(staging.glob("??/*")):
        folder = photos_dir() / file.parent.name
        folder.mkdir(exist_ok=True)
        os.replace(file, folder / file.name)
        placed += 1
    return placed


def _restore_database(engine: str, snapshot: bytes) -> None:
    name = str(connection.settings_dict["NAME"])
    connection.close()
    with tempfile.TemporaryDirectory() as folder:
        source_path = Path(folder) / "snapshot"
        source_path.write_bytes(snapshot)
        if engine == "postgresql":
            _run(["pg_restore", "--no-owner", "--exit-on-error", "-d", name, str(source_path)])
            return
        _sqlite_copy(source_path, name)


def backup_restore(*, path: Path) -> BackupSummary:
    """Restore the archive at ``path`` into this site's database, which must be empty."""
    engine = _engine()
    photos_dir().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=photos_dir(), prefix=".restore-"))
    try:
        return _restore(path, engine, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _restore(path: Path, engine: str, staging: Path) -> BackupSummary:
    manifest, members = _read_archive(path, staging)
    if manifest["database"]["engine"] != engine:
        raise AnjuError(
            f"备份来自 {manifest['database']['engine']} 数据库，当前数据库是 {engine}："
            "请把 ANJU_DATABASE_URL 指向同类数据库"
        )
    tables = connection.introspection.table_names()
    if tables:
        raise AnjuError(
            f"数据库不是空的（已有 {len(tables)} 个表）：只能恢复到新建的空数据库，"
            "现有数据不会被改动"
        )
    _restore_database(engine, members[manifest["database"]["member"]])
    issued = {name: data for name, data in members.items() if name.startswith("files/")}
    restored = _issued_files()
    differing = sorted(n for n in set(restored) | set(issued) if restored.get(n) != issued.get(n))
    if differing:
        raise AnjuError(f"恢复后的印发文件与备份不一致：{'、'.join(differing)}")
    photos = _photos_placed(staging)
    return BackupSummary(engine=engine, files=len(issued), size=path.stat().st_size, photos=photos)
