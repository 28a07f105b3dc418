"""Starting a batch of bulletins."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.bulletins.render import FORMATS
from anju.web.forms.common import whole_number

FORMATS_MESSAGE = _("格式应为 docx、pdf、xlsx、html 中的一种或几种")
LEVEL_MESSAGE = _("层数应为0到9之间的整数")


class BatchStartForm(forms.Form):
    """How deep below the unit (0: the unit itself) and which formats to make."""

    level = whole_number(low=0, high=9, label=_("范围"), message=LEVEL_MESSAGE)
    formats = forms.MultipleChoiceField(
        choices=[(fmt, fmt.upper()) for fmt in FORMATS],
        label=_("格式"),
        error_messages={"required": FORMATS_MESSAGE, "invalid_choice": FORMATS_MESSAGE},
    )
