"""A project's form and its month's form: every field checked, each refusal in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from anju.programmes.spec.elements import PROJECT_FLOWS
from anju.projects.models import Project
from anju.web.forms.common import TextField, import_action, upload

MAX_UNITS = 10**7  # far beyond any project's flats
MAX_MONEY = Decimal(10**12)


def _filled(template: Any, values: dict[str, Any]) -> Any:
    """A message filled in when shown, in the language of the request showing it."""
    return lazy(lambda: str(template) % values, str)()


def _whole(label: Any, *, low: int = 0, high: int = MAX_UNITS, required: bool = False) -> Any:
    message = _filled(_("请填写%(low)s到%(high)s之间的整数"), {"low": low, "high": high})
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        error_messages={
            "required": _("必须填写"),
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


def _decimal(
    label: Any, *, places: int, low: Decimal = Decimal(0), high: Decimal = MAX_MONEY
) -> Any:
    message = _filled(
        _("请填写%(low)s到%(high)s之间、最多%(places)s位小数的数"),
        {"low": low, "high": high, "places": places},
    )
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        max_digits=20,
        decimal_places=places,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_decimal_places": message,
            "max_whole_digits": message,
        },
    )


def _day(label: Any) -> Any:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("日期应写作 YYYY-MM-DD，且为实际存在的日期")},
    )


def _choice(label: Any, choices: Any) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": _("请选择"), "invalid_choice": _("请从列表中选择")},
    )


class ProjectForm(forms.Form):
    """A project's fields; ``code`` only when it is registered (it names the project after)."""

    code = forms.SlugField(
        label=_("项目编号"),
        max_length=64,
        error_messages={
            "required": _("必须填写"),
            "invalid": _("只能含字母、数字、- 和 _"),
            "max_length": _("最多64个字符"),
        },
    )
    name = TextField(label=_("项目名称"), max_length=200, required=True)
    kind = _choice(_("项目类型"), Project.Kind.choices)
    method = _choice(_("建设方式"), Project.Method.choices)
    address = TextField(label=_("地址"), max_length=200)
    latitude = _decimal(_("纬度"), places=6, low=Decimal(-90), high=Decimal(90))
    longitude = _decimal(_("经度"), places=6, low=Decimal(-180), high=Decimal(180))
    task_year = _whole(_("任务年度"), low=2000, high=2100, required=True)
    planned_units = _whole(_("计划套数"))
    area = _decimal(_("建筑面积（平方米）"), places=2)
    investment = _decimal(_("计划总投资（万元）"), places=4)
    builder = TextField(label=_("建设单位"), max_length=200)
    started_on = _day(_("开工日期"))
    basic_on = _day(_("基本建成日期"))
    completed_on = _day(_("竣工日期"))
    status = _choice(_("项目状态"), Project.Status.choices)
    completion_year = _whole(_("建成年度"), low=1949, high=2100)
    flats = _whole(_("建设套数"))
    allocated = _whole(_("已分配套数"))
    occupied = _whole(_("已入住套数"))
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["code"]

    def project_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        data.pop("version", None)
        data["planned_units"] = data.get("planned_units") or 0
        return data


class ProjectMonthForm(forms.Form):
    """One project's month: which project, this month's flows and its 形象进度."""

    project = forms.SlugField(max_length=64, error_messages={"required": _("请选择项目")})
    started = _decimal(_("本期开工（套）"), places=0, high=Decimal(MAX_UNITS))
    basic = _decimal(_("本期基本建成（套）"), places=0, high=Decimal(MAX_UNITS))
    completed = _decimal(_("本期竣工（套）"), places=0, high=Decimal(MAX_UNITS))
    invested = _decimal(_("本期完成投资（万元）"), places=4)
    node = TextField(label=_("形象进度"), max_length=200)

    def flows(self) -> dict[str, Decimal]:
        return {name: self.cleaned_data.get(name) or Decimal(0) for name in PROJECT_FLOWS}


class PhotoUploadForm(forms.Form):
    """A photo of the project's month (its checks are the photo store's own)."""

    photo = upload(label=_("照片"), choose=_("请选择要上传的照片"))


class WorkbookActionForm(forms.Form):
    """A checked project workbook: store its months, or forget it."""

    action = import_action([("apply", _("确认导入")), ("discard", _("放弃"))])
