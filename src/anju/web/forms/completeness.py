"""The completeness page's filters: by state, by name, and the page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.reporting.models import Report
from anju.web.forms.common import TextField

UNFINISHED = "unfinished"  # not reported, draft or sent back: who is chased (催报)

STATE_CHOICES = [
    ("", _("全部")),
    (UNFINISHED, _("未报送（催报）")),
    ("missing", _("未填报")),
    *Report.Status.choices,
]


class CompletenessFilterForm(forms.Form):
    """Every filter optional; a name that matches nothing lists nothing."""

    state = forms.ChoiceField(required=False, choices=STATE_CHOICES, label=_("状态"))
    q = TextField(max_length=64, label=_("单位名称"))
    late = forms.BooleanField(required=False, label=_("只看逾期"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6, label=_("页"))
