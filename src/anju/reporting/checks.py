"""A report's figures checked as a whole: formats first, then the programme's declared rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from anju.engine import NA, Value
from anju.engine.figures import MAX_FIGURE as MAX_FIGURE  # where the Excel checks look for it
from anju.engine.figures import FigureError, figure_from_number, figure_from_text, quote
from anju.engine.validation import Finding, Rule, check_figures
from anju.programmes.entered import entered_measure, entered_places, from_entered, to_entered
from anju.programmes.models import DataElement, Target
from anju.reporting.models import Report, ReportValue


def parse_figure(element: DataElement, raw: object, *, in_measure: bool = False) -> Decimal | None:
    """A figure as entered (text or number) → Decimal; None for an empty entry.

    Text follows the one grammar of figures (``anju.engine.figures``); a number that
    arrives as a number (JSON, a spreadsheet cell) is held to the same rules. Raises
    ValueError with a message that names the figure and says what is expected. A figure
    is read as entered (in 万 for an element entered in 万) unless ``in_measure`` (a plan's
    goals are written in the element's own measure).
    """
    if raw is None:
        return None
    if isinstance(raw, float | bool):
        raise ValueError(
            _("%(name)s：“%(raw)s”不能作为精确数值录入")
            % {"name": element.name, "raw": quote(str(raw))}
        )
    entered_in = "" if in_measure else element.entered_in
    places = entered_places(element.places, entered_in)
    figure: Decimal | None
    try:
        if isinstance(raw, int | Decimal):
            figure = figure_from_number(raw, places=places)
        else:
            figure = figure_from_text(str(raw), places=places)
    except FigureError as error:
        raise ValueError(
            error.message(
                name=element.name, expected=expected_figure(element, in_measure), translate=_
            )
        ) from None
    return None if figure is None else from_entered(figure, entered_in)


def expected_figure(element: DataElement, in_measure: bool = False) -> str:
    entered_in = "" if in_measure else element.entered_in
    places = entered_places(element.places, entered_in)
    measure = entered_measure(element.measure, entered_in)
    if places == 0:
        return _("不小于0的整数（%(measure)s）") % {"measure": measure}
    return _("不小于0、最多%(places)s位小数的数（%(measure)s）") % {
        "places": places,
        "measure": measure,
    }


@dataclass
class EntryCheck:
    """The outcome of checking entered figures; ``errors`` block, ``warnings`` need a note."""

    parsed: dict[DataElement, Decimal | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def actual_elements(programme_id: int) -> dict[str, DataElement]:
    return {
        e.code: e
        for e in DataElement.objects.filter(
            programme_id=programme_id, role=DataElement.Role.ACTUAL
        ).select_related("target")
    }


def report_elements(report: Report) -> list[DataElement]:
    """Every element of the report's programme (with its target), read once per report
    object: a write checks its figures and answers with them without reading them again."""
    found: list[DataElement] | None = getattr(report, "_anju_elements", None)
    if found is None:
        found = list(
            DataElement.objects.filter(programme_id=report.period.programme_id).select_related(
                "target"
            )
        )
        setattr(report, "_anju_elements", found)  # noqa: B010
    return found


def report_actual_elements(report: Report) -> dict[str, DataElement]:
    """The report's programme's reported elements by code (``report_elements``)."""
    return {e.code: e for e in report_elements(report) if e.role == DataElement.Role.ACTUAL}


def previous_values(report: Report) -> dict[str, Value]:
    """Last month's figures of the same unit, whatever that report's status."""
    rows = ReportValue.objects.filter(
        report__unit_id=report.unit_id,
        report__period__programme_id=report.period.programme_id,
        report__period__month=report.period.month - 1,
    ).values_list("element__code", "value")
    return dict(rows)


def target_values(report: Report) -> dict[str, Value]:
    rows = Target.objects.filter(
        unit_id=report.unit_id, element__programme_id=report.period.programme_id
    ).values_list("element__code", "value")
    return dict(rows)


def current_values(report: Report) -> dict[str, Value]:
    if report.pk is None:
        return {}  # a report nobody has started yet
    stored: dict[str, Value] | None = getattr(report, "_anju_values", None)  # just written?
    if stored is not None:
        return dict(stored)
    return dict(report.values.values_list("element__code", "value"))


def current_texts(report: Report) -> dict[str, str]:
    """The report's stored figures as text to check again, as they are entered: a figure
    entered in 万 as 1.39, not 13900 (which would read as 13900万)."""
    elements = report_actual_elements(report)
    return {
        code: format(to_entered(value, elements[code].entered_in), "f")
        if code in elements and value is not NA
        else str(value)
        for code, value in current_values(report).items()
    }


def values_written(report: Report, values: Mapping[str, Value]) -> None:
    """Remember on the report the figures its writer has just stored, so that answering
    with them reads nothing again (``current_values``)."""
    setattr(report, "_anju_values", dict(values))  # noqa: B010


def declared_rules(elements: Mapping[str, DataElement], *, submitting: bool) -> list[Rule]:
    rules = []
    for code, element in elements.items():
        for rule in element.rules:
            if rule["rule"] == "required" and not submitting:
                continue  # a draft may be incomplete
            rules.append(Rule(code, rule["rule"], rule.get("level", "error"), other=rule.get("of")))
    return rules


def finding_text(finding: Finding) -> str:
    """A broken rule's message in the interface's language (the engine words it in Chinese)."""
    return _(finding.template) % finding.params if finding.template else finding.message


def check_entry(
    *,
    report: Report,
    values: Mapping[str, object],
    submitting: bool = False,
    stored: Mapping[str, Value] | None = None,
) -> EntryCheck:
    """Check entered figures (code → text or number) against formats and declared rules;
    ``stored``: the report's figures, when the caller has read them."""
    all_elements = report_elements(report)
    elements = report_actual_elements(report)
    result = EntryCheck()
    for code, raw in values.items():
        element = elements.get(code)
        if element is None:
            result.errors[code] = _("“%(code)s”不是本计划的填报指标") % {"code": code}
            continue
        try:
            result.parsed[element] = parse_figure(element, raw)
        except ValueError as error:
            result.errors[code] = str(error)
    figures: dict[str, Value] = {
        **target_values(report),
        **(current_values(report) if stored is None else stored),
    }
    for element, value in result.parsed.items():
        figures[element.code] = NA if value is None else value
    findings = check_figures(
        declared_rules(elements, submitting=submitting),
        values=figures,
        previous=previous_values(report),
        names={e.code: e.name for e in all_elements},
        measures={e.code: e.measure for e in all_elements},
    )
    for finding in findings:
        bucket = result.errors if finding.level == "error" else result.warnings
        bucket.setdefault(finding.element, finding_text(finding))
    return result
