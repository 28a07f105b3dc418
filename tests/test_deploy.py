"""Running anju on a server: the production settings, `anju deploy` and `anju serve`.

Each test runs the real command in its own process, with its own environment and database,
as an operator would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = PROJECT / "deploy" / "production.env"
KEY = "a-test-key-that-is-long-enough-and-random-enough-0123456789"


def env_file(path: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {name.strip(): value.strip() for name, value in pairs}


def environment(tmp_path: Path, **values: str) -> dict[str, str]:
    """A clean environment: nothing of this machine's ANJU_* settings, a database of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANJU_", "DJANGO_"))}
    env.update(
        ANJU_VAR_DIR=str(tmp_path),
        ANJU_DATABASE_URL=f"sqlite:///{tmp_path / 'anju.sqlite3'}",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT / "src"), env.get("PYTHONPATH")])),
    )
    env.update(values)
    return env


def anju(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anju.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_shipped_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = environment(tmp_path, **env_file(PRODUCTION_ENV))
    env["ANJU_DATABASE_URL"] = f"sqlite:///{tmp_path / 'anju.sqlite3'}"
    done = anju(env, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert (done.returncode, done.stderr) == (0, "")
    assert "no issues" in done.stdout


def test_without_the_production_settings_the_deploy_check_fails(tmp_path: Path) -> None:
    done = anju(environment(tmp_path, ANJU_SECRET_KEY=KEY), "manage", "check", "--deploy")
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in done.stderr


@pytest.mark.parametrize("key", [None, "CHANGE-me-to-50-random-characters"])
def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path, key: str | None) -> None:
    env = environment(tmp_path, **({"ANJU_SECRET_KEY": key} if key else {}))
    done = anju(env, "serve", "--addr", "127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr == (
        "anju: 未设置 ANJU_SECRET_KEY：请设置为一个长随机串（开发时可设 ANJU_DEV=1）\n"
    )


def test_serve_on_an_unmigrated_database_says_to_deploy(tmp_path: Path) -> None:
    done = anju(environment(tmp_path, ANJU_SECRET_KEY=KEY), "serve", "--addr", "127.0.0.1:1")
    assert (done.returncode, done.stderr) == (
        2,
        "anju: 数据库尚未迁移到本版本：请先运行 anju deploy\n",
    )
    assert not (tmp_path / "static").exists()  # serve itself neither migrates nor collects


def test_a_forged_message_cookie_is_not_believed_without_the_key(tmp_path: Path) -> None:
    """The old built-in key signed anything anyone liked; now there is no such key to use."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "try:\n    settings.SECRET_KEY\nexcept Exception as e:\n    print(type(e).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**environment(tmp_path), "DJANGO_SETTINGS_MODULE": "anju.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout == "ImproperlyConfigured\n"


def test_development_mode_makes_a_private_key_once(tmp_path: Path) -> None:
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {**environment(tmp_path, ANJU_DEV="1"), "DJANGO_SETTINGS_MODULE": "anju.settings"}
    keys = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert keys[0] == keys[1] and len(keys[0].strip()) >= 50
    assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
def test_deploy_migrates_and_collects_showing_each_step(tmp_path: Path) -> None:
    done = anju(environment(tmp_path, ANJU_SECRET_KEY=KEY), "deploy")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1/2 迁移数据库…\n")
    assert "Applying reporting.0001_initial... OK" in done.stdout
    assert "2/2 收集静态文件…" in done.stdout
    assert done.stdout.endswith("部署完成：可以启动 anju serve\n")
    assert (tmp_path / "static" / "staticfiles.json").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_text(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for_page(url: str, server: subprocess.Popen[str]) -> int:
    for _ in range(600):
        if server.poll() is not None:
            pytest.fail(f"anju serve stopped with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.1)
    pytest.fail("anju serve never answered")


@pytest.mark.slow
def test_stopping_serve_stops_the_server(tmp_path: Path) -> None:
    env = environment(tmp_path, ANJU_SECRET_KEY=KEY, ANJU_DEBUG="1")
    assert anju(env, "manage", "migrate", "--verbosity", "0").returncode == 0
    bind = f"127.0.0.1:{free_port()}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "anju.cli", "serve", "--addr", bind, "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for_page(f"http://{bind}/login/", server) == 200
        assert len(processes_mentioning(bind)) == 3  # gunicorn itself and its two workers
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
    assert processes_mentioning(bind) == []
