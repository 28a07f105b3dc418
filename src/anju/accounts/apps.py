from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anju.accounts"
    verbose_name = "用户与权限"
