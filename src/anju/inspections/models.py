"""Inspection rounds (专项巡查), their visits and findings, the rectifications and escalations
of each finding, and the trail of every change to any of them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _

from anju.modelparts import FieldChange, Versioned, by_user
from anju.programmes.models import Programme, Unit
from anju.projects.models import Project

USER = settings.AUTH_USER_MODEL


class InspectionRound(models.Model):
    """One round of inspections of a programme over a scope (e.g. 2017年第3轮专项巡查)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="inspection_rounds"
    )
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspection_rounds")
    name = models.CharField("巡查名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "巡查轮次"
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="inspection_round_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A visit of a round to a unit (and, optionally, one of its projects)."""

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="visits")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspection_visits")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("巡查日期")
    inspectors: models.ManyToManyField[User, Any] = models.ManyToManyField(
        USER, blank=True, related_name="+"
    )
    inspector_names = models.CharField("巡查人员", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "巡查走访"
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.round} {self.unit} {self.visited_on}"


class Finding(Versioned):
    """A problem found on a visit: what, the requirement (整改要求), who must put it right and
    by when. Overdue is never stored: it is read from the deadline and the day asked about."""

    class Severity(models.TextChoices):
        GENERAL = "general", _("一般")
        SERIOUS = "serious", _("较重")
        GRAVE = "grave", _("严重")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        RECTIFYING = "rectifying", _("整改待核验")
        VERIFIED = "verified", _("已核验")
        CLOSED = "closed", _("已销号")
        CARRIED = "carried", _("已转下轮")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="findings"
    )
    what = models.TextField("发现问题")
    requirement = models.TextField("整改要求")
    severity = models.CharField("严重程度", max_length=8, choices=Severity.choices)
    deadline = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    carried_from = models.OneToOneField(
        "self",
        verbose_name="上轮同一问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    verified_on = models.DateField("核验日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "巡查发现问题"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.what[:40]


class Rectification(models.Model):
    """What the responsible unit did about a finding, and the office's verdict on it."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("待核验")
        ACCEPTED = "accepted", _("通过")
        REJECTED = "rejected", _("退回")

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="rectifications")
    measures = models.TextField("整改措施")
    evidence = models.TextField("整改佐证", blank=True)
    submitted_by = by_user("报送人")
    submitted_on = models.DateField("报送日期")
    verdict = models.CharField(
        "核验结论", max_length=8, choices=Verdict.choices, default=Verdict.PENDING
    )
    reason = models.TextField("退回理由", blank=True)
    decided_by = by_user("核验人")
    decided_on = models.DateField("核验日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改情况"
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.finding} {self.get_verdict_display()}"


class Escalation(models.Model):
    """约谈 or 问责 decided over an overdue finding."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("约谈")
        ACCOUNTABILITY = "account", _("问责")

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="escalations")
    kind = models.CharField("方式", max_length=10, choices=Kind.choices)
    decided_on = models.DateField("决定日期")
    decided_by = by_user("决定人")
    authority = models.CharField("决定机关", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "约谈问责"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.finding} {self.get_kind_display()}"


class InspectionChange(FieldChange):
    """Every change of a round, visit, finding, rectification or escalation: who, when, what,
    which field, old → new. A finding's history is its changes and those of its records."""

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="changes")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    subject = models.CharField("对象", max_length=16)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)

    class Meta(FieldChange.Meta):
        verbose_name = verbose_name_plural = "巡查修改记录"

    def __str__(self) -> str:
        return f"{self.subject} {self.field}: {self.old_value} → {self.new_value}"
