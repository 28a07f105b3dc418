"""Excel uploads under generated workbooks: the month's template, damaged in every way a
clerk or an attacker might — wrong types, formulas, error cells, merged cells, huge declared
dimensions, extra or renamed sheets, other units' rows, not a workbook at all."""

from __future__ import annotations

import contextlib
import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.exceptions import IllegalCharacterError
from strategies import figure_text

from anju.reporting.models import ExcelImport, Period

pytestmark = pytest.mark.django_db

TEMPLATE = "/u/533400/2017-07/excel/template.xlsx"
UPLOAD = "/u/533400/2017-07/excel/upload/"

cell_value: st.SearchStrategy[Any] = st.one_of(
    figure_text,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "=A1", "#DIV/0!", "#REF!", '=HYPERLINK("x")']),
    st.none(),
)

edits = st.lists(
    st.one_of(
        # A careful clerk's figure: a whole number in a figure's input column (C, E, G, …).
        st.tuples(
            st.just("cell"),
            st.integers(min_value=1, max_value=13).map(lambda n: 1 + 2 * n),
            st.integers(min_value=3, max_value=8),
            st.integers(min_value=0, max_value=5000),
        ),
        st.tuples(
            st.just("cell"),
            st.integers(min_value=1, max_value=14),
            st.integers(min_value=1, max_value=40),
            cell_value,
        ),
        st.tuples(st.just("merge"), st.integers(1, 10), st.integers(1, 20), st.none()),
        st.tuples(st.just("far"), st.integers(50, 1_048_576), st.integers(1, 16_384), cell_value),
        st.tuples(
            st.just("sheet"), st.sampled_from(["extra", "rename", "drop"]), st.none(), st.none()
        ),
    ),
    max_size=6,
)


def mutated(template: bytes, changes: list[tuple[str, Any, Any, Any]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for kind, a, b, value in changes:
        if kind in ("cell", "far"):
            row, column = (b, a) if kind == "cell" else (a, b)
            cell = sheet.cell(row=row, column=column)
            # Only a merged range's first cell holds a value; control characters cannot be
            # written into a workbook at all, so no clerk's file holds them.
            if not isinstance(cell, MergedCell):
                with contextlib.suppress(IllegalCharacterError):
                    cell.value = value
        elif kind == "merge":
            sheet.merge_cells(start_row=b, start_column=a, end_row=b + 1, end_column=a + 1)
        elif kind == "sheet" and a == "extra":
            workbook.create_sheet("附加")
        elif kind == "sheet" and a == "rename":
            workbook.worksheets[-1].title = "改名"
        elif kind == "sheet" and len(workbook.worksheets) > 1:
            workbook.remove(workbook.worksheets[-1])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def declared_huge(template: bytes) -> bytes:
    """The sheet claims to span A1:XFD1048576, as a crafted file may."""
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1)
            target.writestr(item, data)
    return out.getvalue()


@FUZZ
@given(changes=edits, how=st.sampled_from(["edit", "edit", "edit", "huge", "garbage"]))
def test_workbook_upload(
    july: Period, people: dict[str, User], changes: list[Any], how: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people["office"])
    template = b"".join(client.get(TEMPLATE).streaming_content)
    if how == "huge":
        data = declared_huge(template)
    elif how == "garbage":
        data = template[: len(template) // 2]
    else:
        data = mutated(template, changes)
    before = fingerprint()
    pending_before = ExcelImport.objects.count()
    response = client.post(UPLOAD, {"file": io.BytesIO(data)}, format="multipart")
    # A file that passes every check is kept as a pending import and shown for confirmation
    # (a redirect); anything else is refused with its problems listed and stores nothing.
    accepted = response.status_code == 302 and ExcelImport.objects.count() == pending_before + 1
    record(
        "workbook",
        status=response.status_code,
        refused=not accepted,
        before=before,
        after=fingerprint(),
    )
