"""The scope's bulletins: the issued ones, and the month's document in any format."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Router

from anju.accounts.policy import can_manage, can_view_scope
from anju.api import issued, selectors, services
from anju.api.places import caller, find_place, find_unit
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, PeriodKey, UnitCode
from anju.api.schemas import (
    BulletinOut,
    CorrectIn,
    CorrectionOut,
    Format,
    GenerateIn,
    IssuedBulletinOut,
    IssueIn,
)
from anju.bulletins.corrections import bulletin_correct_month
from anju.bulletins.render import CONTENT_TYPES, FORMATS
from anju.bulletins.services import bulletin_issue_month
from anju.reporting.models import Period

router = Router(tags=["bulletins"])

REFUSAL = "无权查看{unit}的通报"
MANAGE_REFUSAL = "无权印发{unit}的通报"

# The document itself is the answer; its media type is the format's.
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "the document",
            "content": {
                CONTENT_TYPES[fmt].split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for fmt in FORMATS
            },
        }
    }
}


def _attachment(data: bytes, fmt: str, scope_name: str, period: Period) -> FileResponse:
    name = f"{scope_name}{period.programme.year}年{period.month}月通报.{fmt}"
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )


@router.get(
    "/bulletins/{unit}",
    summary="Issued bulletins",
    response={200: list[BulletinOut], **READ_ERRORS},
)
def bulletin_list(request: HttpRequest, unit: UnitCode) -> list[dict[str, Any]]:
    """The scope's issued bulletins, newest first, each with links to its archived files."""
    scope = find_unit(request, unit, can_view_scope, REFUSAL)
    return selectors.issued_bulletins(scope)


@router.post(
    "/bulletins/{unit}/{period}/generate",
    summary="Render the month's bulletin now",
    response=WRITE_ERRORS,
    openapi_extra=FILE_RESPONSE,
)
def bulletin_generate(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: GenerateIn
) -> FileResponse:
    """Render the month's bulletin now, from the current reviewed figures and texts, in the
    requested format, and return the file. Nothing is stored.

    A draft may be previewed with the ``number`` and ``date`` it is to be issued with (the
    draft mark stays); an issued bulletin keeps its own (422 if others are asked for). The
    archived file of an issued bulletin is at ``GET /bulletins/{unit}/{period}/{fmt}``.
    404 when no figures of the month are reviewed yet.
    """
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    data = services.bulletin_render(
        scope=place.unit,
        period=place.period,
        fmt=payload.format,
        number=payload.number,
        date=payload.date,
    )
    return _attachment(data, payload.format, place.unit.name, place.period)


@router.get(
    "/bulletins/{unit}/{period}",
    summary="The month's issued bulletin",
    response={200: IssuedBulletinOut, **READ_ERRORS},
)
def bulletin_issued_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> dict[str, Any]:
    """The month's bulletin as issued: 文号, date, its tables as they were issued (whatever
    the figures say now), the figures that changed since (``changes_since_issue``: unit,
    figure, issued, now; counted from the newest 更正通报 once there is one) and its
    corrections. 404 while it is not issued."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    return issued.issued_bulletin_data(scope=place.unit, period=place.period)


@router.post(
    "/bulletins/{unit}/{period}/issue",
    summary="Issue the month's bulletin",
    response={200: IssuedBulletinOut, **WRITE_ERRORS},
)
def bulletin_issue_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: IssueIn
) -> dict[str, Any]:
    """Issue the month's bulletin with its 文号 ``number`` and 成文日期 ``date``: every format
    is archived, the document is frozen, the reports it used are locked. Refused (422) when
    the number is taken in that year, when it is issued already, or while some units'
    reports are not reviewed, unless ``unreviewed_ok`` (they are left out)."""
    place = find_place(request, unit, period, can_manage, MANAGE_REFUSAL)
    bulletin_issue_month(
        scope=place.unit,
        period=place.period,
        number=payload.number,
        date=payload.date,
        user=caller(request),
        allow_incomplete=payload.unreviewed_ok,
    )
    return issued.issued_bulletin_data(scope=place.unit, period=place.period)


@router.post(
    "/bulletins/{unit}/{period}/correct",
    summary="Issue a 更正通报",
    response={200: CorrectionOut, **WRITE_ERRORS},
)
def bulletin_correct_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: CorrectIn
) -> dict[str, Any]:
    """Issue a correction of the month's issued bulletin, with its own ``number`` and
    ``date`` and a ``note``: the figures as now reviewed, titled 更正 and naming the
    original's 文号 and each corrected figure; archived beside the original, which stays as
    issued. Refused (422) when nothing changed since, or a changed unit is not reviewed again."""
    place = find_place(request, unit, period, can_manage, MANAGE_REFUSAL)
    correction = bulletin_correct_month(
        scope=place.unit,
        period=place.period,
        number=payload.number,
        date=payload.date,
        note=payload.note,
        user=caller(request),
    )
    return issued.correction_data(correction)


@router.get(
    "/bulletins/{unit}/{period}/{fmt}",
    summary="Download the month's bulletin",
    response=READ_ERRORS,
    openapi_extra=FILE_RESPONSE,
    url_name="bulletin_file",
)
def bulletin_file(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, fmt: Format
) -> FileResponse:
    """The bulletin as a file: the archived one once issued, else the draft rendered now."""
    place = find_place(request, unit, period, can_view_scope, REFUSAL)
    data = services.bulletin_file_bytes(scope=place.unit, period=place.period, fmt=fmt)
    return _attachment(data, fmt, place.unit.name, place.period)
