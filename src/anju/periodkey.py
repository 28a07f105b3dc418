"""A month as the URLs, forms, API and command line name it: ``YYYY-MM``, e.g. ``2017-06``.

One parser for all of them, so a month is written the same way everywhere: four digits, a
hyphen, two digits 01–12. ``2017-6`` and ``2017-13`` are refused, with a message saying how
to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

from anju.errors import InvalidInput

# The shape alone, for URL converters and JSON schemas; ``PeriodKey.parse`` is the check.
PERIOD_REGEX: Final = r"[0-9]{4}-(?:0[1-9]|1[0-2])"


@dataclass(frozen=True, order=True)
class PeriodKey:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.year <= 9999 and 1 <= self.month <= 12):
            raise InvalidInput([_not_a_month(f"{self.year}-{self.month}")])

    @classmethod
    def parse(cls, text: str) -> PeriodKey:
        """The month ``text`` names; InvalidInput unless it is exactly ``YYYY-MM``."""
        if not isinstance(text, str) or re.fullmatch(PERIOD_REGEX, text) is None:
            raise InvalidInput([_not_a_month(str(text))])
        year, month = text.split("-")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, value: PeriodKey | str) -> PeriodKey:
        """A key given either as one or as its text."""
        return value if isinstance(value, PeriodKey) else cls.parse(value)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _not_a_month(text: str) -> str:
    # Control characters are not echoed back: the message may end up in a page or a log.
    shown = "".join(c for c in text if c.isprintable())[:20]
    return _("“%(key)s”不是月份，请写作 YYYY-MM，例如 2017-06") % {"key": shown}
