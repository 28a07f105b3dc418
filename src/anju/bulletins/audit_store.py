"""Writes and reads of kept audits: audit an uploaded bulletin and keep it with its findings."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anju.audit import AuditResult, Document, Severity, Unreadable
from anju.audit.stored import audit_bytes, document_from_json, document_json, findings_from_json
from anju.bulletins.audit_models import BulletinAudit
from anju.errors import InvalidInput
from anju.modelparts import kept_filename
from anju.programmes.models import Unit

# A bulletin is a few hundred kilobytes; a scanned one with pictures a few megabytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def bulletin_audit_read(*, data: bytes, filename: str) -> tuple[Document, AuditResult]:
    """The audit of an uploaded file; InvalidInput, saying why, when it cannot be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput([_("文件超过 %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}])
    try:
        return audit_bytes(data, filename)
    except Unreadable as error:
        message = _("无法读取“%(name)s”：%(reason)s") % {"name": filename, "reason": error}
        raise InvalidInput([message]) from error


def bulletin_audit_keep(
    *,
    scope: Unit,
    data: bytes,
    filename: str,
    document: Document,
    result: AuditResult,
    user: User | None = None,
    purpose: str = BulletinAudit.Purpose.CHECK,
) -> BulletinAudit:
    return BulletinAudit.objects.create(
        scope=scope,
        purpose=purpose,
        filename=kept_filename(filename),
        **BulletinAudit.stored(data),
        uploaded_by=user if user is not None and user.is_authenticated else None,
        checked=result.checked,
        errors=len(result.of(Severity.ERROR)),
        warnings=len(result.of(Severity.WARNING)),
        notes=len(result.of(Severity.NOTE)),
        findings=[f.as_dict() for f in result.findings],
        document=document_json(document),
    )


def bulletin_audit_upload(
    *, scope: Unit, data: bytes, filename: str, user: User | None = None
) -> BulletinAudit:
    """Audit an uploaded bulletin and keep the file with what was found; nothing is kept
    when it cannot be read."""
    document, result = bulletin_audit_read(data=data, filename=filename)
    return bulletin_audit_keep(
        scope=scope, data=data, filename=filename, document=document, result=result, user=user
    )


def bulletin_audits(*, scope: Unit) -> QuerySet[BulletinAudit]:
    """The audits kept for a scope and the units below it, newest first (without the files)."""
    return (
        BulletinAudit.objects.filter(scope__path__startswith=scope.path)
        .select_related("scope", "uploaded_by")
        .defer("content", "document", "findings")
    )


def bulletin_audit_view(audit: BulletinAudit) -> tuple[Document, AuditResult]:
    """A kept audit as the page shows it: the document as read, and its findings."""
    result = AuditResult(audit.filename, audit.checked, findings_from_json(audit.findings))
    return document_from_json(audit.filename, audit.document), result
