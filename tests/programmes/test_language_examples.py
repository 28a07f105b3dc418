"""The gallery's narrative and change examples load and export back byte for byte: the list
options and change placeholders survive the round trip as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.programmes.export import programme_export
from anju.programmes.services import programme_import_file

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", ["ranked-prose", "name-and-shame"])
def test_the_example_exports_as_written(name: str) -> None:
    path = EXAMPLES / name / "programme.yaml"
    programme = programme_import_file(path=path)
    assert programme_export(programme=programme) == path.read_text(encoding="utf-8")
