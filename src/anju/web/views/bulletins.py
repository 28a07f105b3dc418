"""The month's bulletin: preview, edit its prose, issue it, download it; the issued list."""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.accounts.policy import can_manage, can_view_scope
from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.render import CONTENT_TYPES, FORMATS, renderer
from anju.bulletins.render.html import render_html_fragment
from anju.bulletins.services import (
    bulletin_blocks,
    bulletin_document,
    bulletin_draft,
    bulletin_issue,
    bulletin_update_texts,
    units_not_reviewed,
)
from anju.errors import AnjuError, InvalidInput, NotFound
from anju.periodkey import PeriodKey
from anju.web.views.common import Place, require, resolve, resolve_unit

EDITABLE_KINDS = ("heading", "paragraph", "chart")


@login_required
def bulletin(request: HttpRequest, unit: str, period: PeriodKey) -> HttpResponse:
    place = resolve(request, unit, period, can_view_scope)
    if request.method == "POST":
        require(request, place.unit, can_manage)
        _post(request, place)
        return redirect("web:bulletin", unit=place.unit.code, period=place.key)
    record = Bulletin.objects.filter(scope=place.unit, period=place.period).first()
    try:
        document = bulletin_document(scope=place.unit, period=place.period)
    except NotFound as error:
        return render(request, "web/bulletin.html", {"place": place, "missing": str(error)})
    issued = record is not None and record.status == Bulletin.Status.ISSUED
    context = {
        "place": place,
        "record": record,
        "issued": issued,
        "preview": render_html_fragment(document),
        "can_manage": can_manage(request.user, place.unit) and not issued,
        "blocks": [
            b
            for b in bulletin_blocks(scope=place.unit, period=place.period)
            if b["kind"] in EDITABLE_KINDS and b.get("text")
        ],
        "formats": FORMATS,
        "today": timezone.localdate().isoformat(),
        "next_number": _next_number(place),
        "not_reviewed": units_not_reviewed(scope=place.unit, period=place.period),
    }
    return render(request, "web/bulletin.html", context)


def _next_number(place: Place) -> int:
    year = timezone.localdate().year
    used = Bulletin.objects.filter(
        period__programme=place.period.programme, date__year=year, number__isnull=False
    ).values_list("number", flat=True)
    return max((n for n in used if n is not None), default=0) + 1


def _post(request: HttpRequest, place: Place) -> None:
    draft = bulletin_draft(scope=place.unit, period=place.period)
    try:
        if request.POST.get("action") == "issue":
            number = int(request.POST.get("number", ""))
            date = datetime.date.fromisoformat(request.POST.get("date", ""))
            bulletin_issue(
                bulletin=draft,
                number=number,
                date=date,
                user=request.user,
                allow_incomplete=request.POST.get("allow_incomplete") == "yes",
            )
            messages.success(request, _("通报已印发，各格式文件已存档，所用报表已锁定"))
        else:
            texts = {
                key.removeprefix("text_"): request.POST.get(key, "")
                for key in request.POST
                if key.startswith("text_")
            }
            bulletin_update_texts(bulletin=draft, texts=texts)
            messages.success(request, _("正文已保存"))
    except ValueError:
        messages.error(request, _("文号应为正整数，日期应写作 YYYY-MM-DD"))
    except (InvalidInput, AnjuError) as error:
        for problem in str(error).splitlines():
            messages.error(request, problem)


@login_required
def bulletin_file(request: HttpRequest, unit: str, period: PeriodKey, fmt: str) -> HttpResponse:
    """An issued bulletin's archived file, or the draft rendered now (marked 草稿)."""
    place = resolve(request, unit, period, can_view_scope)
    if fmt not in FORMATS:
        raise Http404
    stored = BulletinFile.objects.filter(
        bulletin__scope=place.unit, bulletin__period=place.period, format=fmt
    ).first()
    if stored is not None:
        data = bytes(stored.content)
    else:
        try:
            data = renderer(fmt)(bulletin_document(scope=place.unit, period=place.period))
        except NotFound as error:
            raise Http404(str(error)) from error
    name = f"{place.unit.name}{place.period.programme.year}年{place.period.month}月通报.{fmt}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def bulletin_list(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_view_scope)
    issued = (
        Bulletin.objects.filter(scope=scope, status=Bulletin.Status.ISSUED)
        .select_related("period__programme", "issued_by")
        .order_by("-date", "-number")
    )
    return render(
        request, "web/bulletin_list.html", {"scope": scope, "issued": issued, "formats": FORMATS}
    )
