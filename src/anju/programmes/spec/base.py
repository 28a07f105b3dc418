"""What every part of a programme or figures file shares: unknown keys refused, a blank value
read as not given, and the file form (what the format's defaults already say is left out).

Problems are raised as pydantic errors carrying the finished Chinese message (type ``anju``)
and the path of the field they concern, so the loader can name each one's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, NoReturn

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

Loc = tuple[str | int, ...]
ERROR_TYPE = "anju"


def problem(message: str) -> PydanticCustomError:
    """A problem whose message is already the one the user reads."""
    return PydanticCustomError(ERROR_TYPE, message)


def refuse(title: str, problems: Iterable[tuple[Loc, str]]) -> None:
    """Raise every problem at once, each at its own field; nothing when there are none."""
    details = [
        InitErrorDetails(type=problem(message), loc=loc, input=None) for loc, message in problems
    ]
    if details:
        raise ValidationError.from_exception_data(title, details)


class Spec(BaseModel):
    """A part of the file: its fields are the file's keys, in the file's order."""

    model_config = ConfigDict(extra="forbid")

    # Fields written to the file even at their default (the format always spells them out).
    always_written: ClassVar[frozenset[str]] = frozenset()
    # The model this part is stored as ("programmes.Unit"): its text fields must fit the
    # columns of the same name, or the database would refuse them (PostgreSQL) or keep them
    # whole where no other page expects them (SQLite).
    stored_as: ClassVar[str] = ""

    @model_validator(mode="after")
    def _fits_its_columns(self) -> Any:
        if not self.stored_as:
            return self
        from django.apps import apps

        model = apps.get_model(self.stored_as)
        for column in model._meta.get_fields():
            limit = getattr(column, "max_length", None)
            value = (
                getattr(self, column.name, None) if column.name in type(self).model_fields else None
            )
            if limit and isinstance(value, str) and len(value) > limit:
                raise problem(f"{column.name}：最多{limit}个字（现有{len(value)}个）")
        return self

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # ``key:`` with nothing after it, or ``key: ''``, means the default.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None and value != ""}
        return data

    def quiet_fields(self) -> set[str]:
        """Fields the file leaves out: those at their default, unless always written."""
        return {
            name
            for name, field in type(self).model_fields.items()
            if name not in self.always_written
            and not field.is_required()
            and getattr(self, name) == field.get_default(call_default_factory=True)
        }

    def file_form(self) -> dict[str, Any]:
        """The part as the file writes it: plain dicts, lists and scalars, defaults left out."""
        quiet = self.quiet_fields()
        return {
            name: file_form(getattr(self, name))
            for name in type(self).model_fields
            if name not in quiet
        }


def file_form(value: Any) -> Any:
    if isinstance(value, Spec):
        return value.file_form()
    if isinstance(value, list):
        return [file_form(item) for item in value]
    if isinstance(value, dict):
        return {key: file_form(item) for key, item in value.items()}
    return value


def fail(message: str) -> NoReturn:
    raise problem(message)
