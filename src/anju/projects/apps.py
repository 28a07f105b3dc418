from __future__ import annotations

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "anju.projects"
    verbose_name = "项目库"

    def ready(self) -> None:
        from anju.projects.photos import photos_register

        photos_register()
