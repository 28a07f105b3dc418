"""People as pages show them: ``{{ user|person }}`` gives 德钦县填报员 rather than deqin."""

from __future__ import annotations

from typing import Any

from django import template

from anju.accounts.policy import Person
from anju.web import wording
from anju.web.people import person_name, person_unit

register = template.Library()


@register.filter
def person(user: Person) -> str:
    return person_name(user)


@register.filter
def person_with_unit(user: Person) -> str:
    unit = person_unit(user)
    name = person_name(user)
    return f"{name}（{unit}）" if unit and unit not in name else name


@register.filter
def due_phrase(due: Any) -> str:
    """``{{ period.due_date|due_phrase }}``: 报送截止日期 2017-08-05（还有 3 天）."""
    return wording.due_phrase(due)
