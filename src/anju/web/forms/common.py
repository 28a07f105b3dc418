"""What every form shares: free text without NUL characters, bounded numbers and dates with
one message each, and how refusals are listed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # A label or message: lazily translated, or already a string.
    from django.utils.functional import _StrOrPromise as Text

# PostgreSQL refuses NUL in a text column: it would fail the write, not the form.
NO_NUL = ProhibitNullCharactersValidator(message=_("不能包含空字符（NUL）"))


class TextField(forms.CharField):
    """Free text: stripped, no NUL (with the shared message rather than Django's own)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if type(v) is not type(NO_NUL)]
        self.validators.append(NO_NUL)


DATE_MESSAGE = _("日期应写作 YYYY-MM-DD，且为实际存在的日期")


def whole_number(*, low: int, high: int, label: Text, message: Text) -> forms.IntegerField:
    """A whole number from ``low`` to ``high``: missing, not a number or out of range, the
    user reads the one ``message`` that says what is wanted."""
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        label=label,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), message),
    )


def day(*, label: Text, required: bool = True) -> forms.DateField:
    """A date written YYYY-MM-DD; missing (when required) or malformed, DATE_MESSAGE."""
    return forms.DateField(
        required=required,
        input_formats=["%Y-%m-%d"],
        label=label,
        error_messages=dict.fromkeys(("required", "invalid"), DATE_MESSAGE),
    )


def upload(*, label: Text, choose: Text, **kwargs: Any) -> forms.FileField:
    """One uploaded file; none chosen, ``choose`` says what to pick; an empty one, the shared
    message."""
    return forms.FileField(
        label=label,
        error_messages={
            "required": choose,
            "empty": _("上传的文件是空的"),
            "invalid": choose,
            **kwargs.pop("error_messages", {}),
        },
        **kwargs,
    )


def import_action(choices: list[tuple[str, Text]]) -> forms.ChoiceField:
    """What to do with a checked import: apply it (in one of ``choices``) or discard it."""
    message = _("请选择“确认导入”或“放弃”")
    return forms.ChoiceField(
        choices=choices,
        error_messages=dict.fromkeys(("required", "invalid_choice"), message),
    )


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
