from __future__ import annotations

from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "anju.bulletins"
    verbose_name = "通报"
