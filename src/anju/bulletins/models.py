"""A bulletin (通报) for a scope and month: its editable texts, and its files once issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from anju.programmes.models import Unit
from anju.reporting.models import Period


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bulletins")
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bulletins")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField("文号序号", null=True, blank=True)
    date = models.DateField("成文日期", null=True, blank=True)
    # The body outline as edited for this bulletin: [{code, kind, level, text, indicator,
    # milestones}], copied from the previous month's bulletin or the programme's outline.
    blocks = models.JSONField("正文", default=list)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-period__programme__year", "-period__month", "scope__path"]
        constraints = [models.UniqueConstraint(fields=["period", "scope"], name="bulletin_unique")]

    def __str__(self) -> str:
        return f"{self.scope}{self.period}通报"


class BulletinFile(models.Model):
    """An issued bulletin's file, archived as issued: it never changes afterwards."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"
        HTML = "html", "HTML"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="files")
    format = models.CharField("格式", max_length=4, choices=Format.choices)
    content = models.BinaryField("内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报文件"
        verbose_name_plural = "通报文件"
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "format"], name="bulletin_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin}.{self.format}"
