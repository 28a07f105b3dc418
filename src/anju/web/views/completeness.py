"""Who has reported for a month: summed by child with drill-down, filtered, paged, and the
units still to report (催报) as a list to send out, in CSV or Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from anju.accounts.policy import can_manage, can_read_report, can_review, can_view_scope
from anju.periodkey import PeriodKey
from anju.reporting.months import UNFINISHED, ChildProgress, progress_by_child, reporters_of
from anju.reporting.selectors import UnitProgress, period_completeness
from anju.web.forms.common import form_problems
from anju.web.forms.completeness import UNFINISHED as UNFINISHED_CHOICE
from anju.web.forms.completeness import CompletenessFilterForm
from anju.web.people import person_name
from anju.web.views.common import Place, attachment, resolve
from anju.web.wording import due_phrase
from anju.xlsxsafe import set_text

PAGE_SIZE = 100
STATUS_ORDER = ("missing", "draft", "submitted", "returned", "approved", "locked")


def _chosen(progress: Sequence[UnitProgress], data: dict[str, Any]) -> list[UnitProgress]:
    state, name = data.get("state") or "", (data.get("q") or "").strip()
    if state == UNFINISHED_CHOICE:
        progress = [p for p in progress if p.status in UNFINISHED]
    elif state:
        progress = [p for p in progress if p.status == state]
    if name:
        progress = [p for p in progress if name in p.unit.name or name == p.unit.code]
    if data.get("late"):
        progress = [p for p in progress if p.late]
    return list(progress)


def _by_child(place: Place, progress: Sequence[UnitProgress]) -> list[ChildProgress]:
    """The summary by child, where a child has more than one reporting unit below it."""
    children = progress_by_child(scope=place.unit, progress=progress)
    return children if len(children) < len(progress) else []


@login_required
def completeness(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    progress = period_completeness(period=place.period, scope=place.unit)
    form = CompletenessFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    page = Paginator(_chosen(progress, data), PAGE_SIZE).get_page(data.get("page") or 1)
    labels = {p.status: p.status_label for p in progress}
    counts = [
        (status, labels[status], sum(1 for p in progress if p.status == status))
        for status in STATUS_ORDER
        if status in labels
    ]
    # The filters as validated, for the pages' links (a refused filter is not carried on).
    chosen = {key: value for key, value in data.items() if key != "page" and value}
    context = {
        "place": place,
        "form": form,
        "problems": [] if valid else form_problems(form),
        "page": page,
        "query": urlencode(chosen),
        "rows": [(item, can_read_report(request.user, item.unit)) for item in page],
        "counts": counts,
        "late": sum(item.late for item in progress),
        "unfinished": sum(1 for p in progress if p.status in UNFINISHED),
        "children": _by_child(place, progress),
        "due": due_phrase(place.period.due_date),
        "can_review": can_review(request.user, place.unit),
        "can_manage": can_manage(request.user, place.unit),
    }
    return render(request, "web/completeness.html", context, status=200 if valid else 400)


@login_required
def chase_list(request: HttpRequest, unit: str, period: PeriodKey, fmt: str) -> HttpResponseBase:
    """The units that have not submitted (催报名单), with who reports for each."""
    place = resolve(request, unit, period, can_view_scope)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("没有这种格式"))
    rows = _chase_rows(place)
    name = _("%(scope)s%(period)s催报名单") % {"scope": place.unit.name, "period": place.period}
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in rows:
            writer.writerow([_csv_safe(value) for value in row])
        # With a byte-order mark, Excel opens the Chinese text of a CSV as UTF-8.
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
        return attachment(data, f"{name}.csv", "text/csv; charset=utf-8")
    return attachment(_workbook(rows), f"{name}.xlsx", XLSX)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chase_rows(place: Place) -> list[list[str]]:
    progress = [
        p
        for p in period_completeness(period=place.period, scope=place.unit)
        if p.status in UNFINISHED
    ]
    people = reporters_of(p.unit for p in progress)
    header = [_("单位"), _("代码"), _("上级单位"), _("状态"), _("逾期"), _("填报人")]
    return [header] + [
        [
            item.unit.name,
            item.unit.code,
            item.unit.parent.name if item.unit.parent is not None else "",
            str(item.status_label),
            _("逾期") if item.late else "",
            "、".join(person_name(user) for user in people.get(item.unit.pk, [])),
        ]
        for item in progress
    ]


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _workbook(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("催报名单")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            set_text(sheet.cell(row=r, column=c), value)
    for column, width in zip("ABCDEF", (18, 12, 14, 10, 8, 24), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
