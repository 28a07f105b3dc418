"""A published bulletin checked by the audit: the file as uploaded, kept with its findings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.modelparts import SizedFile, by_user, filename_field
from anju.programmes.models import Unit


class BulletinAudit(SizedFile):
    """An uploaded bulletin and what the audit found in it, kept for the inspectors.

    The file is kept byte for byte with its SHA-256, so what was checked can be shown later;
    the document as read (paragraphs and tables) is kept too, for showing the findings in place.
    """

    class Purpose(models.TextChoices):
        CHECK = "check", _("核对")
        IMPORT = "import", _("导入历史数据")

    scope = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="bulletin_audits"
    )
    purpose = models.CharField("用途", max_length=8, choices=Purpose.choices, default=Purpose.CHECK)
    filename = filename_field()
    # Unlike the issued files' digests, an uploaded file's is indexed.
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = by_user("上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    checked = models.PositiveIntegerField("核对推算数", default=0)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    notes = models.PositiveIntegerField("提示数", default=0)
    findings = models.JSONField("核对结果", default=list)
    document = models.JSONField("读取的正文和表格", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "通报核对"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["scope", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.created_at:%Y-%m-%d}）"
