from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "anju.programmes"
    verbose_name = "计划与单位"
