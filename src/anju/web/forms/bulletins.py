"""The bulletin page: its prose (one ``text_<code>`` input per editable block) and issuing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anju.bulletins.corrections import NOTE_MAX
from anju.bulletins.services import NUMBER_MAX, NUMBER_MIN
from anju.engine.narrative import NarrativeError, check_template
from anju.web.forms.common import TextField, day, whole_number

MAX_TEXT_LENGTH = 10_000


class BulletinTextsForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        labels: Mapping[str, str],
        figures: frozenset[str] = frozenset(),
        milestones: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        """``labels``: each editable block's code and the label the page shows for it;
        ``figures``: the codes a ``{total.CODE}`` may name (a misspelt one is refused with the
        block's label and where it is); ``milestones``: those a list's ``below`` may name."""
        super().__init__(*args, **kwargs)
        self.figures = figures
        self.milestones = milestones
        for code, label in labels.items():
            self.fields[f"text_{code}"] = TextField(
                max_length=MAX_TEXT_LENGTH, strip=False, label=label
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, text in list(cleaned.items()):
            try:
                check_template(text, self.figures, self.milestones)
            except NarrativeError as error:
                self.add_error(name, gettext(error.template) % error.params)
        return cleaned

    def texts(self) -> dict[str, str]:
        """The posted texts by block code; a block not in the post keeps its text."""
        return {
            name.removeprefix("text_"): value
            for name, value in self.cleaned_data.items()
            if name in self.data
        }


class BulletinIssueForm(forms.Form):
    number = whole_number(
        low=NUMBER_MIN,
        high=NUMBER_MAX,
        label=_("文号序号"),
        message=_("文号应为1到1000000之间的整数"),
    )
    date = day(label=_("成文日期"))
    allow_incomplete = forms.BooleanField(required=False)


class BulletinCorrectForm(forms.Form):
    """A 更正通报: its own 文号 and date, and what the office says about the correction."""

    number = BulletinIssueForm.base_fields["number"]
    date = BulletinIssueForm.base_fields["date"]
    note = TextField(
        required=False,
        max_length=NOTE_MAX,
        label=_("更正说明"),
        error_messages={"max_length": _("更正说明不能超过2000个字")},
    )


class BulletinActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("save", _("保存正文")),
            ("issue", _("印发通报")),
            ("correct", _("印发更正通报")),
        ],
        error_messages={"required": _("请选择“保存正文”或“印发通报”")},
    )
