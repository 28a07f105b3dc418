"""The report page's forms: the entry form, a review, an unlock, and approving many."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anju.reporting.models import Report
from anju.web.forms.common import TextField

MAX_FIGURE_LENGTH = 40  # far beyond any real figure; the reporting checks judge the rest
MAX_NOTE_LENGTH = 2000


class EntryForm(forms.Form):
    """The month's figures (one ``fig_<code>`` input per reported figure), the note, the
    version the form was read at, and whether to save or also submit."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, label=_("版本"))
    note = TextField(max_length=MAX_NOTE_LENGTH, label=_("填报说明"))
    action = forms.ChoiceField(choices=[("save", _("保存草稿")), ("submit", _("报送"))])

    def __init__(self, *args: Any, codes: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in codes:
            self.fields[f"fig_{code}"] = TextField(max_length=MAX_FIGURE_LENGTH, label=code)
            self.fields[f"unp_{code}"] = forms.BooleanField(required=False, label=_("暂未公布"))
        self.fields["as_of"] = forms.DateField(
            required=False,
            label=_("数据截止日期"),
            error_messages={"invalid": _("数据截止日期：请按“2019-05-31”的格式填写日期")},
        )

    def unpublished(self) -> list[str]:
        """The figures ticked 暂未公布 (not published), by code."""
        return [
            name.removeprefix("unp_")
            for name, value in self.cleaned_data.items()
            if name.startswith("unp_") and value
        ]

    def figures(self) -> dict[str, str]:
        """Each figure posted, by code: only those in the form, as typed (stripped)."""
        return {
            name.removeprefix("fig_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("fig_") and name in self.data
        }

    def ticked(self) -> list[str]:
        """The figures ticked 暂未公布 as posted, to show again (even if refused)."""
        return [
            name.removeprefix("unp_")
            for name in self.fields
            if name.startswith("unp_") and self.data.get(name)
        ]

    def entered(self) -> dict[str, str]:
        """What the user typed, to show again beside the messages (even if refused)."""
        return {
            name.removeprefix("fig_"): str(self.data.get(name, "")).replace("\x00", "").strip()
            for name in self.fields
            if name.startswith("fig_") and name in self.data
        }


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("审核通过")), ("return", _("退回"))])
    comment = TextField(max_length=MAX_NOTE_LENGTH, label=_("退回意见"))


class UnlockForm(forms.Form):
    reason = TextField(max_length=MAX_NOTE_LENGTH, label=_("解锁理由"))


class ReportChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Report ids as posted: anything but a row id is refused before the database sees it
    (a 20-digit number overflows SQLite's integers rather than matching nothing)."""

    def clean(self, value: Any) -> Any:
        for pk in value or ():
            if not (isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value"
                )
        return super().clean(value)


class BulkApproveForm(forms.Form):
    """The submitted reports of the scope's month to approve at once."""

    report = ReportChoiceField(
        queryset=Report.objects.none(),
        label=_("报表"),
        error_messages={
            "required": _("请选择要审核通过的报表"),
            "invalid_choice": _("所选报表不在本页待审核之列，请刷新页面后重试"),
            "invalid_pk_value": _("所选报表不在本页待审核之列，请刷新页面后重试"),
        },
    )

    def __init__(self, *args: Any, reports: QuerySet[Report], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = reports
