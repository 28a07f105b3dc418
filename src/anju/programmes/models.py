"""The programme a year runs on: its units, figures, indicators, tables and milestones."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property

from anju.modelparts import month_check


class Unit(models.Model):
    """An administrative unit (行政单位) in a tree of any depth."""

    class Kind(models.TextChoices):
        NATION = "nation", "国家"
        PROVINCE = "province", "省（区、市）"
        PREFECTURE = "prefecture", "州（市）"
        CITY = "city", "县级市"
        COUNTY = "county", "县"
        DISTRICT = "district", "区"
        ZONE = "zone", "开发区"
        OWN = "own", "本级"

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("533400/533401/"): a whole subtree is one indexed
    # prefix query, which keeps roll-ups set-based at national size.
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField("排列顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "行政单位"
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "sort_order"])]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def has_units_below(self) -> bool:
        """Whether units report below this one; if so it enters no figures of its own (its
        own figures have a unit of their own, 州本级). Queries that annotate ``below`` (as
        ``unit_find`` does) answer it without asking again."""
        below: bool | None = getattr(self, "below", None)
        return self.children.exists() if below is None else below

    @property
    def ancestor_paths(self) -> list[str]:
        """The paths of the unit and of every unit above it, the root's first."""
        parts = self.path.rstrip("/").split("/")
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def compute_path(self) -> tuple[str, int]:
        if self.parent is None:
            return f"{self.code}/", 0
        return f"{self.parent.path}{self.code}/", self.parent.depth + 1


class Programme(models.Model):
    """One year's definition of the programme for a scope unit."""

    code = models.SlugField("代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    scope = models.ForeignKey(
        Unit, verbose_name="范围单位", on_delete=models.PROTECT, related_name="programmes"
    )
    # Bulletin header and distribution (发文机关, 文号前缀, 主送, 抄送): kept as declared.
    bulletin = models.JSONField("通报设置", default=dict, blank=True)
    # The leaders' page: headline cards [{label, value, of, rate}], the progress chart
    # {indicator, milestones} and the figures drawn month by month (trend: [codes]).
    dashboard = models.JSONField("仪表板设置", default=dict, blank=True)
    # Composite scores (综合考评), as the programme file writes them (spec.scores).
    scores = models.JSONField("综合考评", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度计划"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.name


class DataElement(models.Model):
    """A raw figure a unit reports (填报指标), or a target handed down (下达任务)."""

    class Role(models.TextChoices):
        TARGET = "target", "下达任务"
        ACTUAL = "actual", "完成数"

    class TimeAggregation(models.TextChoices):
        CUMULATIVE = "cumulative", "年度累计"
        STOCK = "stock", "期末存量"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="data_elements")
    code = models.SlugField("代码", max_length=64)
    name = models.CharField("名称", max_length=100)
    measure = models.CharField("计量单位", max_length=16)
    role = models.CharField("类型", max_length=8, choices=Role.choices)
    time_aggregation = models.CharField(
        "按月汇总",
        max_length=12,
        choices=TimeAggregation.choices,
        default=TimeAggregation.CUMULATIVE,
    )
    places = models.PositiveSmallIntegerField("小数位数", default=0)
    description = models.TextField("说明", blank=True)
    # The target this figure counts toward (开工数 → 目标任务数), shown beside it on the form.
    target = models.ForeignKey(
        "self",
        verbose_name="对应任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Checks on entry: [{"rule": "at_most", "of": "pg_task", "level": "warning"}, ...]
    rules = models.JSONField("校验规则", default=list, blank=True)
    # Units set a cumulative goal for each month (月工作目标), kept by anju.plans.
    plan = models.BooleanField("按月计划", default=False)
    # The unit figures are entered in: "万" takes 1.39 as 13900 (exactly); "" as they are.
    entered_in = models.CharField("录入单位", max_length=2, blank=True)
    # A figure summed from the unit's projects: {"flow": "started", "kind": "gzf",
    # "completed_by": "2013-12-31"}; {} for a figure only entered.
    projects = models.JSONField("项目汇总", default=dict, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "填报指标"
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="element_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.measure}）"


class Indicator(models.Model):
    """A computed figure, e.g. 开工率 = 开工数 / 目标任务数 × 100."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("代码", max_length=64)
    name = models.CharField("名称", max_length=100)
    formula = models.CharField("公式", max_length=500)
    places = models.PositiveSmallIntegerField("保留小数位数", default=2)
    measure = models.CharField("计量单位", max_length=16, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "计算指标"
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ReportTable(models.Model):
    """A bulletin attachment: which units appear, how they are sorted and ranked."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tables")
    code = models.SlugField("代码", max_length=64)
    number = models.PositiveSmallIntegerField("附件序号")
    title = models.CharField("标题", max_length=200)
    unit_line = models.CharField("单位说明", max_length=100, blank=True)
    show_period = models.BooleanField("显示起止日期", default=True)
    keys = models.JSONField("排序依据", default=list)
    tiebreak = models.JSONField("并列时显示顺序", default=list, blank=True)
    eligible_if = models.CharField("参与排序须有", max_length=64, blank=True)
    include_if_any = models.JSONField("列出有以下数据的单位", default=list, blank=True)

    class Total(models.TextChoices):
        SUM = "sum", "各行之和"
        STATED = "stated", "范围单位自身的任务和数据"
        NONE = "none", "无合计行"

    # What the total row says: the rows' sums, or the scope's own stated figures where it has
    # them (a plan handed down to it), or no total row at all.
    total = models.CharField("合计方式", max_length=8, choices=Total.choices, default=Total.SUM)
    # How the table ranks, where it differs from a shared rank on the printed rates:
    # {"ranking": "none"} or {"numbering": "sequence", "rank_on": "exact", "bands": [...]}.
    rank_rules = models.JSONField("排序规则", default=dict, blank=True)
    # Only units of these kinds (["county", "city"]): 县 ranked apart from 区 and 开发区.
    unit_kinds = models.JSONField("列出的单位类别", default=list, blank=True)
    # Rows by programme type: {"categories": [...], "rates": [...]} as the file writes them.
    categories = models.JSONField("按类别列出", default=dict, blank=True)
    total_label = models.CharField("合计行名称", max_length=20, default="合  计", blank=True)
    unranked_note = models.CharField(
        "不参与排序说明", max_length=200, default="{units}无下达任务，不参与排序。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "附件表"
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="table_code_unique"),
            models.UniqueConstraint(fields=["programme", "number"], name="table_number_unique"),
        ]

    def __str__(self) -> str:
        return f"附件{self.number} {self.title}"


class TableColumn(models.Model):
    class Kind(models.TextChoices):
        UNIT = "unit", "单位名称"
        VALUE = "value", "数值"
        RANK = "rank", "排序"
        CHANGE = "change", "增减说明"
        TEXT = "text", "备注"

    table = models.ForeignKey(ReportTable, on_delete=models.CASCADE, related_name="columns")
    order = models.PositiveSmallIntegerField("顺序")
    key = models.SlugField("列代码", max_length=64)
    header = models.CharField("列标题", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    source = models.CharField("数据来源", max_length=64, blank=True)
    places = models.PositiveSmallIntegerField("小数位数", null=True, blank=True)
    trim = models.BooleanField("去掉末尾的0", default=False)
    suffix = models.CharField("后缀", max_length=8, blank=True)
    scale = models.CharField("数量单位", max_length=2, blank=True)  # 万 or 亿: printed ÷ 10⁴/10⁸
    group = models.CharField("上级表头", max_length=100, blank=True)
    change = models.JSONField("增减说明格式", null=True, blank=True)
    # The total row's cell: blank (default as the source gives it), "none", "sum", or an
    # indicator's code — that rate computed on the total's figures.
    total = models.CharField("合计行显示", max_length=64, blank=True)
    # Display rules: {"text_if": [{"at_least": "100", "text": "全部开工"}], "blank": "—"}.
    display = models.JSONField("显示规则", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "表列"
        ordering = ["table", "order"]
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="column_key_unique")]

    def __str__(self) -> str:
        return self.header


class Milestone(models.Model):
    """An indicator threshold by a date: 开工率 ≥ 60% by 6月30日."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    code = models.SlugField("代码", max_length=64)
    label = models.CharField("名称", max_length=200)
    target = models.ForeignKey(
        DataElement, verbose_name="任务数", on_delete=models.CASCADE, related_name="+"
    )
    actual = models.ForeignKey(
        DataElement, verbose_name="完成数", on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.DecimalField("比例（%）", max_digits=7, decimal_places=2)
    due = models.DateField("截止日期")
    verb = models.CharField("动词", max_length=16, default="开工")
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节点目标"
        ordering = ["programme", "due", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="milestone_code_unique")
        ]

    def __str__(self) -> str:
        return self.label


class MonthlyPlan(models.Model):
    """A month's work target (月工作目标) for a unit and figure, year to date."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="plans")
    month = models.PositiveSmallIntegerField("月份")
    value = models.DecimalField("计划累计数", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = verbose_name_plural = "月工作目标"
        constraints = [
            models.UniqueConstraint(fields=["element", "unit", "month"], name="plan_unique"),
            month_check("plan_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month}月 {self.element.name} {self.value}"


class NarrativeTemplate(models.Model):
    """A block of the bulletin's body: a heading, a paragraph written from figures, or a chart.

    Together, in order, they are the outline a new bulletin starts from; each bulletin keeps
    its own copy of the texts, which the office edits.
    """

    class Kind(models.TextChoices):
        HEADING = "heading", "标题"
        PARAGRAPH = "paragraph", "段落"
        CHART = "chart", "进度图"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="narratives")
    code = models.SlugField("代码", max_length=64)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.PARAGRAPH)
    level = models.PositiveSmallIntegerField("标题层级", default=1)
    text = models.TextField("模板")
    # For a chart: the indicator drawn per unit and the milestones drawn as lines.
    indicator = models.CharField("图示指标", max_length=64, blank=True)
    milestones = models.JSONField("图示节点目标", default=list, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "通报文字模板"
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="narrative_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class Target(models.Model):
    """The value of a target figure for a unit in the programme's year."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField("任务数", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = verbose_name_plural = "下达任务"
        constraints = [models.UniqueConstraint(fields=["element", "unit"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.element.name} {self.value}"


class DataVersion(models.Model):
    """One of a programme's version counters: raised in the same transaction as every change
    that its pages show (figures, a report's status, a month opened or closed, a bulletin
    issued, the definition). The version is the sum of its counters: a writer raises one
    slot, drawn at random, so concurrent writers rarely wait for each other's commits, and
    every commit still raises the sum. Computed pages are cached under it. ``epoch`` is drawn
    when a programme's counters are made: a programme removed and made again under the same
    id never meets the answers cached for the old one."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="data_versions")
    slot = models.PositiveSmallIntegerField()
    epoch = models.CharField(max_length=32)
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "数据版本"
        constraints = [
            models.UniqueConstraint(fields=["programme", "slot"], name="data_version_slot")
        ]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.slot}:{self.number}"
