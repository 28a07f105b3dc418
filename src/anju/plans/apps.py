from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "anju.plans"
    verbose_name = "月工作目标"
