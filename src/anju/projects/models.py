"""Projects (项目), their monthly progress and the trail of every change to either."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.modelparts import FieldChange, Versioned
from anju.programmes.models import Programme, Unit
from anju.reporting.models import Period, WorkbookImport


class Project(Versioned):
    """One project of a unit in a programme: a 棚改 site, a 公租房 estate, …

    For 公租房 the estate's flats, flats allocated and flats occupied are its present state
    (the cohort figures); every change of them is kept in ProjectChange.
    """

    class Kind(models.TextChoices):
        PG = "pg", _("棚户区改造")
        GZF = "gzf", _("公租房")
        WFG = "wfg", _("农村危房改造")
        OLD = "old", _("老旧小区改造")
        OTHER = "other", _("其他")

    class Method(models.TextChoices):
        NEW = "new", _("新建")
        MONEY = "money", _("货币化安置")
        REBUILD = "rebuild", _("改扩建")
        PURCHASE = "purchase", _("收购")
        LEASE = "lease", _("租赁")

    class Status(models.TextChoices):
        PLANNED = "planned", _("未开工")
        BUILDING = "building", _("在建")
        BASIC = "basic", _("基本建成")
        DONE = "done", _("竣工")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="projects")
    code = models.SlugField("项目编号", max_length=64)
    name = models.CharField("项目名称", max_length=200)
    kind = models.CharField("项目类型", max_length=8, choices=Kind.choices)
    method = models.CharField("建设方式", max_length=8, choices=Method.choices)
    address = models.CharField("地址", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    task_year = models.PositiveSmallIntegerField("任务年度")
    planned_units = models.PositiveIntegerField("计划套数", default=0)
    area = models.DecimalField(
        "建筑面积（平方米）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    investment = models.DecimalField(
        "计划总投资（万元）", max_digits=20, decimal_places=4, null=True, blank=True
    )
    builder = models.CharField("建设单位", max_length=200, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    basic_on = models.DateField("基本建成日期", null=True, blank=True)
    completed_on = models.DateField("竣工日期", null=True, blank=True)
    status = models.CharField(
        "项目状态", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # 公租房: the year it was completed (when no 竣工 date is known), its flats and their use.
    completion_year = models.PositiveSmallIntegerField("建成年度", null=True, blank=True)
    flats = models.PositiveIntegerField("建设套数", null=True, blank=True)
    allocated = models.PositiveIntegerField("已分配套数", null=True, blank=True)
    occupied = models.PositiveIntegerField("已入住套数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目"
        ordering = ["programme", "unit__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="project_code_unique")
        ]
        indexes = [models.Index(fields=["programme", "unit"])]

    def __str__(self) -> str:
        return self.name


class ProjectMonth(models.Model):
    """A project's progress in one month: this month's flows and its 形象进度. Year-to-date
    figures are the sums of the months (本期末 = 上期末 + 本期), never stored."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="months")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="project_months")
    started = models.DecimalField("本期开工（套）", max_digits=20, decimal_places=4, default=0)
    basic = models.DecimalField("本期基本建成（套）", max_digits=20, decimal_places=4, default=0)
    completed = models.DecimalField("本期竣工（套）", max_digits=20, decimal_places=4, default=0)
    invested = models.DecimalField(
        "本期完成投资（万元）", max_digits=20, decimal_places=4, default=0
    )
    node = models.CharField("形象进度", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目月进度"
        ordering = ["period", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="project_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period}"


class ProjectChange(FieldChange):
    """Every change of a project or of its month: who, when, which field, old → new."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="changes")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_value = models.CharField("原值", max_length=200, blank=True)
    new_value = models.CharField("新值", max_length=200, blank=True)

    class Meta(FieldChange.Meta):
        verbose_name = verbose_name_plural = "项目修改记录"

    def __str__(self) -> str:
        return f"{self.project} {self.field}: {self.old_value} → {self.new_value}"


class ProjectImport(WorkbookImport):
    """A unit's project workbook, checked and waiting for its uploader to confirm it.

    ``rows`` holds, per project code, the month as it stood when the file was checked
    (``old``) and as the file has it (``new``), so a confirmation after someone else's change
    is refused instead of overwriting it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        APPLIED = "applied", "已导入"
        DISCARDED = "discarded", "已放弃"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    rows = models.JSONField("变更", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "项目工作簿导入"

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {self.filename}"
