from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "anju.reporting"
    verbose_name = "月度填报"

    def ready(self) -> None:
        from anju.programmes.signals import unit_moved
        from anju.reporting.rollup import unit_moved as follow_unit_moved

        unit_moved.connect(follow_unit_moved, dispatch_uid="anju.reporting.rollup.unit_moved")
