"""A task worker started beside the web server (``anju serve --with-worker``)."""

from __future__ import annotations

import subprocess
import sys

PR_SET_PDEATHSIG = 1  # Linux prctl: the signal a child gets when its parent exits


def _die_with_parent() -> None:
    """Run in the worker before it starts: when the server it was started beside exits (this
    process becomes gunicorn, keeping its id), the worker is sent SIGTERM and stops too."""
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker() -> subprocess.Popen[bytes]:
    """A task worker (``anju manage db_worker``) as a child of the server about to start: it
    shares the terminal's process group, so Ctrl-C stops both, and it stops when the server
    does."""
    command = [sys.executable, "-m", "anju.cli", "manage", "db_worker", "--no-reload"]
    return subprocess.Popen(command, preexec_fn=_die_with_parent)
