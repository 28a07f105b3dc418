"""What several benchmarks share: throw-away PostgreSQL databases."""

from __future__ import annotations


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
