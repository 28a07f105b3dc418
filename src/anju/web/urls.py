from __future__ import annotations

from django.urls import path

from anju.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tables/<str:unit>/<str:period>/", views.tables, name="tables"),
]
