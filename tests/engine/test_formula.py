from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.engine.formula import (
    Formula,
    FormulaError,
    IndicatorSpec,
    dependency_order,
    evaluate_indicators,
)
from anju.engine.values import NA, Value

D = Decimal


def ev(text: str, **values: int | str) -> Value:
    return Formula.parse(text).evaluate({name: D(value) for name, value in values.items()})


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("pg_started / ", 13, "end of formula"),
        ("(a", 2, "expected ')'"),
        ("a $ b", 2, "unexpected character '$'"),
        ("1..2", 0, "malformed number '1..2'"),
        ("", 0, "empty formula"),
        ("a b", 2, "unexpected name 'b'"),
        ("a )", 2, "unexpected ')'"),
        ("* a", 0, "unexpected '*'"),
        ("a + (b * c", 10, "to close '(' at position 4"),
        ("1.", 0, "malformed number '1.'"),
        ("__import__('os')", 11, "unexpected character '''"),
        ("a ** b", 3, "unexpected '*'"),
        ("开工数 / 任务", 0, "unexpected character '开'"),
    ],
)
def test_parse_errors_name_the_position(text: str, position: int, fragment: str) -> None:
    with pytest.raises(FormulaError) as raised:
        Formula.parse(text)
    assert raised.value.position == position
    assert fragment in raised.value.message
    assert str(raised.value).endswith(f"at position {position}")


def test_formula_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Formula("(")


def test_absurd_nesting_is_refused_rather_than_crashing() -> None:
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula.parse("(" * 100 + "a" + ")" * 100)
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula.parse("-" * 100 + "a")
    with pytest.raises(FormulaError, match="too long"):
        Formula.parse("a" + " + a" * 5000)


def test_a_long_but_reasonable_chain_evaluates() -> None:
    assert ev("a" + " + a" * 120, a=1) == D(121)


def test_text_and_names() -> None:
    formula = Formula.parse("pg_started / pg_task * 100")
    assert formula.text == "pg_started / pg_task * 100"
    assert formula.names == frozenset({"pg_started", "pg_task"})
    assert Formula.parse("2 * (3 + 4)").names == frozenset()


def test_formulas_compare_by_text() -> None:
    assert Formula("a/b") == Formula.parse("a/b")
    assert Formula("a/b") != Formula("a / b")


# --- evaluation -------------------------------------------------------------------------------


def test_rate_is_exact_and_unrounded() -> None:
    assert ev("pg_started / pg_task * 100", pg_started=2074, pg_task=2180) == D(
        "95.13761467889908256880733944954128440367"
    )
    assert ev("pg_started / pg_task * 100", pg_started=1241, pg_task=2000) == D("62.05")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("100 / 10 / 5", "2"),
        ("-3 + 5", "2"),
        ("--3", "3"),
        ("+3 - -2", "5"),
        ("-(2 * 3)", "-6"),
        ("0.1 + 0.2", "0.3"),
        ("2 * -3", "-6"),
    ],
)
def test_arithmetic_precedence_and_signs(text: str, expected: str) -> None:
    assert ev(text) == D(expected)


@pytest.mark.parametrize("text", ["a / 0", "a / (b - b)", "0 / 0", "a / b * 100"])
def test_division_by_zero_is_na(text: str) -> None:
    assert ev(text, a=5, b=0) is NA


def test_missing_or_na_input_is_na_never_zero() -> None:
    formula = Formula.parse("gzf_new - gzf_exit")
    assert formula.evaluate({"gzf_new": D(40)}) is NA
    assert formula.evaluate({"gzf_new": D(40), "gzf_exit": NA}) is NA
    assert Formula.parse("-a").evaluate({}) is NA
    assert Formula.parse("0 * a").evaluate({}) is NA


def test_non_finite_inputs_count_as_missing() -> None:
    assert Formula.parse("a + 1").evaluate({"a": D("NaN")}) is NA
    assert Formula.parse("a + 1").evaluate({"a": D("Infinity")}) is NA


# --- indicators -------------------------------------------------------------------------------


def spec(code: str, text: str, places: int) -> IndicatorSpec:
    return IndicatorSpec(code, Formula.parse(text), places)


def test_indicators_are_rounded_for_display_but_chained_unrounded() -> None:
    third = spec("third", "a / 3", 2)
    tripled = spec("tripled", "third * 3", 2)
    result = evaluate_indicators([third, tripled], {"a": D(1)})
    assert result == {"third": D("0.33"), "tripled": D("1.00")}


def test_indicator_missing_input_is_na() -> None:
    result = evaluate_indicators([spec("pg_rate", "pg_started / pg_task * 100", 2)], {})
    assert result == {"pg_rate": NA}


def test_evaluation_follows_the_given_order() -> None:
    later = spec("later", "first + 1", 0)
    first = spec("first", "a", 0)
    assert evaluate_indicators([later, first], {"a": D(1)})["later"] is NA


def test_dependency_order_puts_references_first_and_keeps_order_otherwise() -> None:
    a = spec("a", "x", 0)
    c = spec("c", "b + a", 0)
    b = spec("b", "a * 2", 0)
    d = spec("d", "unknown", 0)
    assert [s.code for s in dependency_order([c, d, b, a])] == ["a", "b", "c", "d"]
    assert [s.code for s in dependency_order([a, b, c, d])] == ["a", "b", "c", "d"]
    ordered = dependency_order([c, b, a])
    assert evaluate_indicators(ordered, {"x": D(2)}) == {"a": D(2), "b": D(4), "c": D(6)}


def test_dependency_cycle_raises_with_the_reference_position() -> None:
    a = spec("a", "1 + b", 0)
    b = spec("b", "a * 2", 0)
    with pytest.raises(FormulaError, match="circular reference a -> b -> a") as raised:
        dependency_order([a, b])
    assert raised.value.position == 4


def test_self_reference_is_a_cycle() -> None:
    with pytest.raises(FormulaError, match="circular reference a -> a"):
        dependency_order([spec("a", "a + 1", 0)])


def test_duplicate_indicator_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        dependency_order([spec("a", "1", 0), spec("a", "2", 0)])


# --- properties -------------------------------------------------------------------------------

NAMES = ("a", "b", "c")

# A generated expression: a literal, a name, ("neg", operand) or (operator, left, right).
Tree = int | str | tuple[str, "Tree"] | tuple[str, "Tree", "Tree"]


def trees(depth: int = 3) -> st.SearchStrategy[Tree]:
    leaves: st.SearchStrategy[Tree] = st.integers(0, 999) | st.sampled_from(NAMES)
    if depth == 0:
        return leaves
    smaller = trees(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(st.just("neg"), smaller),
        st.tuples(st.sampled_from("+-*/"), smaller, smaller),
    )


def render(tree: Tree) -> str:
    if isinstance(tree, int | str):
        return str(tree)
    if len(tree) == 2:
        return f"-{render(tree[1])}"
    return f"({render(tree[1])} {tree[0]} {render(tree[2])})"


def exact(tree: Tree, values: dict[str, Fraction]) -> Fraction | None:
    """Independent evaluation over exact fractions; None where the engine says NA."""
    if isinstance(tree, int):
        return Fraction(tree)
    if isinstance(tree, str):
        return values[tree]
    if len(tree) == 2:
        inner = exact(tree[1], values)
        return None if inner is None else -inner
    left, right = exact(tree[1], values), exact(tree[2], values)
    if left is None or right is None or (tree[0] == "/" and right == 0):
        return None
    operations = {
        "+": lambda: left + right,
        "-": lambda: left - right,
        "*": lambda: left * right,
        "/": lambda: left / right,
    }
    return operations[tree[0]]()


@settings(max_examples=150, deadline=None)
@given(tree=trees(), a=st.integers(-50, 50), b=st.integers(-50, 50), c=st.integers(-50, 50))
def test_evaluation_agrees_with_exact_fractions(tree: Tree, a: int, b: int, c: int) -> None:
    expected = exact(tree, {"a": Fraction(a), "b": Fraction(b), "c": Fraction(c)})
    actual = Formula.parse(render(tree)).evaluate({"a": D(a), "b": D(b), "c": D(c)})
    if expected is None:
        assert actual is NA
        return
    assert actual is not NA
    error = abs(Fraction(actual) - expected)
    assert error <= Fraction(1, 10**20) * (1 + abs(expected))


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="ab1.()+-*/ $", max_size=12))
def test_arbitrary_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        formula = Formula.parse(text)
    except FormulaError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert all(name.isidentifier() for name in formula.names)
        formula.evaluate({"a": D(1), "b": D(0)})
