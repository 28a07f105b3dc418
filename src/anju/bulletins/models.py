"""A bulletin (通报) for a scope and month: its editable texts, and its files once issued."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.modelparts import SizedFile, StoredFile, by_user
from anju.programmes.models import Unit
from anju.reporting.models import Period


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bulletins")
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bulletins")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField("文号序号", null=True, blank=True)
    date = models.DateField("成文日期", null=True, blank=True)
    # The 文号's year (〔2017〕), the year of ``date``: stored so that the database itself
    # refuses a second bulletin of the scope with the same number in the same year.
    year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True, editable=False)
    # The body outline as edited for this bulletin: [{code, kind, level, text, indicator,
    # milestones}], copied from the previous month's bulletin or the programme's outline.
    blocks = models.JSONField("正文", default=list)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = by_user("印发人")
    # The document model as issued ({version, document, figures}): what the page, the files
    # and the archive show from then on, whatever happens to the figures behind it.
    snapshot = models.JSONField("印发时的通报", null=True, blank=True, editable=False)
    # A 更正通报 names the bulletin it corrects; the original stays in the archive beside it.
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的通报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    note = models.TextField("更正说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-period__programme__year", "-period__month", "scope__path"]
        constraints = [
            # One bulletin per scope and month; its corrections beside it.
            models.UniqueConstraint(
                fields=["period", "scope"],
                condition=models.Q(corrects__isnull=True),
                name="bulletin_unique",
            ),
            models.UniqueConstraint(
                fields=["scope", "year", "number"], name="bulletin_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True)
                | models.Q(number__gte=1, number__lte=1_000_000),
                name="bulletin_number_range",
            ),
        ]

    def __str__(self) -> str:
        kind = "更正通报" if self.corrects_id else "通报"
        return f"{self.scope}{self.period}{kind}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def document_number(self) -> str:
        """发文字号, e.g. 迪庆安居办〔2017〕12号; empty before issue."""
        if self.number is None or self.date is None:
            return ""
        prefix = self.period.programme.bulletin.get("number_prefix", "")
        return f"{prefix}〔{self.date.year}〕{self.number}号"


class BulletinFile(StoredFile):
    """An issued bulletin's file, archived as issued: it never changes afterwards."""

    class Format(models.TextChoices):
        DOCX = "docx", _("Word")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel")
        HTML = "html", _("HTML")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="files")
    format = models.CharField("格式", max_length=4, choices=Format.choices)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报文件"
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "format"], name="bulletin_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin}.{self.format}"


class BulletinBatch(models.Model):
    """Many scopes' draft bulletins for one month, made by background tasks, one per scope.

    The scopes are the units ``level`` generations below ``parent`` (0: the parent itself)
    that have units below them to rank. The month is kept as year and month, not as a Period:
    the scopes may belong to different programmes, so each item finds its own period.
    """

    parent = models.ForeignKey(
        Unit, verbose_name="上级单位", on_delete=models.PROTECT, related_name="bulletin_batches"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    level = models.PositiveSmallIntegerField("下级层数", default=1)
    formats = models.JSONField("格式", default=list)
    requested_by = by_user("发起人", on_delete=models.SET_NULL)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Set by whichever task finishes the last item: the batch's wall time ends here.
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量通报"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["parent", "year", "month"])]

    def __str__(self) -> str:
        return f"{self.parent}{self.year}年{self.month}月批量通报"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class BulletinBatchItem(models.Model):
    """One scope's bulletin in a batch: made by one task, at most once at a time."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    batch = models.ForeignKey(BulletinBatch, on_delete=models.CASCADE, related_name="items")
    scope = models.ForeignKey(
        Unit, verbose_name="通报单位", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField("错误", blank=True)
    # Incremented by each claim: a worker stores its result only while its claim still stands.
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量通报单位"
        ordering = ["pk"]  # created in tree order
        constraints = [
            models.UniqueConstraint(fields=["batch", "scope"], name="bulletin_batch_item_unique")
        ]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.batch} · {self.scope}"


class BulletinBatchFile(SizedFile):
    """A file made for a batch item, kept in the database like BulletinFile."""

    item = models.ForeignKey(BulletinBatchItem, on_delete=models.CASCADE, related_name="files")
    format = models.CharField("格式", max_length=4, choices=BulletinFile.Format.choices)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量通报文件"
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "format"], name="bulletin_batch_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}.{self.format}"


from anju.bulletins.audit_models import BulletinAudit  # noqa: E402, F401
