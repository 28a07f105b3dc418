"""The bulletin's outline: headings, paragraphs written from figures, and the progress chart."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from anju.programmes.models import NarrativeTemplate
from anju.programmes.spec.base import Spec, refuse
from anju.programmes.spec.fields import Slug, Text, one_of, one_of_schema, whole

KINDS = NarrativeTemplate.Kind.values
NarrativeKind = Annotated[str, one_of(KINDS), one_of_schema(KINDS)]
Level = Annotated[int, Field(ge=1, le=3), whole(1, 3)]


class NarrativeSpec(Spec):
    stored_as: ClassVar[str] = "programmes.NarrativeTemplate"
    code: Slug
    kind: NarrativeKind = NarrativeTemplate.Kind.PARAGRAPH.value
    level: Level = 1  # a heading's level
    text: Text = ""  # with {total.CODE} and {list.CODE:{name}{value}} placeholders
    indicator: Text | None = None  # a chart's indicator, drawn unit by unit
    milestones: list[Text] = []  # a chart's milestones, drawn as lines

    @model_validator(mode="after")
    def _what_the_kind_needs(self) -> NarrativeSpec:
        if self.kind == NarrativeTemplate.Kind.CHART:
            refuse("NarrativeSpec", [(("indicator",), "必须填写")] if not self.indicator else [])
        elif not self.text:
            refuse("NarrativeSpec", [(("text",), "必须填写")])
        return self

    def quiet_fields(self) -> set[str]:
        quiet = super().quiet_fields()
        if self.kind == NarrativeTemplate.Kind.HEADING:
            quiet.discard("level")
        else:
            quiet.add("level")
        return quiet
