"""Background tasks of the Excel import: a worker (``anju manage db_worker``) runs them from
the database queue. Thin; the work and its guards live in ``anju.reporting.excel.work``."""

from __future__ import annotations

from django_tasks import task

from anju.reporting.excel.work import import_run


@task()
def apply_excel_import(import_id: int) -> str:
    """Write a confirmed import (and submit its reports, if asked); returns its status."""
    return import_run(import_id=import_id)
