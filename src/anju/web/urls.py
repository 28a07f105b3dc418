from __future__ import annotations

from django.urls import path, register_converter

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
    home,
    months,
    periods,
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
urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", home.favicon, name="favicon"),
    path("u/<str:unit>/<period:period>/", dashboard.dashboard, name="dashboard"),
    path("u/<str:unit>/<period:period>/tables/", tables.tables, name="tables"),
    path(
        "u/<str:unit>/<period:period>/completeness/",
        completeness.completeness,
        name="completeness",
    ),
    path(
        "u/<str:unit>/<period:period>/completeness/chase.<str:fmt>",
        completeness.chase_list,
        name="chase_list",
    ),
    path("u/<str:unit>/<period:period>/review/", review.review_list, name="review_list"),
    path("u/<str:unit>/<period:period>/bulletin/", bulletins.bulletin, name="bulletin"),
    path(
        "u/<str:unit>/<period:period>/bulletin/file.<str:fmt>",
        bulletins.bulletin_file,
        name="bulletin_file",
    ),
    path(
        "u/<str:unit>/<period:period>/bulletin/correction/<int:correction>/file.<str:fmt>",
        bulletins.correction_file,
        name="correction_file",
    ),
    path("u/<str:unit>/<period:period>/excel/template.xlsx", excel.template, name="excel_template"),
    path("u/<str:unit>/<period:period>/excel/upload/", excel.upload, name="excel_upload"),
    path("excel/imports/<int:pk>/", excel.confirm, name="excel_confirm"),
    path("excel/imports/<int:pk>/status/", excel.status, name="excel_status"),
    path("u/<str:unit>/audit/", audit.audit, name="audit"),
    path("u/<str:unit>/bulletin-audits/", audits.bulletin_audits, name="bulletin_audits"),
    path("u/<str:unit>/bulletin-audits/<int:pk>/", audits.bulletin_audit, name="bulletin_audit"),
    path(
        "u/<str:unit>/bulletin-audits/<int:pk>/file",
        audits.bulletin_audit_file,
        name="bulletin_audit_file",
    ),
    path(
        "u/<str:unit>/bulletin-audits/<int:pk>/findings.txt",
        audits.bulletin_audit_text,
        name="bulletin_audit_text",
    ),
    path("u/<str:unit>/periods/", periods.periods, name="periods"),
    path("u/<str:unit>/months/", months.months, name="months"),
    path("u/<str:unit>/bulletins/", bulletins.bulletin_list, name="bulletin_list"),
    path("r/<str:unit>/<period:period>/", reports.report, name="report"),
    path("r/<str:unit>/<period:period>/review/", review.review, name="review"),
    path("r/<str:unit>/<period:period>/unlock/", review.unlock, name="unlock"),
    path("u/<str:unit>/<period:period>/batch/", batches.batch_month, name="batch"),
    path(
        "u/<str:unit>/<period:period>/batch/<int:batch>/",
        batches.batch_detail,
        name="batch_detail",
    ),
    path(
        "u/<str:unit>/<period:period>/batch/<int:batch>/status/",
        batches.batch_status,
        name="batch_status",
    ),
    path(
        "u/<str:unit>/<period:period>/batch/<int:batch>/retry/",
        batches.batch_retry_failed,
        name="batch_retry",
    ),
    path(
        "u/<str:unit>/<period:period>/batch/<int:batch>/items/<int:item>/<str:fmt>",
        batches.batch_file,
        name="batch_file",
    ),
    path(
        "u/<str:unit>/<period:period>/batch/<int:batch>/zip",
        batches.batch_zip_file,
        name="batch_zip",
    ),
]
