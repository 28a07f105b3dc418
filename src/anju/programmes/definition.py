"""Reading a programme file or a figures file into its model, with every problem named.

A file is read whole and checked whole before anything is stored: each problem names the file,
the line and the field, so a user can fix them all in one pass. The parts' own checks come
first; the cross-checks (every code used is declared) once every part is well formed.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from anju.errors import InvalidInput
from anju.programmes.spec import (
    FIGURES_FORMAT,
    PROGRAMME_FORMAT,
    FiguresSpec,
    ProgrammeSpec,
    programme_problems,
)
from anju.programmes.spec.base import ERROR_TYPE, Loc
from anju.programmes.spec.plans import PLANS_FORMAT, PlansSpec
from anju.programmes.spec.strict import ineffective_keys
from anju.programmes.yamlio import Document

M = TypeVar("M", bound=BaseModel)

# pydantic's own errors, as the file's reader words them.
MESSAGES = {
    "missing": "必须填写",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值对（mapping）",
    "model_type": "应为键值对（mapping）",
    "model_attributes_type": "应为键值对（mapping）",
}


def read_programme(document: Document) -> ProgrammeSpec:
    """Read and check a programme file; raises InvalidInput listing every problem."""
    # Keys that would do nothing are named with the parts' own problems, in one pass.
    found = [*document.duplicates, *ineffective_keys(document.data)]
    spec = _validated(document, ProgrammeSpec, PROGRAMME_FORMAT, found)
    _raise_if_any(document, [*found, *programme_problems(spec)])
    return spec


def read_figures(document: Document) -> FiguresSpec:
    """Read a figures file (read ``as_text``): one month's figures for several units.

    A figure or key that is malformed is named and left out, so that the import can check
    everything else in the same pass (``FiguresSpec.found`` keeps those problems); only a file
    whose programme or month cannot be read at all is refused here.
    """
    data = document.data
    found = list(document.duplicates)
    if isinstance(data, dict) and data.get("anju") == FIGURES_FORMAT:
        data = {key: value for key, value in data.items() if key != "anju"}
        try:
            FiguresSpec.model_validate(data)
        except ValidationError as error:
            found += [_problem(FiguresSpec, detail) for detail in error.errors()]
            data = _without(data, [loc for loc, _ in found])
        document = Document(document.name, {"anju": FIGURES_FORMAT, **data}, document.lines)
    figures = _validated(document, FiguresSpec, FIGURES_FORMAT, found)
    places = {
        (unit, element): document.problem(("reports", unit, element), "")
        for unit, values in figures.reports.items()
        for element in values
    }
    places |= {(unit, ""): document.problem(("reports", unit), "") for unit in figures.reports}
    places |= {("", key): document.problem((key,), "") for key in ("programme", "period")}
    places |= {
        ("", f"as_of.{unit}"): document.problem(("as_of", unit), "") for unit in figures.as_of
    }
    places |= {
        ("", f"notes.{unit}"): document.problem(("notes", unit), "") for unit in figures.notes
    }
    ordered = sorted(found, key=lambda problem: document.line(problem[0]))
    figures.locate(places, [document.problem(loc, message) for loc, message in ordered])
    return figures


def read_plans(document: Document) -> PlansSpec:
    """Read a plans file (read ``as_text``): units' monthly goals, checked by anju.plans."""
    return _validated(document, PlansSpec, PLANS_FORMAT)


def _without(data: dict[str, Any], locs: list[Loc]) -> dict[str, Any]:
    """The file's data less each part a problem concerns (a figure, a unit, a key)."""
    data = {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
    reports = data.get("reports")
    if isinstance(reports, dict):
        data["reports"] = reports = {
            unit: dict(values) if isinstance(values, dict) else values
            for unit, values in reports.items()
        }
    for loc in locs:
        if len(loc) == 1 and loc[0] not in ("programme", "period", "reports"):
            data.pop(str(loc[0]), None)
        elif len(loc) == 2 and loc[0] == "reports" and isinstance(reports, dict):
            reports.pop(str(loc[1]), None)
        elif len(loc) >= 3 and loc[0] == "reports" and isinstance(reports, dict):
            values = reports.get(str(loc[1]))
            if isinstance(values, dict):
                values.pop(str(loc[2]), None)
        elif len(loc) >= 2 and loc[0] == "as_of" and isinstance(data.get("as_of"), dict):
            data["as_of"].pop(str(loc[1]), None)
        elif len(loc) >= 2 and loc[0] == "notes" and isinstance(data.get("notes"), dict):
            data["notes"].pop(str(loc[1]), None)
    return data


def _validated(
    document: Document, model: type[M], kind: str, found: Sequence[tuple[Loc, str]] = ()
) -> M:
    """The file as its model; on any problem, refused with ``found`` (problems already seen)."""
    data = document.data
    if not isinstance(data, dict):
        _refuse(document, [((), MESSAGES["dict_type"])])
    if data.get("anju") != kind:
        _refuse(document, [(("anju",), f"文件类型应为 {kind}")])
    try:
        return model.model_validate({key: value for key, value in data.items() if key != "anju"})
    except ValidationError as error:
        _refuse(document, [*found, *(_problem(model, detail) for detail in error.errors())])


def _raise_if_any(document: Document, problems: list[tuple[Loc, str]]) -> None:
    if problems:
        _refuse(document, problems)


def _refuse(document: Document, problems: list[tuple[Loc, str]]) -> NoReturn:
    """Every problem, in the order of the file's lines."""
    ordered = sorted(problems, key=lambda problem: document.line(problem[0]))
    messages = [document.problem(loc, message) for loc, message in ordered]
    raise InvalidInput(list(dict.fromkeys(messages)))


def _problem(model: type[BaseModel], detail: ErrorDetails) -> tuple[Loc, str]:
    loc = tuple(part for part in detail["loc"] if part != "[key]")
    kind = detail["type"]
    if kind == ERROR_TYPE:
        return loc, detail["msg"]
    if kind == "extra_forbidden":
        allowed = list(_fields_at(model, loc[:-1]))
        if not loc[:-1]:
            allowed.insert(0, "anju")
        return loc, f"未知字段，可用字段：{'、'.join(allowed)}"
    return loc, MESSAGES.get(kind, detail["msg"])


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the part of the file at ``loc`` may have."""
    current: Any = model
    for part in loc:
        current = _inside(_bare(current), part)
    current = _bare(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _bare(annotation: Any) -> Any:
    """X for Annotated[X, ...] and for X | None."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _inside(annotation: Any, part: str | int) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    args = get_args(annotation)
    return args[-1] if args else None  # list[X] → X, dict[K, V] → V
