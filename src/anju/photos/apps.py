from __future__ import annotations

from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "anju.photos"
    verbose_name = "照片"
