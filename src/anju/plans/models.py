"""A unit's plan for a programme's year, kept as versions: none is ever changed or deleted.

Each version holds the whole plan (every planned figure, every month given) with who made it,
when, why and through which channel. A version the office makes is approved at once; one a
reporter makes waits for the office, which approves or returns it. The plan in force is the
latest approved version (by number); before any, the programme file's ``plans`` if it has
them for the unit.
"""

from __future__ import annotations

from django.db import models

from anju.modelparts import by_user, month_check
from anju.programmes.models import DataElement, Programme, Unit


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已批准"
        RETURNED = "returned", "已退回"
        SUPERSEDED = "superseded", "已被新版本替代"

    class Channel(models.TextChoices):
        FORM = "form", "网页"
        API = "api", "接口"
        FILE = "file", "文件导入"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plan_versions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField("版本")
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    reason = models.TextField("说明", blank=True)  # why it was set or changed
    channel = models.CharField("方式", max_length=8, choices=Channel.choices)
    created_by = by_user("填写人", on_delete=models.SET_NULL, blank=False)
    created_at = models.DateTimeField("填写时间", auto_now_add=True)
    reviewed_by = by_user("审核人", on_delete=models.SET_NULL)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "月工作目标版本"
        ordering = ["programme", "unit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit", "number"], name="plan_version_unique"
            )
        ]
        indexes = [models.Index(fields=["programme", "status", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.programme.year}年月工作目标 第{self.number}版"


class PlanFigure(models.Model):
    """One month's cumulative goal for one planned figure in a version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="figures")
    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField("月份")
    value = models.DecimalField("计划累计数", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = verbose_name_plural = "月计划数"
        ordering = ["version", "element__order", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "element", "month"], name="plan_figure_unique"
            ),
            month_check("plan_figure_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.month}月 {self.value}"
