"""Every benchmark in one run, its figures gathered in ``var/bench/results.json``.

Each benchmark module offers ``run(**options) -> dict[str, float]``: it makes its own
throw-away database, prints its report as when run alone and returns its figures by name
(``B4_dashboard_p95_ms``, …). Django is configured once per process and each benchmark needs
its own database, so each ``run`` is called in a fresh process (``python -m bench.results
--one MODULE [--backend B]``), which hands its figures back through a file.

Where a figure is measured on SQLite and on PostgreSQL the worse of the two is kept (every
figure is a time, a ratio or a count of errors: the larger is the worse). A benchmark that
fails or has no ``run`` yet is listed under ``missing`` with the reason, and the others
still run.

    python -m bench.results [--only B1,B4] [--out var/bench/results.json]
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUT = Path("var/bench/results.json")


@dataclass(frozen=True)
class Step:
    """One benchmark run: its label, the module and the options its ``run`` takes."""

    label: str
    module: str
    options: dict[str, Any] = field(default_factory=dict)


STEPS = (
    Step("B1", "bench.rollup"),  # both databases inside its own run
    Step("B2a", "bench.bulletin"),
    Step("B3", "bench.excel_import"),
    Step("B4", "bench.http"),
    Step("B6", "bench.national_pages", {"backend": "sqlite"}),
    Step("B6", "bench.national_pages", {"backend": "postgres"}),
    Step("B7", "bench.projects"),  # both databases inside its own run
)

# What the file must hold; a figure missing from every run is reported as missing.
EXPECTED = (
    "B1_nation_ratio",
    "B1_province_ratio",
    "B2a_bulletin_ms",
    "B3_check_ratio",
    "B3_apply_s",
    "B4_dashboard_p95_ms",
    "B4_api_table_p95_ms",
    "B4_write_p95_ms",
    "B4_errors",
    "B6_national_dashboard_ms",
    "B7_county_from_projects_ms",
    "B7_county_from_projects_ratio",
    "B7_nation_with_projects_ratio",
)


def run_one(module: str, options: dict[str, Any], out: Path) -> None:
    """In the child process: the module's ``run`` with ``options``; its figures into ``out``."""
    run = getattr(importlib.import_module(module), "run", None)
    if run is None:
        raise SystemExit(f"{module} has no run() returning its figures")
    figures = run(**options)
    if not isinstance(figures, dict):
        raise SystemExit(f"{module}.run() returned {type(figures).__name__}, not its figures")
    out.write_text(json.dumps(figures), encoding="utf-8")


def run_step(step: Step) -> tuple[dict[str, float], str | None]:
    """The step's figures, or the reason there are none."""
    with tempfile.TemporaryDirectory(prefix="anju-bench-results-") as folder:
        out = Path(folder) / "figures.json"
        command = [sys.executable, "-m", "bench.results", "--one", step.module]
        command += ["--options", json.dumps(step.options), "--figures", str(out)]
        done = subprocess.run(command, check=False)
        if done.returncode != 0 or not out.exists():
            return {}, f"{step.module} {step.options or ''} exited with {done.returncode}"
        return dict(json.loads(out.read_text(encoding="utf-8"))), None


def worse(figures: dict[str, float], new: dict[str, float]) -> None:
    for name, value in new.items():
        figures[name] = max(figures[name], value) if name in figures else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="labels to run, e.g. B4,B6")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--figures", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        assert args.figures is not None
        run_one(args.one, json.loads(args.options), args.figures)
        return

    wanted = set(args.only.split(",")) if args.only else None
    figures: dict[str, float] = {}
    missing: list[str] = []
    for step in STEPS:
        if wanted is not None and step.label not in wanted:
            continue
        found, failure = run_step(step)
        worse(figures, found)
        if failure is not None:
            missing.append(failure)
    expected = [name for name in EXPECTED if wanted is None or name.split("_")[0] in wanted]
    missing += [f"{name}: not measured" for name in expected if name not in figures]
    result = {
        "measured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cores": len(os.sched_getaffinity(0)),
        "figures": dict(sorted(figures.items())),
        "missing": missing,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.out}")
    for name, value in result["figures"].items():
        print(f"  {name:<32} {value:10.2f}")
    for reason in missing:
        print(f"  missing: {reason}")


if __name__ == "__main__":
    main()
