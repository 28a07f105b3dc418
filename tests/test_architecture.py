"""The shape of the code, checked: no import cycle, small modules, a pure engine, thin views.

Read from the source files as text, so the checks hold for every module whether or not a
test imports it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "anju"
MAX_LINES = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The anju modules a module imports, anywhere in it (deferred imports count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            # "from a.b import c" imports the module a.b.c when there is one, else a.b.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        yield from (target for target in targets if target in known and target != name)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    known = modules()
    graph = {name: set(imported(name, path, known)) for name, path in known.items()}
    # A package importing its own submodules to re-export them is not a cycle with them.
    for name in graph:
        graph[name] = {
            target
            for target in graph[name]
            if not (known[name].name == "__init__.py" and target.startswith(name + "."))
        }
    assert cycles(graph) == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_is_at_most_400_lines(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by subject"


def test_the_engine_imports_no_framework() -> None:
    known = modules()
    for name, path in known.items():
        if name.startswith("anju.engine"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(from|import) (django|ninja)", text, re.MULTILINE), name
            outside = [t for t in imported(name, path, known) if not t.startswith("anju.engine")]
            assert outside == [], f"{name} imports {outside}"


def test_views_read_request_data_only_through_forms() -> None:
    """Every parameter goes through a form (pages) or a schema (API): a line that touches
    request.POST, GET or FILES binds a form, and does nothing else with them."""
    raw = re.compile(r"request\.(POST|GET|FILES)")
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for folder in ("web", "api")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line) and not re.search(r"\w+Form\(", line)
    ]
    assert found == []
