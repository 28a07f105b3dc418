"""Background tasks: a worker (``anju manage db_worker``) on any machine runs them from the
database queue. Each is thin; the work and its guards live in ``anju.bulletins.work``."""

from __future__ import annotations

from django_tasks import task

from anju.bulletins.work import item_generate


@task()
def generate_bulletin_item(item_id: int) -> str:
    """Make one batch item's bulletin in the batch's formats; returns the item's status."""
    return item_generate(item_id=item_id)
