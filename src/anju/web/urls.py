from __future__ import annotations

from django.urls import path

from anju.web.views import (
    audit,
    bulletins,
    dashboard,
    excel,
    home,
    periods,
    reports,
    review,
    tables,
)

app_name = "web"

# <unit> is a unit code (or exact name); <period> is YYYY-MM.
urlpatterns = [
    path("", home.home, name="home"),
    path("u/<str:unit>/<str:period>/", dashboard.dashboard, name="dashboard"),
    path("u/<str:unit>/<str:period>/tables/", tables.tables, name="tables"),
    path("u/<str:unit>/<str:period>/completeness/", periods.completeness, name="completeness"),
    path("u/<str:unit>/<str:period>/review/", review.review_list, name="review_list"),
    path("u/<str:unit>/<str:period>/bulletin/", bulletins.bulletin, name="bulletin"),
    path(
        "u/<str:unit>/<str:period>/bulletin/file.<str:fmt>",
        bulletins.bulletin_file,
        name="bulletin_file",
    ),
    path("u/<str:unit>/<str:period>/excel/template.xlsx", excel.template, name="excel_template"),
    path("u/<str:unit>/<str:period>/excel/upload/", excel.upload, name="excel_upload"),
    path("excel/imports/<int:pk>/", excel.confirm, name="excel_confirm"),
    path("u/<str:unit>/audit/", audit.audit, name="audit"),
    path("u/<str:unit>/periods/", periods.periods, name="periods"),
    path("u/<str:unit>/bulletins/", bulletins.bulletin_list, name="bulletin_list"),
    path("r/<str:unit>/<str:period>/", reports.report, name="report"),
    path("r/<str:unit>/<str:period>/review/", review.review, name="review"),
    path("r/<str:unit>/<str:period>/unlock/", review.unlock, name="unlock"),
]
