from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "anju.web"
    verbose_name = "网页"
