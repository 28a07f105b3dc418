"""专项巡查 pages: a unit's findings (overdue and open first) and rounds, a round with its
visits and findings, and a finding with its history, rectifications and actions. Every write
goes through inspections.services or inspections.workflow, as the API's do."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_inspect, can_view_inspections
from anju.errors import InvalidInput, NotFound
from anju.inspections.models import Finding, InspectionRound
from anju.inspections.selectors import (
    finding_find,
    round_find,
    round_findings,
    rounds_of,
    unit_findings,
)
from anju.inspections.services import finding_record, round_create, visit_record
from anju.inspections.trail import today
from anju.programmes.models import Programme, Unit
from anju.projects.models import Project
from anju.web.forms.common import form_problems
from anju.web.forms.inspections import FindingForm, RecordForm, RoundForm, VisitForm
from anju.web.views.common import require, resolve_unit, signed_in


def _round(pk: int) -> InspectionRound:
    try:
        return round_find(pk)
    except NotFound as error:
        raise Http404(str(error)) from error


def finding_or_404(pk: int) -> Finding:
    try:
        return finding_find(pk)
    except NotFound as error:
        raise Http404(str(error)) from error


def _programmes(unit: Unit) -> list[tuple[str, str]]:
    found = Programme.objects.filter(scope__path__in=unit.ancestor_paths).order_by("-year", "code")
    return [(p.code, p.name) for p in found]


@login_required
def unit_inspections(request: HttpRequest, unit: str) -> HttpResponse:
    """A unit's findings, overdue and open first, the rounds over it, and (for its inspectors
    and admins) a round registered."""
    place = resolve_unit(unit)
    require(request, place, can_view_inspections)
    may_create = can_inspect(request.user, place)
    problems: list[str] = []
    form = RoundForm(programmes=_programmes(place)) if may_create else None
    if request.method == "POST":
        require(request, place, can_inspect)
        form = RoundForm(request.POST, programmes=_programmes(place))
        try:
            if not form.is_valid():
                raise InvalidInput(form_problems(form))
            data = form.cleaned_data
            created = round_create(
                programme=Programme.objects.get(code=data["programme"]),
                scope=place,
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                user=signed_in(request),
            )
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, _("已登记%(name)s") % {"name": created.name})
            return redirect("web:inspection_round", pk=created.pk)
    context = {
        "unit": place,
        "rows": unit_findings(place, today()),
        "rounds": rounds_of(place),
        "form": form,
        "problems": problems,
    }
    return render(request, "web/inspections.html", context, status=422 if problems else 200)


def _round_choices(round: InspectionRound) -> dict[str, dict[str, Any]]:
    """The choices of the round's visit form and finding form."""
    units = [(u.code, u.name) for u in Unit.objects.filter(path__startswith=round.scope.path)]
    projects = Project.objects.filter(
        programme=round.programme, unit__path__startswith=round.scope.path
    ).select_related("unit")
    visits = round.visits.select_related("unit", "project")
    earlier = (
        Finding.objects.filter(
            visit__round__programme=round.programme,
            visit__round__starts_on__lt=round.starts_on,
            unit__path__startswith=round.scope.path,
            status__in=(Finding.Status.OPEN, Finding.Status.RECTIFYING),
        )
        .select_related("unit", "visit__round")
        .order_by("unit__path", "id")
    )
    return {
        "visit": {
            "units": units,
            "projects": [(p.code, f"{p.unit.name} · {p.name}") for p in projects],
        },
        "finding": {
            "visits": [
                (
                    str(v.pk),
                    f"{v.visited_on} {v.unit.name}" + (f" · {v.project}" if v.project else ""),
                )
                for v in visits
            ],
            "units": units,
            "earlier": [
                (str(f.pk), f"{f.visit.round.name} · {f.unit.name} · {f.what[:30]}")
                for f in earlier
            ],
        },
    }


def _record(request: HttpRequest, round: InspectionRound, form: Any, kind: str) -> str:
    """Store the visit or finding the bound form holds; the message to show."""
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    data, user = form.cleaned_data, signed_in(request)
    if kind == "visit":
        visit = visit_record(
            round=round,
            unit=Unit.objects.get(code=data["unit"]),
            project=Project.objects.filter(programme=round.programme, code=data["project"]).first()
            if data["project"]
            else None,
            visited_on=data["visited_on"],
            inspectors=[user] if data["with_me"] else [],
            inspector_names=data["inspector_names"],
            user=user,
        )
        return _("已登记%(unit)s的巡查走访") % {"unit": visit.unit.name}
    finding = finding_record(
        visit=round.visits.get(pk=int(data["visit"])),
        unit=Unit.objects.get(code=data["unit"]),
        what=data["what"],
        requirement=data["requirement"],
        severity=data["severity"],
        deadline=data["deadline"],
        carried_from=Finding.objects.filter(pk=int(data["carried_from"])).first()
        if data["carried_from"]
        else None,
        user=user,
    )
    return _("已登记%(unit)s的问题") % {"unit": finding.unit.name}


@login_required
def inspection_round(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its visits and findings; its inspectors record visits and findings here."""
    round = _round(pk)
    require(request, round.scope, can_view_inspections)
    may_record = can_inspect(request.user, round.scope)
    problems: list[str] = []
    choices = _round_choices(round)
    visit_form = VisitForm(**choices["visit"])
    finding_form = FindingForm(**choices["finding"])
    if request.method == "POST":
        require(request, round.scope, can_inspect)
        which = RecordForm(request.POST)
        try:
            if not which.is_valid():
                raise InvalidInput(form_problems(which))
            kind = which.cleaned_data["record"]
            if kind == "visit":
                visit_form = VisitForm(request.POST, **choices["visit"])
                done = _record(request, round, visit_form, kind)
            else:
                finding_form = FindingForm(request.POST, **choices["finding"])
                done = _record(request, round, finding_form, kind)
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, done)
            return redirect("web:inspection_round", pk=round.pk)
    context = {
        "round": round,
        "visits": round.visits.select_related("unit", "project").prefetch_related("inspectors"),
        "rows": round_findings(round, today()),
        "may_record": may_record,
        "visit_form": visit_form,
        "finding_form": finding_form,
        "problems": problems,
    }
    return render(request, "web/inspection_round.html", context, status=422 if problems else 200)
