"""A unit's report for a month: the entry form, saving and submitting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anju.accounts.policy import can_read_report, can_write_report
from anju.errors import InvalidInput
from anju.periodkey import PeriodKey
from anju.reporting.changes import report_changes_since_return, report_last_writer
from anju.reporting.checks import actual_elements
from anju.reporting.entry import EntryRow, entry_rows, entry_save
from anju.reporting.models import Report, ReportEvent
from anju.reporting.months import reporter_todo
from anju.reporting.selectors import ReportStatus
from anju.reporting.services import StaleVersion
from anju.reporting.workflow import report_actions, report_editable, report_peek, report_submit
from anju.web.forms.common import form_problems
from anju.web.forms.reports import EntryForm
from anju.web.people import person_name, reporter_units
from anju.web.views.common import Place, require, resolve, signed_in
from anju.web.wording import due_phrase


@dataclass(frozen=True)
class Standing(ReportStatus):
    """The report's status as the lists of reports name it: one nobody has saved yet is not
    entered (未填报), not a draft."""

    report: Report | None


@login_required
def report(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_read_report)
    current = report_peek(unit=place.unit, period=place.period)
    if request.method == "POST":
        require(request, place.unit, can_write_report)
        codes = actual_elements(place.period.programme_id)
        return _post(request, place, current, EntryForm(request.POST, codes=codes))
    return _page(request, place, current)


def _page(
    request: HttpRequest,
    place: Place,
    current: Report,
    *,
    form: EntryForm | None = None,
    errors: dict[str, str] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
    stale: bool = False,
) -> HttpResponse:
    editable = report_editable(report=current, user=signed_in(request))
    entered = form.entered() if form is not None else None
    note = form.data.get("note", current.note) if form is not None else current.note
    rows = entry_rows(
        current,
        entered=entered if editable or not stale else None,
        errors=errors,
        unpublished=form.ticked() if form is not None else None,
    )
    as_of = form.data.get("as_of", "") if form is not None else current.as_of or ""
    context = {
        "place": place,
        "report": current,
        "standing": Standing(current if current.pk else None),
        "rows": _beside(rows, current, entered, editable) if stale else [(r, "") for r in rows],
        "stale": stale,
        "since_return": (
            report_changes_since_return(current)
            if current.status == Report.Status.SUBMITTED
            else None
        ),
        "editable": editable,
        **_steps(report_actions(report=current, user=signed_in(request))),
        "problems": problems or [],
        "note": str(note).replace("\x00", ""),
        "as_of": str(as_of).replace("\x00", ""),
        "events": current.events.select_related("user")[:10] if current.pk else [],
        "todo": reporter_todo(units=reporter_units(request.user)),
        "due": due_phrase(place.period.due_date),
    }
    return render(request, "web/report.html", context, status=status)


def _beside(
    rows: list[EntryRow], current: Report, entered: dict[str, str] | None, editable: bool
) -> list[tuple[EntryRow, str]]:
    """After a refused stale save, each row with the other side of what it shows: beside the
    figure typed (still in its input), the one now stored; beside a stored figure that can no
    longer be edited, the one typed. Empty where they agree."""
    typed = entered or {}
    stored = {row.element.code: row.entered for row in entry_rows(current)}
    other = stored if editable else typed
    beside = []
    for row in rows:
        code = row.element.code
        same = _same(typed.get(code, ""), stored.get(code, ""))
        beside.append((row, "" if same else other.get(code, "")))
    return beside


def _same(typed: str, stored: str) -> bool:
    """1260 typed is the 1260.00 stored."""
    try:
        return Decimal(typed) == Decimal(stored)
    except InvalidOperation:
        return typed.strip() == stored.strip()


def _stale_message(current: Report) -> str:
    last = report_last_writer(current)
    if last is None:
        return _("您填写期间，这份报表已被他人修改。")
    who, at = last
    return _(
        "您填写期间，%(person)s于%(time)s修改了这份报表，您的数字还没有保存。"
        "下面列出了您填写的数字和现在保存的数字，请核对后再保存。"
    ) % {"person": person_name(who), "time": timezone.localtime(at).strftime("%H:%M")}


@dataclass(frozen=True)
class ReviewStep:
    """How the page offers a review step: its form's URL, its text input and its button."""

    action: str
    url_name: str
    button: Promise
    text_name: str = ""
    text_label: Promise | str = ""
    primary: bool = False


REVIEW_STEPS: dict[str, ReviewStep] = {
    ReportEvent.Action.APPROVE: ReviewStep(
        ReportEvent.Action.APPROVE, "web:review", gettext_lazy("审核通过"), primary=True
    ),
    ReportEvent.Action.RETURN: ReviewStep(
        ReportEvent.Action.RETURN,
        "web:review",
        gettext_lazy("退回修改"),
        "comment",
        gettext_lazy("退回意见"),
    ),
    ReportEvent.Action.UNLOCK: ReviewStep(
        ReportEvent.Action.UNLOCK,
        "web:unlock",
        gettext_lazy("解锁以便更正"),
        "reason",
        gettext_lazy("解锁理由"),
    ),
}


def _steps(actions: list[str]) -> dict[str, Any]:
    """The workflow's allowed steps as the page shows them."""
    return {
        "can_submit": ReportEvent.Action.SUBMIT in actions,
        "review_steps": [REVIEW_STEPS[action] for action in actions if action in REVIEW_STEPS],
    }


def _post(request: HttpRequest, place: Place, current: Report, form: EntryForm) -> HttpResponse:
    if not form.is_valid():
        errors = {
            name.removeprefix("fig_"): str(form.errors[name][0])
            for name in form.errors
            if name.startswith("fig_")
        }
        return _page(
            request,
            place,
            current,
            form=form,
            errors=errors,
            problems=form_problems(form),
            status=400,
        )
    data = form.cleaned_data
    try:
        current = entry_save(
            unit=place.unit,
            period=place.period,
            user=signed_in(request),
            figures=form.figures(),
            note=data["note"],
            version=data["version"],
            unpublished=form.unpublished(),
            as_of=data["as_of"],
        )
        if data["action"] == "submit":
            report_submit(report=current, user=signed_in(request), note=data["note"])
            messages.success(request, _("已报送，等待审核"))
        else:
            messages.success(request, _("已保存草稿"))
    except InvalidInput as error:
        # The page again with what was typed, over the report as it now stands.
        current = report_peek(unit=place.unit, period=place.period)
        stale = isinstance(error, StaleVersion)
        return _page(
            request,
            place,
            current,
            form=form,
            errors=None if stale else error.fields,
            problems=[_stale_message(current)] if stale else error.problems,
            stale=stale,
            status=409 if stale else 422,
        )
    return redirect("web:report", unit=place.unit.code, period=place.key)
