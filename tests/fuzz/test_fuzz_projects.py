"""A unit's project uploads under generated input: the project workbook damaged cell by cell
(wrong types, formulas, error cells, other projects' codes, cut short) and photos that are
not photos, are cut short, have their bytes flipped or their names changed. Every answer is
one without a server error; every refusal stores nothing, files included."""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from strategies import figure_text

from anju.photos.models import Photo
from anju.programmes.models import Programme, Unit
from anju.projects.models import Project, ProjectImport, ProjectMonth
from anju.projects.services import project_create, project_month_save
from anju.reporting.models import Period
from pictures import jpeg, png, png_bomb, webp

pytestmark = pytest.mark.django_db

PROJECTS = "/u/533422/2017-07/projects/"
CODES = ("dq-1", "dq-2", "dq-3")


@pytest.fixture
def projects(july: Period) -> list[Project]:
    """德钦县's three 棚改 projects; June's 153 starts are the first one's."""
    programme = Programme.objects.get(code="diqing-2017")
    june = Period.objects.get(programme=programme, month=6)
    found = []
    for code in CODES:
        project = project_create(
            programme=programme,
            unit=Unit.objects.get(code="533422"),
            code=code,
            data={"name": f"棚改{code}", "kind": "pg", "method": "new", "task_year": 2017},
            user=None,
        )
        ProjectMonth.objects.create(
            project=project, period=june, started=Decimal(153 if code == "dq-1" else 0)
        )
        project_month_save(project=project, period=july, flows={}, node="", user=None)
        found.append(project)
    return found


cell_value: st.SearchStrategy[Any] = st.one_of(
    figure_text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.text(max_size=250),
    st.sampled_from(["=1/0", "=C3*2", "#DIV/0!", "#REF!", *CODES, "dq-9", ""]),
    st.none(),
)
edits = st.lists(
    st.tuples(st.integers(min_value=1, max_value=8), st.integers(min_value=2, max_value=9)),
    max_size=6,
).flatmap(
    lambda cells: st.tuples(
        st.just(cells), st.lists(cell_value, min_size=len(cells), max_size=len(cells))
    )
)


def edited(template: bytes, cells: list[tuple[int, int]], values: list[Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["填报"]
    for (column, row), value in zip(cells, values, strict=True):
        with contextlib.suppress(IllegalCharacterError, ValueError, TypeError):
            sheet.cell(row=row, column=column).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@FUZZ
@given(change=edits, how=st.sampled_from(["edit", "edit", "edit", "cut"]))
def test_project_workbook_upload(
    projects: list[Project], people: dict[str, User], change: Any, how: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people["deqin"])
    template = b"".join(client.get(PROJECTS + "workbook.xlsx").streaming_content)
    cells, values = change
    data = template[: len(template) // 2] if how == "cut" else edited(template, cells, values)
    before, pending = fingerprint(), ProjectImport.objects.count()
    response = client.post(PROJECTS + "workbook/", {"file": SimpleUploadedFile("p.xlsx", data)})
    accepted = response.status_code == 302 and ProjectImport.objects.count() == pending + 1
    record(
        "project-workbook",
        status=response.status_code,
        refused=not accepted,
        before=before,
        after=fingerprint(),
    )


def flipped(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    changed = bytearray(data)
    for position, value in flips:
        changed[position % len(changed)] = value
    return bytes(changed)


photo_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda n: jpeg(noisy=True)[:n], st.integers(0, 90_000)),
    st.builds(
        flipped,
        st.just(jpeg(noisy=True)),
        st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=20),
    ),
    st.builds(
        flipped,
        st.just(png()),
        st.lists(st.tuples(st.integers(0, 10**4), st.integers(0, 255)), max_size=5),
    ),
    st.sampled_from([jpeg(), png(), webp(), png_bomb(), png_bomb(7000)]),
)
names = st.sampled_from(
    ["a.jpg", "b.JPEG", "c.png", "d.webp", "e.gif", "f", "../g.jpg", "h.jpg.exe", "照片.jpg"]
)


@FUZZ
@given(data=photo_bytes, name=names)
def test_photo_upload(
    projects: list[Project], people: dict[str, User], settings: Any, data: bytes, name: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people["deqin"])
    root = Path(settings.ANJU_PHOTOS_DIR)
    files = sorted(root.rglob("*")) if root.exists() else []
    before, photos = fingerprint(), Photo.objects.count()
    response = client.post(PROJECTS + "dq-1/photos/", {"photo": SimpleUploadedFile(name, data)})
    accepted = response.status_code == 302 and Photo.objects.count() == photos + 1
    if not accepted:
        assert (sorted(root.rglob("*")) if root.exists() else []) == files
    record(
        "photo",
        status=response.status_code,
        refused=not accepted,
        before=before,
        after=fingerprint(),
    )
