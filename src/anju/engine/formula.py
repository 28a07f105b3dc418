"""A small, safe arithmetic language for indicators defined over data-element codes.

Formulas come from programme definitions edited by people, so they are parsed by a hand-written
tokenizer and recursive-descent parser and evaluated by walking the tree; nothing is ever
handed to Python's own evaluator.

Grammar::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("+" | "-") unary | primary
    primary    := NUMBER | NAME | "(" expression ")"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Final, Literal, Protocol, TypeAlias

from anju.engine.values import NA, PRECISION, Value, divide, round_half_up

__all__ = [
    "Binary",
    "Computation",
    "Formula",
    "FormulaError",
    "IndicatorSpec",
    "Name",
    "Node",
    "Number",
    "Unary",
    "dependency_order",
    "evaluate_indicators",
]

_DIGITS: Final = frozenset("0123456789")
_NAME_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_REST: Final = _NAME_START | _DIGITS
_SPACE: Final = frozenset(" \t\r\n")
_OPERATORS: Final = frozenset("+-*/()")
# Parsing and evaluation recurse, so nesting and length are capped well inside Python's
# recursion limit; no real indicator comes near either cap.
_MAX_DEPTH: Final = 64
_MAX_TOKENS: Final = 256


class FormulaError(ValueError):
    """A formula that cannot be parsed, or indicators that refer to each other in a cycle."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.message = message
        self.position = position


# --- tree -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str
    position: int


@dataclass(frozen=True)
class Unary:
    op: Literal["+", "-"]
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: Literal["+", "-", "*", "/"]
    left: Node
    right: Node


Node: TypeAlias = Number | Name | Unary | Binary


# --- tokens -----------------------------------------------------------------------------------

TokenKind: TypeAlias = Literal["number", "name", "op", "end"]


@dataclass(frozen=True)
class _Token:
    kind: TokenKind
    text: str
    position: int

    def describe(self) -> str:
        if self.kind == "end":
            return "end of formula"
        if self.kind == "name":
            return f"name '{self.text}'"
        if self.kind == "number":
            return f"number '{self.text}'"
        return f"'{self.text}'"


def _scan_while(text: str, start: int, allowed: frozenset[str]) -> int:
    end = start
    while end < len(text) and text[end] in allowed:
        end += 1
    return end


def _is_number(literal: str) -> bool:
    whole, dot, fraction = literal.partition(".")
    if not whole or "." in fraction:
        return False
    return not dot or bool(fraction)


def _tokenize(text: str) -> Iterator[_Token]:
    position = 0
    while position < len(text):
        char = text[position]
        if char in _SPACE:
            position += 1
        elif char in _DIGITS or char == ".":
            # Take every digit and dot so "1..2" is reported whole rather than as "1" and junk.
            end = _scan_while(text, position, _DIGITS | {"."})
            literal = text[position:end]
            if not _is_number(literal):
                raise FormulaError(f"malformed number '{literal}'", position)
            yield _Token("number", literal, position)
            position = end
        elif char in _NAME_START:
            end = _scan_while(text, position, _NAME_REST)
            yield _Token("name", text[position:end], position)
            position = end
        elif char in _OPERATORS:
            yield _Token("op", char, position)
            position += 1
        else:
            raise FormulaError(f"unexpected character '{char}'", position)
    yield _Token("end", "", len(text))


# --- parser -----------------------------------------------------------------------------------


_Rule: TypeAlias = Callable[[], Node]


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = list(_tokenize(text))
        if len(self._tokens) > _MAX_TOKENS:
            position = self._tokens[_MAX_TOKENS].position
            raise FormulaError(f"formula too long (over {_MAX_TOKENS} symbols)", position)
        self._index = 0
        self._depth = 0

    @property
    def _current(self) -> _Token:
        return self._tokens[self._index]

    def _advance(self) -> _Token:
        token = self._current
        self._index += 1
        return token

    def _at_op(self, ops: str) -> bool:
        return self._current.kind == "op" and self._current.text in ops

    def _at_end(self) -> bool:
        return self._current.kind == "end"

    def _unexpected(self) -> FormulaError:
        return FormulaError(f"unexpected {self._current.describe()}", self._current.position)

    def parse(self) -> Node:
        if self._at_end():
            raise FormulaError("empty formula", self._current.position)
        node = self._expression()
        if not self._at_end():
            raise self._unexpected()
        return node

    def _expression(self) -> Node:
        node = self._term()
        while self._at_op("+-"):
            op: Literal["+", "-"] = "+" if self._advance().text == "+" else "-"
            node = Binary(op, node, self._term())
        return node

    def _term(self) -> Node:
        node = self._unary()
        while self._at_op("*/"):
            op: Literal["*", "/"] = "*" if self._advance().text == "*" else "/"
            node = Binary(op, node, self._unary())
        return node

    def _unary(self) -> Node:
        if self._at_op("+-"):
            sign = self._advance()
            op: Literal["+", "-"] = "+" if sign.text == "+" else "-"
            return Unary(op, self._nested(self._unary, sign.position))
        return self._primary()

    def _primary(self) -> Node:
        token = self._current
        if token.kind == "number":
            self._advance()
            return Number(Decimal(token.text))
        if token.kind == "name":
            self._advance()
            return Name(token.text, token.position)
        if self._at_op("("):
            self._advance()
            node = self._nested(self._expression, token.position)
            if not self._at_op(")"):
                raise FormulaError(
                    f"expected ')' to close '(' at position {token.position},"
                    f" found {self._current.describe()}",
                    self._current.position,
                )
            self._advance()
            return node
        if token.kind == "end":
            raise FormulaError(
                "expected a number, a name or '(' but found end of formula", token.position
            )
        raise self._unexpected()

    def _nested(self, rule: _Rule, position: int) -> Node:
        self._depth += 1
        if self._depth > _MAX_DEPTH:
            raise FormulaError("formula nested too deeply", position)
        try:
            return rule()
        finally:
            self._depth -= 1


# --- evaluation -------------------------------------------------------------------------------


def _lookup(values: Mapping[str, Value], name: str) -> Value:
    value = values.get(name, NA)
    # A NaN or infinity cannot be a reported figure; treating it as absent keeps it out of sums.
    if value is NA or not value.is_finite():
        return NA
    return value


def _apply(op: str, left: Value, right: Value) -> Value:
    if left is NA or right is NA:
        return NA
    if op == "/":
        return divide(left, right)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        return left * right


def _evaluate(node: Node, values: Mapping[str, Value]) -> Value:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return _lookup(values, node.name)
    if isinstance(node, Unary):
        operand = _evaluate(node.operand, values)
        if operand is NA or node.op == "+":
            return operand
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return -operand
    return _apply(node.op, _evaluate(node.left, values), _evaluate(node.right, values))


def _walk_names(node: Node) -> Iterator[Name]:
    if isinstance(node, Name):
        yield node
    elif isinstance(node, Unary):
        yield from _walk_names(node.operand)
    elif isinstance(node, Binary):
        yield from _walk_names(node.left)
        yield from _walk_names(node.right)


@dataclass(frozen=True)
class Formula:
    """A parsed formula. ``Formula("a / b")`` and ``Formula.parse("a / b")`` are the same;
    both raise ``FormulaError`` on bad text."""

    text: str
    tree: Node = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tree", _Parser(self.text).parse())

    @classmethod
    def parse(cls, text: str) -> Formula:
        return cls(text)

    @property
    def names(self) -> frozenset[str]:
        """The data-element or indicator codes the formula refers to."""
        return frozenset(name.name for name in _walk_names(self.tree))

    def position_of(self, name: str) -> int:
        """Offset of the first use of ``name``, or -1 when the formula does not use it."""
        return next((n.position for n in _walk_names(self.tree) if n.name == name), -1)

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        """Exact result, unrounded; NA when an input is missing or NA, or a divisor is zero."""
        return _evaluate(self.tree, values)


# --- indicators -------------------------------------------------------------------------------


class Computation(Protocol):
    """What an indicator computes with: a formula, or a rule of its own (engine.scores)."""

    @property
    def names(self) -> frozenset[str]: ...

    def position_of(self, name: str) -> int: ...

    def evaluate(self, values: Mapping[str, Value]) -> Value: ...


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    formula: Formula | Computation
    places: int


def evaluate_indicators(
    indicators: Sequence[IndicatorSpec], values: Mapping[str, Value]
) -> dict[str, Value]:
    """Evaluate in the given order; return each indicator rounded half-up at its places.

    Later indicators see earlier ones unrounded, so a chain of indicators rounds only once.
    """
    scope: dict[str, Value] = dict(values)
    results: dict[str, Value] = {}
    for spec in indicators:
        exact = spec.formula.evaluate(scope)
        scope[spec.code] = exact
        results[spec.code] = NA if exact is NA else round_half_up(exact, spec.places)
    return results


def dependency_order(indicators: Sequence[IndicatorSpec]) -> list[IndicatorSpec]:
    """Indicators sorted so each comes after those it refers to; input order otherwise kept.

    Names that are not indicator codes are inputs and impose no order. Raises ``FormulaError``
    on a cycle, positioned at the offending reference in the first formula of the cycle.
    """
    by_code = {spec.code: spec for spec in indicators}
    if len(by_code) != len(indicators):
        raise ValueError("indicator codes must be unique")
    ordered: list[IndicatorSpec] = []
    done: set[str] = set()
    path: list[str] = []

    def visit(spec: IndicatorSpec) -> None:
        if spec.code in done:
            return
        if spec.code in path:
            raise _cycle_error(by_code, [*path[path.index(spec.code) :], spec.code])
        path.append(spec.code)
        for dependency in indicators:
            if dependency.code in spec.formula.names:
                visit(dependency)
        path.pop()
        done.add(spec.code)
        ordered.append(spec)

    for spec in indicators:
        visit(spec)
    return ordered


def _cycle_error(by_code: Mapping[str, IndicatorSpec], cycle: list[str]) -> FormulaError:
    first = by_code[cycle[0]].formula
    return FormulaError(f"circular reference {' -> '.join(cycle)}", first.position_of(cycle[1]))
