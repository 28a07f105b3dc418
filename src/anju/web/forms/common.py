"""What every form shares: free text without NUL characters, and how refusals are listed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# PostgreSQL refuses NUL in a text column: it would fail the write, not the form.
NO_NUL = ProhibitNullCharactersValidator(message=_("不能包含空字符（NUL）"))


class TextField(forms.CharField):
    """Free text: stripped, no NUL (with the shared message rather than Django's own)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if type(v) is not type(NO_NUL)]
        self.validators.append(NO_NUL)


def form_problems(form: forms.BaseForm) -> list[str]:
    """Each refusal once, labelled with its field where it has one."""
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        problems += [f"{label}：{error}" if label else str(error) for error in errors]
    return list(dict.fromkeys(problems))


class PageForm(forms.Form):
    """Which page of a long list; anything but a page number reads as the first."""

    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)

    def number(self) -> int:
        return (self.cleaned_data.get("page") or 1) if self.is_valid() else 1
