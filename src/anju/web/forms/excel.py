"""The Excel import's confirmation: apply the checked changes, or discard them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.web.forms.common import import_action, upload


class ImportActionForm(forms.Form):
    action = import_action(
        [
            ("apply", _("确认导入")),
            ("apply_submit", _("确认导入并报送")),
            ("discard", _("放弃")),
        ]
    )


class ExcelUploadForm(forms.Form):
    file = upload(label=_("Excel 文件"), choose=_("请选择要上传的 Excel 文件"))
