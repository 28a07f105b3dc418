"""Every audit test that asks for ``written`` runs once per format and layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from audit_documents import WRITERS, Table


@pytest.fixture(params=sorted(WRITERS))
def written(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[[list[str], list[Table]], Path]:
    """Writes a bulletin in one format/layout (each test runs once per format)."""
    writer = WRITERS[request.param]

    def write(paragraphs: list[str], tables: list[Table]) -> Path:
        return writer(tmp_path, paragraphs, tables)

    return write
