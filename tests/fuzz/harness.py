"""What every fuzz test checks of every generated input, and the tally `make fuzz` reports.

An input is answered without a server error, and an input that is refused changes nothing:
the database's fingerprint (row counts and the content of every figure, report, change,
event, bulletin and pending import) is the same after a refusal as before it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from hypothesis import HealthCheck, settings

from anju.bulletins.models import Bulletin, BulletinBatch, BulletinFile
from anju.photos.models import Photo
from anju.programmes.models import DataElement, Programme, Target, Unit
from anju.projects.models import Project, ProjectChange, ProjectImport, ProjectMonth
from anju.reporting.models import (
    ExcelImport,
    Period,
    Report,
    ReportEvent,
    ReportValue,
    ValueChange,
)

# Examples per generated test: a small sample in `make test`, thousands in `make fuzz`.
EXAMPLES = int(os.environ.get("ANJU_FUZZ_EXAMPLES", "40"))
REPORT_FILE = os.environ.get("ANJU_FUZZ_REPORT", "")

# Each fuzz test runs EXAMPLES inputs against one database that the accepted ones change.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WATCHED: tuple[type[models.Model], ...] = (
    Programme,
    Unit,
    DataElement,
    Target,
    Period,
    Report,
    ReportValue,
    ValueChange,
    ReportEvent,
    ExcelImport,
    Bulletin,
    BulletinFile,
    BulletinBatch,
    User,
    Project,
    ProjectMonth,
    ProjectChange,
    ProjectImport,
    Photo,
)

TALLY: Counter[str] = Counter()


def fingerprint() -> str:
    """A digest of everything a refused input must leave as it was."""
    digest = hashlib.sha256()
    for model in WATCHED:
        rows = model.objects.order_by("pk").values_list()
        digest.update(model.__name__.encode())
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def record(channel: str, *, status: int, refused: bool, before: str, after: str) -> None:
    """Tally one input and fail the test at once on a server error or a partial write."""
    TALLY[f"{channel}:inputs"] += 1
    TALLY["inputs"] += 1
    if status >= 500:
        TALLY["server_errors"] += 1
        raise AssertionError(f"{channel}: server error {status}")
    if refused:
        TALLY["refusals"] += 1
        if before != after:
            TALLY["partial_writes"] += 1
            raise AssertionError(f"{channel}: a refused input (status {status}) changed data")
    else:
        TALLY["accepted"] += 1


def write_report() -> dict[str, Any]:
    summary = {
        "inputs": TALLY["inputs"],
        "accepted": TALLY["accepted"],
        "refusals": TALLY["refusals"],
        "server_errors": TALLY["server_errors"],
        "partial_writes": TALLY["partial_writes"],
        "by_channel": {
            key.split(":")[0]: count for key, count in sorted(TALLY.items()) if ":" in key
        },
    }
    if REPORT_FILE and summary["inputs"]:
        Path(REPORT_FILE).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary
