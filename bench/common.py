"""What several benchmarks share: throw-away PostgreSQL databases."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def recreate_database(server: str, name: str, *, drop_only: bool = False) -> str:
    """Drop the database if it exists, create it afresh (unless ``drop_only``); its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server}/{name}"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` timings, after one warm-up run (imports, templates, fonts)."""
    action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)
