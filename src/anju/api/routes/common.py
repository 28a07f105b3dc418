"""Path parameters and the error responses every endpoint documents."""

from __future__ import annotations

from typing import Annotated, Any

from ninja.params.functions import Path

from anju.api.schemas import PERIOD_PATTERN, Message, Problems

# No control characters: PostgreSQL refuses NUL in text, and no code or name has any.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"

# A single `example` (not `examples`): ninja copies it onto the parameter, where OpenAPI
# allows a value, whereas a parameter's `examples` must be a map.
UnitCode = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=PRINTABLE,
        description="unit code (GB/T 2260 where there is one), or the unit's exact name",
        example="533400",
    ),
]
PeriodKey = Annotated[
    str,
    Path(pattern=PERIOD_PATTERN, description="month as YYYY-MM", example="2017-06"),
]
ProgrammeCode = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=PRINTABLE,
        description="programme code",
        example="diqing-2017",
    ),
]

# 401 without credentials, 403 when the policy refuses, 404 for an unknown unit, month or
# programme, 422 for a malformed path.
READ_ERRORS: dict[int, Any] = {401: Message, 403: Message, 404: Message, 422: Problems}
# A write may also be unreadable JSON (400), stale (409) or refused by the checks (422).
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: Message}
