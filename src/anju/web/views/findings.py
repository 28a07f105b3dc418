"""A finding's page: what was found and required, where it stands (overdue or not), its
rectifications with their verdicts, its escalations, its history, and the actions the viewer
may take — all through inspections.workflow, as the API's are."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anju.accounts.policy import can_rectify, can_verify, can_view_inspections
from anju.errors import InvalidInput
from anju.inspections.models import (
    Escalation,
    Finding,
    InspectionRound,
    Rectification,
    Visit,
)
from anju.inspections.selectors import finding_history, finding_rectifications
from anju.inspections.trail import today
from anju.inspections.workflow import (
    escalate,
    finding_close,
    is_overdue,
    rectification_decide,
    rectification_submit,
)
from anju.web.forms.common import form_problems
from anju.web.forms.inspections import (
    ActionForm,
    EscalationForm,
    RectificationForm,
    VerdictForm,
)
from anju.web.views.common import field_labels, require, signed_in
from anju.web.views.finding_photos import photo_context
from anju.web.views.inspections import finding_or_404

# The history names each field as the pages do: 整改措施, 核验结论, …
FIELD_LABELS = {
    **field_labels(InspectionRound, Visit, Finding, Rectification, Escalation),
    "inspectors": "巡查人员",
    "carried_to": "转入下轮",
    "unit": "责任单位",
    "photo": "问题照片",
    "rectification_photo": "整改照片",
}


def _act(request: HttpRequest, finding: Finding, action: str) -> str:
    """Do the action the POST asks for; the message to show."""
    user = signed_in(request)
    form: Any
    if action == "rectify":
        form = RectificationForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form_problems(form))
        rectification_submit(finding=finding, user=user, **form.cleaned_data)
        return _("已报送整改情况，等待核验")
    if action == "decide":
        form = VerdictForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form_problems(form))
        data = form.cleaned_data
        rectification = finding.rectifications.filter(pk=data["rectification"]).first()
        if rectification is None:
            raise InvalidInput([_("整改情况不存在，请刷新页面")])
        accept = data["verdict"] == "accepted"
        rectification_decide(
            rectification=rectification, accept=accept, reason=data["reason"], user=user
        )
        return _("核验通过") if accept else _("已退回，责任单位需重新整改")
    if action == "close":
        finding_close(finding=finding, user=user)
        return _("已销号")
    form = EscalationForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_problems(form))
    escalated = escalate(finding=finding, user=user, **form.cleaned_data)
    return _("已记录%(kind)s") % {"kind": escalated.get_kind_display()}


@login_required
def inspection_finding(request: HttpRequest, pk: int) -> HttpResponse:
    finding = finding_or_404(pk)
    require(request, finding.unit, can_view_inspections)
    problems: list[str] = []
    if request.method == "POST":
        choice = ActionForm(request.POST)
        try:
            if not choice.is_valid():
                raise InvalidInput(form_problems(choice))
            done = _act(request, finding, choice.cleaned_data["action"])
        except InvalidInput as error:
            problems = list(error.problems)
        else:
            messages.success(request, done)
            return redirect("web:inspection_finding", pk=finding.pk)
        finding = finding_or_404(pk)
    day = today()
    rectifications = list(finding_rectifications(finding))
    pending = [r for r in rectifications if r.verdict == Rectification.Verdict.PENDING]
    office = can_verify(request.user, finding.unit)
    overdue = is_overdue(finding, day)
    context = {
        **photo_context(request.user, finding),
        "finding": finding,
        "round": finding.visit.round,
        "overdue": overdue,
        "days_overdue": (day - finding.deadline).days if overdue else 0,
        "rectifications": rectifications,
        "escalations": finding.escalations.select_related("decided_by"),
        "history": [(c, FIELD_LABELS.get(c.field, c.field)) for c in finding_history(finding)],
        "chain": _chain(finding),
        "may_rectify": can_rectify(request.user, finding.unit)
        and finding.status == Finding.Status.OPEN,
        "pending": pending[0] if office and pending else None,
        "may_close": office and finding.status == Finding.Status.VERIFIED,
        "may_escalate": office and overdue,
        "problems": problems,
        "escalation_kinds": Escalation.Kind.choices,
    }
    return render(request, "web/inspection_finding.html", context, status=422 if problems else 200)


def _chain(finding: Finding) -> list[Finding]:
    """The same problem in earlier and later rounds, oldest first."""
    chain = [finding]
    earlier = finding.carried_from
    while earlier is not None:
        chain.insert(0, earlier)
        earlier = earlier.carried_from
    later = Finding.objects.filter(carried_from=finding).first()
    while later is not None:
        chain.append(later)
        later = Finding.objects.filter(carried_from=later).first()
    return chain if len(chain) > 1 else []
