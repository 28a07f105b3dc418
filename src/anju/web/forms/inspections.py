"""The inspection pages' forms: a round, a visit, a finding, a rectification, a verdict, a
closure and an escalation; every field checked, each refusal in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.inspections.models import Escalation, Finding
from anju.web.forms.common import TextField, day
from anju.web.forms.projects import PhotoUploadForm

CHOOSE = {"required": _("请选择"), "invalid_choice": _("请从列表中选择")}
REQUIRED = {"required": _("必须填写")}


def _choice(label: Any, choices: Sequence[tuple[str, Any]], required: bool = True) -> Any:
    return forms.ChoiceField(label=label, choices=choices, required=required, error_messages=CHOOSE)


def _text(
    label: Any, *, required: bool = True, max_length: int = 2000, lines: int = 0
) -> TextField:
    """Free text; ``lines`` above 0 makes it a box of that many lines."""
    return TextField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": lines}) if lines else None,
        error_messages={**REQUIRED, "max_length": _("太长了，请精简")},
    )


class RoundForm(forms.Form):
    programme = _choice(_("计划"), [])
    name = _text(_("巡查名称"), max_length=200)
    starts_on = day(label=_("开始日期"))
    ends_on = day(label=_("结束日期"))

    def __init__(self, *args: Any, programmes: Sequence[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    unit = _choice(_("巡查单位"), [])
    project = _choice(_("项目"), [], required=False)
    visited_on = day(label=_("巡查日期"))
    with_me = forms.BooleanField(label=_("本人参加"), required=False, initial=True)
    inspector_names = _text(_("其他巡查人员"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        units: Sequence[tuple[str, str]],
        projects: Sequence[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["project"].choices = [("", "—"), *projects]  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    visit = _choice(_("巡查走访"), [])
    unit = _choice(_("责任单位"), [])
    what = _text(_("发现问题"), lines=3)
    requirement = _text(_("整改要求"), lines=2)
    severity = _choice(_("严重程度"), Finding.Severity.choices)
    deadline = day(label=_("整改期限"))
    carried_from = _choice(_("上轮同一问题"), [], required=False)

    def __init__(
        self,
        *args: Any,
        visits: Sequence[tuple[str, str]],
        units: Sequence[tuple[str, str]],
        earlier: Sequence[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["visit"].choices = visits  # type: ignore[attr-defined]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["carried_from"].choices = [("", "—"), *earlier]  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    """Which of a finding's actions a POST asks for."""

    action = _choice("", [(a, a) for a in ("rectify", "decide", "close", "escalate")])


class RectificationForm(forms.Form):
    measures = _text(_("整改措施"))
    evidence = _text(_("整改佐证"), required=False)


class VerdictForm(forms.Form):
    rectification = forms.IntegerField(min_value=1, error_messages=CHOOSE)
    verdict = _choice(_("核验结论"), [("accepted", _("通过")), ("rejected", _("退回"))])
    reason = _text(_("退回理由"), required=False)


class EscalationForm(forms.Form):
    kind = _choice(_("方式"), Escalation.Kind.choices)
    authority = _text(_("决定机关"), required=False, max_length=200)
    note = _text(_("说明"), required=False)


class RecordForm(forms.Form):
    """Which of a round's records a POST adds."""

    record = _choice("", [("visit", "visit"), ("finding", "finding")])


class InspectionPhotoForm(PhotoUploadForm):
    """A photo of the finding, or of one of its rectifications when ``rectification`` names it."""

    rectification = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={"invalid": _("整改情况不存在，请刷新页面")},
    )
