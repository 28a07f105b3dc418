"""A month of reporting: the period, each unit's report, its figures and their history."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.modelparts import Record, Versioned, by_user, filename_field, month_check
from anju.programmes.models import DataElement, Programme, Unit


class Period(models.Model):
    """A month of the programme's year; reports hold year-to-date values at its end."""

    class Status(models.TextChoices):
        OPEN = "open", _("填报中")
        ISSUED = "issued", _("已印发")
        # Closed: no change without an admin's unlock, with a reason, of the report concerned.
        CLOSED = "closed", _("已关闭")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="periods")
    month = models.PositiveSmallIntegerField("月份")
    due_date = models.DateField("报送截止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = by_user("关闭人")

    class Meta:
        verbose_name = verbose_name_plural = "填报月份"
        ordering = ["programme", "month"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="period_unique"),
            month_check("period_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.year}年{self.month}月"

    @property
    def key(self) -> str:
        return f"{self.programme.year:04d}-{self.month:02d}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_nearest(self) -> bool:
        """Of ``scope_periods``: whether the month's programme is its year's nearest to the
        unit asked about (they annotate ``nearest_id``), the one whose pages show the month."""
        return self.programme_id == getattr(self, "nearest_id", None)

    @property
    def end_date(self) -> datetime.date:
        year = self.programme.year
        return datetime.date(year, self.month, calendar.monthrange(year, self.month)[1])


class Report(Versioned):
    """One unit's figures for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已审核")
        LOCKED = "locked", _("已锁定")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField("填报说明", blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Figures the unit has not published (暂未公布), by element code: no value is stored for
    # them, and the tables print them as such rather than as blank or 0.
    unpublished = models.JSONField("暂未公布的数据", default=list, blank=True)
    # The date the figures run to when earlier than the month's end (a unit that reported
    # late): the tables mark its row and say so under the table.
    as_of = models.DateField("数据截止日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "月报"
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_unique")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class ReportValue(models.Model):
    """A reported figure: year to date at the end of the report's month."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = verbose_name_plural = "填报数值"
        constraints = [
            models.UniqueConstraint(fields=["report", "element"], name="report_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.element.name} = {self.value}"


class ValueChange(Record):
    """The audit trail: every change of a reported figure, by whom and through which channel.
    A report with records cannot be deleted."""

    class Channel(models.TextChoices):
        FORM = "form", _("网页填报")
        EXCEL = "excel", _("Excel导入")
        API = "api", _("接口")
        IMPORT = "import", _("数据文件导入")
        BULLETIN = "bulletin", _("历史通报导入")
        PROJECTS = "projects", _("项目汇总")

    # The trail outlives nothing it records: a report or figure with recorded changes cannot
    # be deleted (nor, through them, its period or programme).
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="changes")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="changes")
    old_value = models.DecimalField("原值", null=True, blank=True, max_digits=20, decimal_places=4)
    new_value = models.DecimalField("新值", null=True, blank=True, max_digits=20, decimal_places=4)
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    comment = models.TextField("说明", blank=True)
    # The published bulletin a figure was imported from (channel "bulletin"): the file as
    # received, its SHA-256 and the audit's findings.
    source = models.ForeignKey(
        "bulletins.BulletinAudit",
        verbose_name="来源通报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="value_changes",
    )

    class Meta(Record.Meta):
        verbose_name = verbose_name_plural = "修改记录"
        indexes = [models.Index(fields=["report", "element"])]

    def __str__(self) -> str:
        return f"{self.report} {self.element.name}: {self.old_value} → {self.new_value}"


class ReportEvent(Record):
    """The review history of a report: who submitted, approved, returned or unlocked it."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("报送")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        LOCK = "lock", _("锁定")
        UNLOCK = "unlock", _("解锁")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=8, choices=Action.choices)
    comment = models.TextField("意见或理由", blank=True)

    class Meta(Record.Meta):
        verbose_name = verbose_name_plural = "审核记录"

    def __str__(self) -> str:
        return f"{self.report} {self.get_action_display()}"


class WorkbookImport(models.Model):
    """A workbook a user uploaded for a period: checked, then kept until the user confirms
    what it changes (applied) or gives it up."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    filename = filename_field()
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        abstract = True


class ExcelImport(WorkbookImport):
    """An uploaded workbook, checked and waiting for the user to confirm what it changes.

    ``changes`` holds the figures to store ({unit code: {element code: "text value"}}) and the
    report versions they were checked against, so a confirmation after someone else's edit is
    refused instead of overwriting it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        # A large import confirmed: a background task writes it (see reporting/excel/tasks.py).
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    scope = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    changes = models.JSONField("变更", default=dict)
    versions = models.JSONField("报表版本", default=dict)
    # The 填报说明 written beside a unit's figures ({unit code: text}): stored on its report.
    notes = models.JSONField("填报说明", default=dict, blank=True)
    rows = models.JSONField("行号", default=dict, blank=True)  # unit code → its row in the file
    # A large import runs as a background task: what was asked, when it began, and how it
    # ended (the reasons it was refused, or what was stored and submitted).
    submit = models.BooleanField("导入后报送", default=False)
    task_id = models.CharField("任务", max_length=64, blank=True)
    queued_at = models.DateTimeField("排队时间", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    problems = models.JSONField("未能导入的原因", default=list, blank=True)
    outcome = models.JSONField("导入结果", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "Excel导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class SubtreeSum(models.Model):
    """Per month, unit and figure: the sum of the published figures (reports approved or
    locked) of every unit at or below the unit. Kept by ``anju.reporting.rollup`` in the
    same transaction as every change of what is published, so a national table reads one
    row per province and figure instead of summing every county's.

    ``total`` is held in ten-thousandths (the figures' fourth decimal is their last): an
    exact integer on every database, which SQLite's floating-point DECIMAL would not be.
    ``reports`` counts the reports summed; a row at 0 (all withdrawn) stands for no figure.
    """

    SCALE_PLACES = 4

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    total = models.BigIntegerField("合计（万分之一）")
    reports = models.IntegerField("汇总报表数")

    class Meta:
        verbose_name = verbose_name_plural = "下级合计"
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "element"], name="subtree_sum_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id} {self.element_id}: {self.amount}"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.total).scaleb(-self.SCALE_PLACES)
