"""What the workbook upload pages share (the month's figures, a unit's projects): the file
posted, and what the page shows of its check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest

from anju.reporting.excel import MAX_UPLOAD_BYTES, Problem
from anju.web.forms.common import form_problems
from anju.web.forms.excel import ExcelUploadForm
from anju.web.views.common import Place


@dataclass(frozen=True)
class Workbook:
    """An uploaded workbook: its bytes and its name."""

    data: bytes
    filename: str


def uploaded_workbook(request: HttpRequest) -> Workbook | list[Problem]:
    """The posted workbook, or the upload form's refusals.

    One byte past the limit is enough for the check to refuse it; no more is read.
    """
    form = ExcelUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return [Problem(problem) for problem in form_problems(form)]
    file = form.cleaned_data["file"]
    return Workbook(file.read(MAX_UPLOAD_BYTES + 1), file.name or "upload.xlsx")


class UploadCheck(Protocol):
    """What an upload page shows of a file's check."""

    @property
    def ok(self) -> bool: ...

    @property
    def changes(self) -> Sequence[object]: ...


def upload_context(
    place: Place, check: UploadCheck | None, template_name: str
) -> dict[str, object]:
    """What a workbook upload page shows: the file's check (None before one is sent), whether
    it changes nothing, the template to download and the size limit."""
    return {
        "place": place,
        "check": check,
        "unchanged": check is not None and check.ok and not check.changes,
        "template_name": template_name,
        "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
