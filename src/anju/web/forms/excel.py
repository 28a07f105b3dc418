"""The Excel import's confirmation: apply the checked changes, or discard them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("apply", _("确认导入")),
            ("apply_submit", _("确认导入并报送")),
            ("discard", _("放弃")),
        ],
        error_messages={
            "required": _("请选择“确认导入”或“放弃”"),
            "invalid_choice": _("请选择“确认导入”或“放弃”"),
        },
    )


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"),
        error_messages={
            "required": _("请选择要上传的 Excel 文件"),
            "empty": _("上传的文件是空的"),
            "invalid": _("请选择要上传的 Excel 文件"),
        },
    )
