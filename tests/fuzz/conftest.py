"""Fuzz tests: hypothesis generates hostile and careless inputs for every way figures and
parameters come in; `make fuzz` runs thousands and prints the tally."""

from __future__ import annotations

from typing import Any

import pytest
from harness import write_report


def pytest_sessionfinish(session: pytest.Session, exitstatus: Any) -> None:
    summary = write_report()
    if summary["inputs"]:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "fuzz: {inputs} inputs, {accepted} accepted, {refusals} refused, "
                "{server_errors} server errors, {partial_writes} partial writes".format(**summary)
            )
