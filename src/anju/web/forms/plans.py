"""The monthly plan page's forms: the plan (one field per planned figure and month, and why),
and the office's review of a waiting version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.plans.services import field_name
from anju.programmes.models import DataElement
from anju.web.forms.common import TextField
from anju.web.forms.reports import MAX_FIGURE_LENGTH, MAX_NOTE_LENGTH

MONTHS = range(1, 13)


class PlanForm(forms.Form):
    """Twelve cumulative goals per planned figure (``<code>_<month>``; blank: no goal for
    that month) and the reason the plan is set or changed."""

    reason = TextField(max_length=MAX_NOTE_LENGTH, label=_("说明"))

    def __init__(self, *args: Any, elements: Iterable[DataElement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.elements = list(elements)
        for element in self.elements:
            for month in MONTHS:
                label = f"{element.name} {month}月"
                self.fields[field_name(element.code, month)] = TextField(
                    max_length=MAX_FIGURE_LENGTH, label=label
                )

    def goals(self) -> dict[str, dict[int, object]]:
        """What was typed, by figure code and month, for ``plans.entry.plan_input``."""
        return {
            element.code: {
                month: self.cleaned_data.get(field_name(element.code, month)) or None
                for month in MONTHS
            }
            for element in self.elements
        }


class PlanReviewForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, label=_("版本"))
    action = forms.ChoiceField(choices=[("approve", _("批准")), ("return", _("退回"))])
    comment = TextField(max_length=MAX_NOTE_LENGTH, label=_("审核意见"))
