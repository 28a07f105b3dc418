from __future__ import annotations

from collections.abc import Callable

from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, register_converter

from anju.errors import InvalidInput
from anju.periodkey import PERIOD_REGEX, PeriodKey
from anju.web.views import (
    audit,
    audits,
    batches,
    bulletins,
    completeness,
    dashboard,
    excel,
    finding_photos,
    findings,
    home,
    inspections,
    months,
    periods,
    photos,
    plans,
    project_photos,
    project_workbook,
    projects,
    reports,
    review,
    tables,
)


class PeriodConverter:
    """A month in a URL: 2017-06. Keeps /u/<unit>/audit/ from reading "audit" as a month."""

    regex = PERIOD_REGEX

    def to_python(self, value: str) -> PeriodKey:
        try:
            return PeriodKey.parse(value)
        except InvalidInput as error:
            raise ValueError(str(error)) from error  # the URL does not match: 404

    def to_url(self, value: PeriodKey | str) -> str:
        return str(value)


register_converter(PeriodConverter, "period")

app_name = "web"

# <unit> is a unit code (or exact name); <period> is YYYY-MM.
UNIT = "u/<str:unit>/"
MONTH = "u/<str:unit>/<period:period>/"
REPORT = "r/<str:unit>/<period:period>/"
BATCH = MONTH + "batch/<int:batch>/"


# A page below one of those prefixes: (the rest of the path, view, name).
Route = tuple[str, Callable[..., HttpResponseBase], str]


def under(prefix: str, routes: list[Route]) -> list[URLPattern]:
    """The pages below one URL prefix."""
    return [path(prefix + rest, view, name=name) for rest, view, name in routes]


# A scope's month.
MONTH_PAGES: list[Route] = [
    ("", dashboard.dashboard, "dashboard"),
    ("tables/", tables.tables, "tables"),
    ("completeness/", completeness.completeness, "completeness"),
    ("completeness/chase.<str:fmt>", completeness.chase_list, "chase_list"),
    ("review/", review.review_list, "review_list"),
    ("bulletin/", bulletins.bulletin, "bulletin"),
    ("bulletin/file.<str:fmt>", bulletins.bulletin_file, "bulletin_file"),
    (
        "bulletin/correction/<int:correction>/file.<str:fmt>",
        bulletins.correction_file,
        "correction_file",
    ),
    ("excel/template.xlsx", excel.template, "excel_template"),
    ("excel/upload/", excel.upload, "excel_upload"),
    ("batch/", batches.batch_month, "batch"),
    ("projects/", projects.project_list, "projects"),
    ("projects/new/", projects.project_edit, "project_new"),
    ("projects/workbook.xlsx", project_workbook.template, "project_workbook_template"),
    ("projects/workbook/", project_workbook.upload, "project_workbook"),
    ("projects/workbook/<int:pk>/", project_workbook.confirm, "project_workbook_confirm"),
    ("projects/<slug:code>/", projects.project_edit, "project_edit"),
    ("projects/<slug:code>/photos/", project_photos.project_photos, "project_photos"),
    (
        "projects/<slug:code>/photos/<int:pk>/remove/",
        project_photos.project_photo_remove,
        "project_photo_remove",
    ),
    ("project-gaps/", projects.project_gaps, "project_gaps"),
]
# One batch of a month's files.
BATCH_PAGES: list[Route] = [
    ("", batches.batch_detail, "batch_detail"),
    ("status/", batches.batch_status, "batch_status"),
    ("retry/", batches.batch_retry_failed, "batch_retry"),
    ("items/<int:item>/<str:fmt>", batches.batch_file, "batch_file"),
    ("zip", batches.batch_zip_file, "batch_zip"),
]
# A scope, whatever the month.
UNIT_PAGES: list[Route] = [
    ("audit/", audit.audit, "audit"),
    ("inspections/", inspections.unit_inspections, "inspections"),
    ("plans/<int:year>/", plans.plan, "plan"),
    ("bulletin-audits/", audits.bulletin_audits, "bulletin_audits"),
    ("bulletin-audits/<int:pk>/", audits.bulletin_audit, "bulletin_audit"),
    ("bulletin-audits/<int:pk>/file", audits.bulletin_audit_file, "bulletin_audit_file"),
    ("bulletin-audits/<int:pk>/findings.txt", audits.bulletin_audit_text, "bulletin_audit_text"),
    ("periods/", periods.periods, "periods"),
    ("months/", months.months, "months"),
    ("bulletins/", bulletins.bulletin_list, "bulletin_list"),
]
# One unit's own report of a month.
REPORT_PAGES: list[Route] = [
    ("", reports.report, "report"),
    ("review/", review.review, "review"),
    ("unlock/", review.unlock, "unlock"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", home.favicon, name="favicon"),
    path("excel/imports/<int:pk>/", excel.confirm, name="excel_confirm"),
    path("inspections/rounds/<int:pk>/", inspections.inspection_round, name="inspection_round"),
    path("inspections/findings/<int:pk>/", findings.inspection_finding, name="inspection_finding"),
    path(
        "inspections/findings/<int:pk>/photos/",
        finding_photos.finding_photo_upload,
        name="finding_photo_upload",
    ),
    path(
        "inspections/findings/<int:pk>/photos/<int:photo>/remove/",
        finding_photos.finding_photo_remove,
        name="finding_photo_remove",
    ),
    path("excel/imports/<int:pk>/status/", excel.status, name="excel_status"),
    path("photos/<int:pk>/", photos.photo_file, name="photo"),
    path("photos/<int:pk>/thumbnail/", photos.photo_thumbnail, name="photo_thumbnail"),
    *under(MONTH, MONTH_PAGES),
    *under(BATCH, BATCH_PAGES),
    *under(UNIT, UNIT_PAGES),
    *under(REPORT, REPORT_PAGES),
]
