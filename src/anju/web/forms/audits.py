"""The bulletin audit's upload: one file of a format the audit reads, within the size limit."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anju.audit.reading import FORMATS
from anju.bulletins.audit_store import MAX_UPLOAD_BYTES
from anju.modelparts import FILENAME_LENGTH
from anju.web.forms.common import upload


class BulletinAuditForm(forms.Form):
    file = upload(
        label=_("通报文件"),
        choose=_("请选择要核对的通报文件"),
        max_length=FILENAME_LENGTH,
        error_messages={"max_length": _("文件名太长（不超过255个字符）")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in FORMATS:
            raise forms.ValidationError(_("只能核对 txt、docx、xlsx、pdf、html 文件"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def data_and_name(self) -> tuple[bytes, str]:
        """The file's bytes (no more than the limit is read) and its name as uploaded."""
        upload = self.cleaned_data["file"]
        return upload.read(MAX_UPLOAD_BYTES + 1), PurePath(upload.name).name
