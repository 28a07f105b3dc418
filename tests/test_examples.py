"""The gallery under examples/: each example loads afresh and prints its tables and bulletin.

An example is a folder holding ``programme.yaml``, its figures files (``figures-*.yaml``, loaded in
name order after the programme and its projects files ``projects-*.yaml``, if any), a
``README.md`` saying what it shows and where its style comes from, and ``tables.txt``: what
``anju tables`` prints for the programme's scope and the last month of its figures, read and
checked by hand against the bulletin it is modelled on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from anju.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir()) if EXAMPLES.is_dir() else []

pytestmark = pytest.mark.django_db(transaction=False)


def _scope_and_period(folder: Path) -> tuple[str, str]:
    programme = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    periods = [
        str(yaml.safe_load(path.read_text(encoding="utf-8"))["period"])
        for path in sorted(folder.glob("figures-*.yaml"))
    ]
    return str(programme["scope"]), max(periods)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert (status, err) == (0, ""), err
    return out


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_example_prints_its_tables_and_bulletin(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert (folder / "README.md").is_file()
    files = [
        folder / "programme.yaml",
        *sorted(folder.glob("projects-*.yaml")),  # projects/1: before the figures they feed
        *sorted(folder.glob("figures-*.yaml")),
        *sorted(folder.glob("inspections-*.yaml")),  # inspections/1: rounds and findings
    ]
    _run(capsys, "import", *map(str, files))
    scope, period = _scope_and_period(folder)

    tables = _run(capsys, "tables", "--unit", scope, "--period", period)
    assert tables == (folder / "tables.txt").read_text(encoding="utf-8")

    _run(capsys, "bulletin", "--unit", scope, "--period", period, "--out", str(tmp_path))
    made = {path.suffix for path in tmp_path.iterdir()}
    assert {".docx", ".pdf", ".xlsx", ".html"} <= made
