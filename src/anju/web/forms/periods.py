"""Opening a month for reporting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anju.programmes.models import Programme
from anju.web.forms.common import day, whole_number


class PeriodOpenForm(forms.Form):
    """Open a month (or change its due date)."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        to_field_name="code",
        label=_("计划"),
        error_messages={"required": _("请选择计划"), "invalid_choice": _("请选择计划")},
    )
    month = whole_number(low=1, high=12, label=_("月份"), message=_("请填写1到12之间的月份"))
    due_date = day(label=_("报送截止日期"), required=False)

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes


class PeriodCloseForm(forms.Form):
    """Close a month: the programme and month of the row the button is on."""

    programme = PeriodOpenForm.base_fields["programme"]
    month = PeriodOpenForm.base_fields["month"]

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes


class PeriodActionForm(forms.Form):
    action = forms.ChoiceField(
        required=False,
        choices=[("open", _("开启月份")), ("close", _("关闭月份"))],
        error_messages={"invalid_choice": _("请选择“开启月份”或“关闭月份”")},
    )
