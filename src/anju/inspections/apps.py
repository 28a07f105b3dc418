from __future__ import annotations

from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anju.inspections"
    verbose_name = "专项巡查"

    def ready(self) -> None:
        from anju.inspections.photos import photos_register

        photos_register()
