"""API tokens: a program acts as the user who created the token, with that user's roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

NAME_LENGTH = 100


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 digest is kept: the plain token is shown once, at
    creation, so a copy of the database gives no one access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("名称", max_length=NAME_LENGTH)
    digest = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
