"""A role is a kind of access over a unit: an admin or a leader over a subtree, a reporter for
exactly one unit. A user may hold several."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.programmes.models import Unit


class Role(models.Model):
    class Kind(models.TextChoices):
        ADMIN = "admin", _("管理员")
        REPORTER = "reporter", _("填报员")
        LEADER = "leader", _("领导")
        INSPECTOR = "inspector", _("督查人员")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField("角色", max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "kind", "unit"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.unit}"
