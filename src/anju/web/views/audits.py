"""Published bulletins checked by the audit: upload one, see its findings in place, keep it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from anju.accounts.policy import can_check_bulletins
from anju.audit.marks import marked_document
from anju.audit.output import result_text
from anju.bulletins.audit_models import BulletinAudit
from anju.bulletins.audit_store import MAX_UPLOAD_BYTES, bulletin_audit_upload, bulletin_audit_view
from anju.bulletins.audit_store import bulletin_audits as kept_audits
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.web.forms.audits import BulletinAuditForm
from anju.web.forms.common import PageForm, form_problems
from anju.web.views.common import attachment, login_required, require, resolve_unit, signed_in

PAGE_SIZE = 30


@login_required
def bulletin_audits(request: HttpRequest, unit: str) -> HttpResponse:
    scope = resolve_unit(unit)
    require(request, scope, can_check_bulletins)
    if request.method != "POST":
        return _list(request, scope, [])
    form = BulletinAuditForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, scope, form_problems(form), status=400)
    data, name = form.data_and_name()
    try:
        audit = bulletin_audit_upload(
            scope=scope, data=data, filename=name, user=signed_in(request)
        )
    except InvalidInput as error:
        return _list(request, scope, error.problems, status=400)
    return redirect("web:bulletin_audit", unit=scope.code, pk=audit.pk)


def _list(
    request: HttpRequest, scope: Unit, problems: list[str], status: int = 200
) -> HttpResponse:
    number = PageForm(request.GET).number()
    page = Paginator(kept_audits(scope=scope), PAGE_SIZE).get_page(number)
    context = {
        "scope": scope,
        "page": page,
        "problems": problems,
        "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "web/bulletin_audits.html", context, status=status)


def _kept(request: HttpRequest, unit: str, pk: int) -> BulletinAudit:
    scope = resolve_unit(unit)
    require(request, scope, can_check_bulletins)
    return get_object_or_404(BulletinAudit, pk=pk, scope__path__startswith=scope.path)


@login_required
def bulletin_audit(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    audit = _kept(request, unit, pk)
    document, result = bulletin_audit_view(audit)
    context = {
        "scope": resolve_unit(unit),
        "audit": audit,
        "findings": list(enumerate(result.findings, start=1)),
        "blocks": marked_document(document, result.findings),
    }
    return render(request, "web/bulletin_audit.html", context)


@login_required
def bulletin_audit_file(request: HttpRequest, unit: str, pk: int) -> FileResponse:
    """The file as uploaded, byte for byte."""
    audit = _kept(request, unit, pk)
    return attachment(bytes(audit.content), audit.filename, "application/octet-stream")


@login_required
def bulletin_audit_text(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    """The findings as the command prints them, to paste into a reply."""
    _, result = bulletin_audit_view(_kept(request, unit, pk))
    return HttpResponse(result_text(result), content_type="text/plain; charset=utf-8")
