"""The month's bulletin: preview, edit its prose, issue it, download it; the issued list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.accounts.policy import can_manage, can_view_scope
from anju.bulletins.corrections import bulletin_correct_month
from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.render import CONTENT_TYPES, FORMATS, renderer
from anju.bulletins.render.html import render_html_fragment
from anju.bulletins.selectors import bulletin_changes_since_issue, bulletin_corrections
from anju.bulletins.services import (
    NUMBER_MAX,
    NUMBER_MIN,
    bulletin_blocks,
    bulletin_document,
    bulletin_issue_month,
    bulletin_next_number,
    bulletin_save_texts,
    month_bulletin,
    units_not_reviewed,
)
from anju.errors import AnjuError, NotFound
from anju.periodkey import PeriodKey
from anju.web.bulletin_editor import (
    block_labels,
    bulletin_placeholders,
    figure_codes,
    milestone_codes,
)
from anju.web.forms.bulletins import (
    BulletinActionForm,
    BulletinCorrectForm,
    BulletinIssueForm,
    BulletinTextsForm,
)
from anju.web.forms.common import form_problems
from anju.web.views.common import Place, attachment, require, resolve, resolve_unit, signed_in

EDITABLE_KINDS = ("heading", "paragraph", "chart")


@login_required
def bulletin(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    if request.method == "POST":
        require(request, place.unit, can_manage)
        _post(request, place)
        return redirect("web:bulletin", unit=place.unit.code, period=place.key)
    record = month_bulletin(scope=place.unit, period=place.period)
    try:
        document = bulletin_document(scope=place.unit, period=place.period)
    except NotFound as error:
        return render(request, "web/bulletin.html", {"place": place, "missing": str(error)})
    issued = record is not None and record.is_issued
    today = timezone.localdate()
    manager = can_manage(request.user, place.unit)
    context = {
        "place": place,
        "record": record,
        "issued": issued,
        **(_since_issue(record) if record is not None and issued else {}),
        "preview": render_html_fragment(document),
        "can_manage": manager and not issued,
        "can_correct": manager and issued,
        **(_editor(place) if manager and not issued else {}),
        "formats": FORMATS,
        "today": today.isoformat(),
        "next_number": bulletin_next_number(scope=place.unit, year=today.year),
        "number_min": NUMBER_MIN,
        "number_max": NUMBER_MAX,
        "not_reviewed": units_not_reviewed(scope=place.unit, period=place.period),
    }
    return render(request, "web/bulletin.html", context)


def _since_issue(record: Bulletin) -> dict[str, Any]:
    return {
        "changes": bulletin_changes_since_issue(bulletin=record),
        "corrections": list(bulletin_corrections(record)),
    }


def _editor(place: Place) -> dict[str, Any]:
    """The prose editor: each block with its Chinese label, and the placeholders on offer."""
    return {
        "blocks": _labelled_blocks(place),
        "placeholders": bulletin_placeholders(scope=place.unit, period=place.period),
    }


def _labelled_blocks(place: Place) -> list[dict[str, Any]]:
    blocks = _editable_blocks(place)
    labels = block_labels(blocks)
    return [{**block, "label": label} for block, label in zip(blocks, labels, strict=True)]


def _editable_blocks(place: Place) -> list[dict[str, Any]]:
    blocks = bulletin_blocks(scope=place.unit, period=place.period)
    return [b for b in blocks if b["kind"] in EDITABLE_KINDS and b.get("text")]


def _post(request: HttpRequest, place: Place) -> None:
    chosen = BulletinActionForm(request.POST)
    if not chosen.is_valid():
        return _refused(request, form_problems(chosen))
    try:
        if chosen.cleaned_data["action"] == "issue":
            _issue(request, place, BulletinIssueForm(request.POST))
        elif chosen.cleaned_data["action"] == "correct":
            _correct(request, place, BulletinCorrectForm(request.POST))
        else:
            _save_texts(request, place, _texts_form(request, place))
    except AnjuError as error:
        _refused(request, str(error).splitlines())


def _issue(request: HttpRequest, place: Place, form: BulletinIssueForm) -> None:
    if not form.is_valid():
        return _refused(request, form_problems(form))
    bulletin_issue_month(
        scope=place.unit, period=place.period, user=signed_in(request), **form.cleaned_data
    )
    messages.success(request, _("通报已印发，各格式文件已存档，所用报表已锁定"))


def _correct(request: HttpRequest, place: Place, form: BulletinCorrectForm) -> None:
    if not form.is_valid():
        return _refused(request, form_problems(form))
    correction = bulletin_correct_month(
        scope=place.unit, period=place.period, user=signed_in(request), **form.cleaned_data
    )
    messages.success(
        request,
        _("更正通报（%(number)s）已印发，原通报与更正通报均已存档")
        % {"number": correction.document_number},
    )


def _texts_form(request: HttpRequest, place: Place) -> BulletinTextsForm:
    labels = {block["code"]: block["label"] for block in _labelled_blocks(place)}
    figures, milestones = figure_codes(place.period), milestone_codes(place.period)
    return BulletinTextsForm(request.POST, labels=labels, figures=figures, milestones=milestones)


def _save_texts(request: HttpRequest, place: Place, form: BulletinTextsForm) -> None:
    if not form.is_valid():
        return _refused(request, form_problems(form))
    bulletin_save_texts(scope=place.unit, period=place.period, texts=form.texts())
    messages.success(request, _("正文已保存"))


def _refused(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


@login_required
def bulletin_file(request: HttpRequest, unit: str, period: PeriodKey, fmt: str) -> FileResponse:
    """An issued bulletin's archived file, or the draft rendered now (marked 草稿)."""
    place = resolve(request, unit, period, can_view_scope)
    if fmt not in FORMATS:
        raise Http404
    stored = BulletinFile.objects.filter(
        bulletin__scope=place.unit,
        bulletin__period=place.period,
        bulletin__corrects__isnull=True,
        format=fmt,
    ).first()
    if stored is not None:
        data = bytes(stored.content)
    else:
        try:
            data = renderer(fmt)(bulletin_document(scope=place.unit, period=place.period))
        except NotFound as error:
            raise Http404(str(error)) from error
    name = f"{place.unit.name}{place.period.programme.year}年{place.period.month}月通报.{fmt}"
    return attachment(data, name, CONTENT_TYPES[fmt])


@login_required
def correction_file(
    request: HttpRequest, unit: str, period: PeriodKey, correction: int, fmt: str
) -> FileResponse:
    """A 更正通报's archived file."""
    place = resolve(request, unit, period, can_view_scope)
    stored = BulletinFile.objects.filter(
        bulletin__pk=correction,
        bulletin__scope=place.unit,
        bulletin__period=place.period,
        bulletin__corrects__isnull=False,
        format=fmt,
    ).first()
    if stored is None:
        raise Http404
    name = f"{place.unit.name}{place.period.programme.year}年{place.period.month}月更正通报.{fmt}"
    return attachment(bytes(stored.content), name, CONTENT_TYPES[fmt])


@login_required
def bulletin_list(request: HttpRequest, unit: str) -> HttpResponse:
    """The archive: every issued bulletin and 更正通报, newest first; a bulletin whose
    figures have changed since says so."""
    scope = resolve_unit(unit)
    require(request, scope, can_view_scope)
    issued = (
        Bulletin.objects.filter(scope=scope, status=Bulletin.Status.ISSUED)
        .select_related("period__programme", "issued_by", "corrects")
        .order_by("-date", "-number")
    )
    rows = [(b, [] if b.corrects_id else bulletin_changes_since_issue(bulletin=b)) for b in issued]
    return render(
        request, "web/bulletin_list.html", {"scope": scope, "rows": rows, "formats": FORMATS}
    )
