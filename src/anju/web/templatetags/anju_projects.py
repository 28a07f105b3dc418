"""The report page's panel of figures summed from projects: reported beside Σ projects."""

from __future__ import annotations

from typing import Any

from django import template

from anju.projects.selectors import report_reconciliation

register = template.Library()


@register.inclusion_tag("web/_project_reconciliation.html")
def project_reconciliation(place: Any) -> dict[str, Any]:
    """``{% project_reconciliation place %}``: nothing when no figure is summed from projects
    or the unit has no project counting for one."""
    rows = report_reconciliation(unit=place.unit, period=place.period)
    return {"reconciliation": [row for row in rows if row.summed is not None]}
