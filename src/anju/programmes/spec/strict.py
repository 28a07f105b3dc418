"""Keys a file gives where they do nothing: an error, never a silent no-op.

A key that only one kind of part reads (``milestones:`` on a chart, ``source:`` on a value
column) written on another kind would be stored and ignored, and the writer would wonder why
the bulletin does not change. These checks read the file as written (the raw mapping), so a
part stored with every field (the export, the API) is never refused for its defaults.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from anju.programmes.spec.base import Loc
from anju.programmes.spec.tables import KIND_OPTIONS

Problem = tuple[Loc, str]

# part → (the key deciding the kind, its default) and key → the kinds it acts on.
_ONLY_FOR: dict[str, tuple[str, str, dict[str, tuple[str, ...]]]] = {
    "narratives": (
        "kind",
        "paragraph",
        {"indicator": ("chart",), "milestones": ("chart",), "level": ("heading",)},
    ),
    "columns": ("kind", "", KIND_OPTIONS),
    "rules": ("rule", "", {"of": ("at_most",)}),
    "data_elements": ("role", "", {"target": ("actual",)}),
}


def _message(key: str, selector: str, kind: str, kinds: tuple[str, ...]) -> str:
    where = "、".join(f"{selector}: {k}" for k in kinds)
    return (
        f"“{key}”只对 {where} 起作用，在 {selector}: {kind} 中不起作用；"
        f"请删去这一行或改正 {selector}"
    )


def _part(part: str, loc: Loc, data: Any) -> Iterator[Problem]:
    if not isinstance(data, Mapping):
        return
    selector, default, keys = _ONLY_FOR[part]
    kind = data.get(selector) or default
    if not isinstance(kind, str) or not kind:
        return  # a missing or malformed kind is the model's problem to name
    for key, kinds in keys.items():
        given = data.get(key)
        if given is not None and given != "" and kind not in kinds:
            yield (*loc, key), _message(key, selector, kind, kinds)


def _items(data: Any, key: str) -> list[tuple[int, Any]]:
    items = data.get(key) if isinstance(data, Mapping) else None
    return list(enumerate(items)) if isinstance(items, list) else []


def ineffective_keys(data: Any) -> list[Problem]:
    """Every key of a programme file (as read) that its part's kind does not use."""
    problems: list[Problem] = []
    for index, narrative in _items(data, "narratives"):
        problems += _part("narratives", ("narratives", index), narrative)
    for index, element in _items(data, "data_elements"):
        problems += _part("data_elements", ("data_elements", index), element)
        for item, rule in _items(element, "rules"):
            problems += _part("rules", ("data_elements", index, "rules", item), rule)
    for index, table in _items(data, "tables"):
        for item, column in _items(table, "columns"):
            problems += _part("columns", ("tables", index, "columns", item), column)
    return problems
