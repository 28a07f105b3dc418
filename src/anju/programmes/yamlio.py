"""YAML reading and writing for definition files, keeping each value's line for messages.

Decimal numbers are read from their source text, never through float, and written back the
same way, so a figure survives a load/export round trip digit for digit. A figures file is
read with every value as the text it was written as: what a figure may look like is the
reporting checks' business, not the YAML loader's.
"""

from __future__ import annotations

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
    # Keys written twice in one mapping (the data keeps the last): the readers refuse them
    # with the file's other problems.
    duplicates: list[tuple[Path, str]] = field(default_factory=list)

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


def read_yaml(text: str, name: str, *, as_text: bool = False) -> Document:
    """Parse a document; with ``as_text`` every scalar stays the text written ("1_000")."""
    try:
        # The reader refuses control characters as it is built, before any parsing.
        loader: yaml.BaseLoader | _Loader = yaml.BaseLoader(text) if as_text else _Loader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        raise InvalidInput(
            [f"{name}:{line}: YAML 格式错误：含有不允许的控制字符 U+{error.character:04X}"]
        ) from error
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise InvalidInput([f"{name}:{line}: YAML 格式错误：{error.problem}"]) from error
    except yaml.YAMLError as error:  # anything else the parser refuses, without a position
        raise InvalidInput([f"{name}:1: YAML 格式错误：{error}"]) from error
    except ValueError as error:  # a constructor's refusal, e.g. an integer of 5,000 digits
        raise InvalidInput([f"{name}:1: YAML 格式错误：无法读取的数值（{error}）"[:200]]) from error
    finally:
        loader.dispose()
    document = Document(name=name, data=_text_keys(data))
    if node is not None:
        _record_lines(node, (), document.lines)
        document.duplicates = _duplicate_keys(node)
    return document


def _duplicate_keys(root: yaml.Node) -> list[tuple[Path, str]]:
    """Every key written twice in the same mapping (YAML would keep the last without a word)."""
    problems: list[tuple[Path, str]] = []
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key, line = str(key_node.value), key_node.start_mark.line + 1
                if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
                    problems.append(
                        (
                            (*path, key),
                            f"键“{key}”重复（第{seen[key]}行已有），后写的会覆盖先写的；"
                            "请删去一处或合并为一处",
                        )
                    )
                seen.setdefault(key, line)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return problems


def _text_keys(data: Any) -> Any:
    # Keys are names and codes: 533401 unquoted is the code '533401', as is month 6 the "6".
    if isinstance(data, dict):
        return {str(key): _text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_text_keys(item) for item in data]
    return data


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
