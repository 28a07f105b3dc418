"""The audit page's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.reporting.models import ValueChange
from anju.web.forms.common import TextField


class AuditFilterForm(forms.Form):
    """Each filter is optional; an unknown unit or figure simply matches nothing."""

    unit = TextField(max_length=64, label=_("单位"))
    element = TextField(max_length=64, label=_("填报指标"))
    channel = forms.ChoiceField(
        required=False, choices=[("", ""), *ValueChange.Channel.choices], label=_("渠道")
    )
    user = TextField(max_length=150, label=_("操作人"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6, label=_("页"))
