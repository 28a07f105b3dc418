"""The one grammar of a figure as people type it, for every channel: the form, the API, Excel
cells and figures files.

A figure is digits 0-9 (full-width ０-９ count as the same digits), optionally grouped by
thousands with "," in groups of exactly three, optionally followed by "." and at most the
element's number of decimals (full-width ．and ，count as . and ,). Surrounding whitespace
is ignored; a leading minus is allowed only where the caller allows negatives. Everything
else is refused with a reason: exponents, NaN and infinities, other digit scripts, "_" and
commas that are not thousands separators (``1300,5`` is a decimal comma, not 13005).

Parsing takes bounded time and memory whatever arrives: text longer than ``MAX_LENGTH`` is
refused before anything else, and a number is never expanded digit by digit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation, localcontext
from typing import Final, Literal, TypeAlias

from anju.engine.validation import gettext_noop

__all__ = [
    "MAX_FIGURE",
    "MAX_LENGTH",
    "MESSAGES",
    "QUOTE_LENGTH",
    "FigureError",
    "FigureErrorKind",
    "figure_from_number",
    "figure_from_text",
    "quote",
]

MAX_FIGURE: Final = Decimal("1e15")
_MAX_WHOLE_DIGITS: Final = 15  # a whole part of 16 digits is >= MAX_FIGURE
MAX_LENGTH: Final = 40  # 999,999,999,999,999.9999 is 24 characters
QUOTE_LENGTH: Final = 12  # what a message repeats of the entry

FigureErrorKind: TypeAlias = Literal[
    "not_a_number",
    "exponent",
    "grouping",
    "digits",
    "too_long",
    "negative",
    "too_large",
    "too_many_places",
]

# Filled in by the caller with the figure's name and what is expected of it.
MESSAGES: Mapping[FigureErrorKind, str] = {
    "not_a_number": gettext_noop("%(name)s：“%(raw)s”不是数字，请填写%(expected)s"),
    "exponent": gettext_noop("%(name)s：“%(raw)s”是科学计数法，请直接写出数字，填写%(expected)s"),
    "grouping": gettext_noop(
        "%(name)s：“%(raw)s”的分隔符不对：小数点用“.”，千位分隔符“,”须每三位一组，"
        "请填写%(expected)s"
    ),
    "digits": gettext_noop("%(name)s：“%(raw)s”含有无法识别的数字，请用0-9填写%(expected)s"),
    "too_long": gettext_noop("%(name)s：“%(raw)s”太长，请填写%(expected)s"),
    "negative": gettext_noop("%(name)s：不能为负数，请填写%(expected)s"),
    "too_large": gettext_noop("%(name)s：“%(raw)s”超出合理范围"),
    "too_many_places": gettext_noop("%(name)s：“%(raw)s”小数位过多，请填写%(expected)s"),
}

_WIDE: Final = {
    **{0xFF10 + digit: str(digit) for digit in range(10)},
    ord("．"): ".",
    ord("，"): ",",
    ord("－"): "-",
    ord("−"): "-",  # the typographic minus sign
}
_FIGURE: Final = re.compile(
    r"(?P<sign>-)?(?=\.?[0-9])"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)"
    r"(?:\.(?P<fraction>[0-9]+))?"
)
_EXPONENT: Final = re.compile(r"-?(?=\.?[0-9])[0-9]*(?:\.[0-9]*)?[eE][-+]?[0-9]+")
_SEPARATED: Final = re.compile(r"-?[0-9.,_]*[0-9][0-9.,_]*")
_ASCII_DIGITS: Final = frozenset("0123456789")


def _same(message: str) -> str:
    return message


class FigureError(ValueError):
    """An entry that is not a figure: why (``kind``) and the message's values (``params``)."""

    def __init__(self, kind: FigureErrorKind, raw: str) -> None:
        self.kind: FigureErrorKind = kind
        self.params: dict[str, str] = {"raw": quote(raw)}
        super().__init__(f"{kind}: {self.params['raw']}")

    @property
    def template(self) -> str:
        return MESSAGES[self.kind]

    def message(self, *, name: str, expected: str, translate: Callable[[str], str] = _same) -> str:
        """The message for a figure called ``name``; ``translate`` gives the template in the
        reader's language (the templates are Chinese)."""
        return translate(self.template) % {**self.params, "name": name, "expected": expected}


def quote(raw: str) -> str:
    """What a message repeats of an entry: a short prefix, invisible characters made visible."""
    window = raw[: 4 * MAX_LENGTH]  # never more work than a bounded prefix, however long
    text = window.strip()
    shown = "".join(_visible(char) for char in text[:QUOTE_LENGTH])
    return shown + "…" if len(text) > QUOTE_LENGTH or len(raw) > len(window) else shown


def _visible(char: str) -> str:
    # Control and format characters would vanish from a message or break the file it is in.
    return "\ufffd" if unicodedata.category(char).startswith("C") else char


def figure_from_text(text: str, *, places: int, negative: bool = False) -> Decimal | None:
    """A typed figure → its exact value, None when blank. Raises FigureError."""
    if len(text) > MAX_LENGTH:
        raise FigureError("too_long", text)
    plain = text.strip().translate(_WIDE)
    if not plain:
        return None
    match = _FIGURE.fullmatch(plain)
    if match is None:
        raise FigureError(_refusal(plain, places, negative), text)
    if match["sign"] and not negative:
        raise FigureError("negative", text)
    whole = match["whole"].replace(",", "").lstrip("0")
    fraction = (match["fraction"] or "").rstrip("0")
    if len(whole) > _MAX_WHOLE_DIGITS:
        raise FigureError("too_large", text)
    if len(fraction) > places:
        raise FigureError("too_many_places", text)
    value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole or "0")
    return -value if match["sign"] and value else value


def _refusal(plain: str, places: int, negative: bool) -> FigureErrorKind:
    """Why text that is not a figure is refused, as precisely as can be told."""
    if any(char not in _ASCII_DIGITS and char.isnumeric() for char in plain):
        return "digits"
    if _EXPONENT.fullmatch(plain):
        # What a spreadsheet shows as 1e+20 is out of range before it is an exponent.
        try:
            figure_from_number(Decimal(plain), places=places, negative=negative)
        except FigureError as error:
            return error.kind
        except InvalidOperation:
            pass  # an exponent beyond what Decimal holds
        return "exponent"
    if _SEPARATED.fullmatch(plain):
        return "grouping"
    return "not_a_number"


def figure_from_number(value: int | Decimal, *, places: int, negative: bool = False) -> Decimal:
    """A number that arrived as a number (a JSON number, a spreadsheet cell) → a figure held
    to the same rules as typed text, without ever expanding its digits. Raises FigureError."""
    if isinstance(value, int):
        return _whole_number(value, negative=negative)
    if not value.is_finite():
        raise FigureError("not_a_number", str(value))
    if value.is_zero():
        return Decimal(0)
    if value < 0 and not negative:
        raise FigureError("negative", str(value))
    if value.adjusted() >= _MAX_WHOLE_DIGITS:
        raise FigureError("too_large", str(value))
    decimals = _decimals(value)
    if decimals > places:
        raise FigureError("too_many_places", str(value))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        raise FigureError("exponent", str(value))  # a JSON 1e3
    with localcontext() as context:
        context.prec = _MAX_WHOLE_DIGITS + decimals + 1
        return value.quantize(Decimal(1).scaleb(-decimals))


def _whole_number(value: int, *, negative: bool) -> Decimal:
    if value < 0 and not negative:
        raise FigureError("negative", _int_text(value))
    if abs(value) >= 10**_MAX_WHOLE_DIGITS:
        raise FigureError("too_large", _int_text(value))
    return Decimal(value)


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # more digits than Python will print
        return "…"


def _decimals(value: Decimal) -> int:
    """Decimals a non-zero finite value needs: trailing zeros do not count."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))
