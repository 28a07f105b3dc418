"""YAML reading and writing for definition files, keeping each value's line for messages.

Decimal numbers are read from their source text, never through float, and written back the
same way, so a figure survives a load/export round trip digit for digit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from anju.errors import InvalidInput

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    pass


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Short lists of codes read best on one line: keys: [pg_rate desc]
    flow = all(isinstance(item, str | int | Decimal) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow or None)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A deliberate line break (a title broken by meaning) stays one readable "…\n…" line.
    style = '"' if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


@dataclass
class Document:
    """A parsed YAML document and the line each value stands on."""

    name: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path, message: str) -> str:
        return f"{self.name}:{self.line(path)}: {format_path(path) or '(文件)'}: {message}"


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml(text: str, name: str) -> Document:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise InvalidInput([f"{name}:{line}: YAML 格式错误：{error.problem}"]) from error
    finally:
        loader.dispose()
    document = Document(name=name, data=data)
    if node is not None:
        _record_lines(node, (), document.lines)
    return document


def _record_lines(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            _record_lines(value_node, key_path, lines)
            # A nested block starts on the line after its key; point at the key.
            lines[key_path] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


class Reader:
    """Typed access to a parsed document that collects every problem with its line."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[str] = []

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(self.document.problem(path, message))

    def raise_if_problems(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)

    def mapping(self, value: Any, path: Path) -> dict[str, Any]:
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        self.fail(path, "应为键值对（mapping）")
        return {}

    def sequence(self, value: Any, path: Path) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.fail(path, "应为列表")
        return []

    def text(
        self, data: dict[str, Any], key: str, path: Path, *, default: str | None = None
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if default is None:
                self.fail((*path, key), "必须填写")
            return default or ""
        if isinstance(value, bool | list | dict):
            self.fail((*path, key), "应为文字")
            return ""
        return str(value)

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        path: Path,
        *,
        default: int | None = None,
        low: int = 0,
        high: int = 10**9,
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        self.fail((*path, key), f"应为 {low} 到 {high} 之间的整数")
        return low

    def number(self, value: Any, path: Path) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        self.fail(path, f"“{value}”不是数字")
        return None

    def boolean(self, data: dict[str, Any], key: str, path: Path, *, default: bool) -> bool:
        value = data.get(key, default)
        if isinstance(value, bool):
            return value
        self.fail((*path, key), "应为 true 或 false")
        return default

    def date(self, data: dict[str, Any], key: str, path: Path) -> datetime.date | None:
        value = data.get(key)
        if isinstance(value, datetime.date):
            return value
        self.fail((*path, key), "应为日期，格式 YYYY-MM-DD")
        return None

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        path: Path,
        choices: Sequence[str],
        *,
        default: str | None = None,
    ) -> str:
        value = data.get(key, default)
        if value in choices:
            return str(value)
        self.fail((*path, key), f"“{value}”不是可选值，可选：{'、'.join(choices)}")
        return choices[0]

    def known_keys(self, data: dict[str, Any], path: Path, allowed: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                self.fail((*path, key), f"未知字段，可用字段：{'、'.join(allowed)}")
