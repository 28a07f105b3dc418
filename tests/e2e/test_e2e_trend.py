"""The dashboard's trend while a month's reports come in: the partial month is drawn apart,
hollow and labelled with how many units are in, not as a fall."""

from __future__ import annotations

import pytest
from browsing import DOCS, Site, july_two_approved, login
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def july_two_of_five_approved() -> None:
    from anju.programmes.models import Programme, Unit
    from anju.reporting.models import Report
    from anju.reporting.rollup import subtree_sums_rebuild
    from anju.reporting.services import period_open, report_set_values
    from anju.reporting.workflow import report_for

    july = period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    for code, started in (("533401", "1300"), ("533422", "160")):
        report = report_for(unit=Unit.objects.get(code=code), period=july)
        report_set_values(report=report, values={"pg_started": started}, channel="form")
        Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
    subtree_sums_rebuild(period=july)  # approved below the workflow: the sums follow


def test_a_partial_month_is_hollow_and_says_how_many_units_are_in(site: Site) -> None:
    july_two_of_five_approved()
    page = site.page
    login(page, "leader")
    site.open("/u/533400/2017-07/")
    started = page.locator('.dash-chart[data-series="0"]')
    expect(started.locator("svg")).to_be_visible()
    expect(started).to_contain_text("1,460")
    expect(started).to_contain_text("2/5个单位已审核")
    # June's point is filled, July's hollow (white inside): two circles, one of each.
    fills = started.locator("svg path").evaluate_all(
        "paths => paths.filter(p => p.getAttribute('d') && p.getAttribute('d').includes('A'))"
        ".map(p => p.getAttribute('fill'))"
    )
    assert sorted(fills) == ["#b3261e", "#fff"], fills
    page.locator("#trend").screenshot(path=DOCS / "trend-partial.png")


def test_the_latest_months_label_covers_no_other_months_point(site: Site) -> None:
    """香格里拉市 and 维西县 in for July with their June figures: July's partial totals sit
    just below June's, where a label above July's point would lie over June's."""
    july_two_approved()
    page = site.page
    login(page, "leader")
    site.open("/u/533400/2017-07/")
    charts = page.locator(".dash-chart[data-series]")
    expect(charts.first.locator("svg")).to_be_visible()
    assert charts.count() == 4
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart).to_contain_text("2/5个单位已审核")
        clashes = chart.locator("svg").evaluate(
            """svg => {
                const box = e => e.getBoundingClientRect();
                const points = [...svg.querySelectorAll('path')]
                    .filter(p => (p.getAttribute('d') || '').includes('A')).map(box);
                const labels = [...svg.querySelectorAll('text')]
                    .filter(t => /个单位已审核|^[0-9,.]+$/.test(t.textContent.trim()));
                return labels.flatMap(t => points
                    .filter(p => { const r = box(t);
                        return r.left < p.right && p.left < r.right
                            && r.top < p.bottom && p.top < r.bottom; })
                    .map(() => t.textContent));
            }"""
        )
        assert not clashes, (index, clashes)
    page.locator("#trend").screenshot(path=DOCS / "trend-labels.png")
