"""`anju serve --with-worker`: the server and a task worker start together and stop together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_deploy import KEY, anju, environment, free_port, processes_mentioning, wait_for_page


def workers_of(tmp_path: Path) -> list[int]:
    """db_worker processes started with this test's own environment (its database)."""
    found = []
    for pid in processes_mentioning("db_worker"):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if str(tmp_path).encode() in environ:
            found.append(pid)
    return found


@pytest.mark.slow
def test_serve_with_worker_starts_and_stops_both(tmp_path: Path) -> None:
    env = environment(tmp_path, ANJU_SECRET_KEY=KEY, ANJU_DEBUG="1")
    assert anju(env, "manage", "migrate", "--verbosity", "0").returncode == 0
    bind = f"127.0.0.1:{free_port()}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "anju.cli",
            "serve",
            "--addr",
            bind,
            "--workers",
            "1",
            "--with-worker",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for_page(f"http://{bind}/login/", server) == 200
        assert len(workers_of(tmp_path)) == 1
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        for _ in range(100):
            if not workers_of(tmp_path):
                break
            time.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
    assert workers_of(tmp_path) == []
    assert "后台任务进程已启动" in (tmp_path / "serve.log").read_text()
