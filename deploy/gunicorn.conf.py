"""gunicorn settings for anju; `anju serve` starts gunicorn with this file.

`anju serve --addr` and `--workers` override bind and workers. Values from the environment:
ANJU_WORKERS (default 2 × cores + 1, at most 12) and ANJU_TRUSTED_PROXIES (the proxies whose
X-Forwarded-* headers gunicorn believes; the same list anju uses for client addresses).
"""

from __future__ import annotations

import gc
import multiprocessing
import os

bind = "127.0.0.1:8000"
workers = int(os.environ.get("ANJU_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 12))

# A bulletin rendered to PDF takes seconds, not minutes: a worker silent for longer is stuck
# and is replaced. On stop, requests in flight get graceful_timeout seconds to finish.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so a slow leak never grows into an outage. A recycled
# worker starts with its caches cold, so its first answers are slower: the wide jitter keeps
# the workers, which serve about as many requests each, from all restarting at once.
max_requests = 4000
max_requests_jitter = 2000
# The application is imported once, by the master, and each worker is a fork of it: a recycled
# worker starts in milliseconds instead of spending a second of CPU importing Django while the
# others serve, and the workers share the imported code's memory. Nothing opens a database
# connection at import. A new release is started by restarting the service, not by HUP.
preload_app = True


def pre_fork(server: object, worker: object) -> None:
    """Before each worker is forked: what the master holds (Django, anju, their modules) lives
    as long as the worker, so it is frozen out of the cycle collector's sight. A worker's full
    collections then walk only what it made itself: pauses about half as long under load, and
    the shared pages are not copied by the collector touching them."""
    gc.freeze()


forwarded_allow_ips = os.environ.get("ANJU_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"

# Requests larger than any page or API call anju knows are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
