"""`anju import` under generated figures files and damaged programme files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import FUZZ, fingerprint, record
from hypothesis import given
from hypothesis import strategies as st
from strategies import element_code, figure_text, period_text, short_text

from anju import cli
from anju.cli import running
from anju.demo.loader import demo_file

pytestmark = pytest.mark.django_db

PROGRAMME = demo_file("diqing-2017.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test database is migrated already; the command's own migrate step adds nothing here.
    monkeypatch.setattr(running, "migrate", lambda: None)


def run_import(path: Path, text: str) -> int:
    path.write_text(text, encoding="utf-8")
    return cli.main(["import", str(path)])


def quoted(value: str) -> str:
    """A YAML scalar: sometimes plain (as a clerk types it), sometimes quoted."""
    if re.fullmatch(r"[0-9.,_ ]*", value) and value.strip():
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


figures_files = st.builds(
    lambda period, status, units: (
        "\n".join(
            [
                "anju: figures/1",
                "programme: diqing-2017",
                f"period: {quoted(period)}",
                f"status: {quoted(status)}",
                "reports:",
                *(
                    line
                    for unit, values in units.items()
                    for line in [
                        f"  {quoted(unit)}:",
                        *(f"    {quoted(code)}: {quoted(value)}" for code, value in values.items()),
                    ]
                ),
            ]
        )
        + "\n"
    ),
    period=period_text,
    status=st.sampled_from(["draft", "submitted", "approved", "locked", ""]),
    units=st.dictionaries(
        st.sampled_from(["533401", "533422", "533423", "533400", "000000", "533400-KFQ"]),
        st.dictionaries(element_code, figure_text, max_size=4),
        max_size=3,
    ),
)


@FUZZ
@given(text=figures_files)
def test_figures_file(tmp_path: Path, text: str) -> None:
    before = fingerprint()
    status = run_import(tmp_path / "figures.yaml", text)
    record(
        "figures-file",
        status=0 if status in (0, 2) else 500,
        refused=status != 0,
        before=before,
        after=fingerprint(),
    )


programme_lines = PROGRAMME.splitlines()


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(programme_lines) - 1),
            st.sampled_from(["drop", "value", "indent", "duplicate"]),
            short_text,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_programme_file(tmp_path: Path, edits: list[tuple[int, str, str]]) -> None:
    lines = list(programme_lines)
    for index, how, text in edits:
        index = min(index, len(lines) - 1)
        if how == "drop":
            del lines[index]
        elif how == "value" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {quoted(text)}"
        elif how == "indent":
            lines[index] = "  " + lines[index]
        else:
            lines.insert(index, lines[index])
    before = fingerprint()
    status = run_import(tmp_path / "programme.yaml", "\n".join(lines) + "\n")
    record(
        "programme-file",
        status=0 if status in (0, 2) else 500,
        refused=status != 0,
        before=before,
        after=fingerprint(),
    )
