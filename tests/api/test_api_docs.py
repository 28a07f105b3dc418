"""The OpenAPI schema and its documentation page, served by anju itself."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]

ENDPOINTS = {
    ("get", "/api/units/{unit}"),
    ("get", "/api/units/{unit}/children"),
    ("get", "/api/periods/{unit}"),
    ("post", "/api/periods/{unit}/{period}"),
    ("post", "/api/periods/{unit}/{period}/close"),
    ("get", "/api/programmes"),
    ("get", "/api/programmes/{code}"),
    ("get", "/api/reports/{unit}/{period}"),
    ("put", "/api/reports/{unit}/{period}"),
    ("post", "/api/reports/{unit}/{period}/submit"),
    ("post", "/api/reports/{unit}/{period}/approve"),
    ("post", "/api/reports/{unit}/{period}/return"),
    ("post", "/api/reports/{unit}/{period}/unlock"),
    ("get", "/api/tables/{unit}/{period}"),
    ("get", "/api/indicators/{unit}/{period}"),
    ("get", "/api/milestones/{unit}/{period}"),
    ("get", "/api/bulletins/{unit}"),
    ("post", "/api/bulletins/{unit}/{period}/generate"),
    ("get", "/api/bulletins/{unit}/{period}"),
    ("post", "/api/bulletins/{unit}/{period}/issue"),
    ("post", "/api/bulletins/{unit}/{period}/correct"),
    ("get", "/api/bulletins/{unit}/{period}/{fmt}"),
    ("get", "/api/plans/{unit}/{year}"),
    ("put", "/api/plans/{unit}/{year}"),
    ("get", "/api/projects/{unit}/{period}"),
    ("post", "/api/projects/{unit}/{period}"),
    ("put", "/api/projects/{unit}/{period}/{code}"),
    ("put", "/api/projects/{unit}/{period}/{code}/month"),
    ("get", "/api/projects/{unit}/{period}/{code}/photos"),
    ("post", "/api/projects/{unit}/{period}/{code}/photos"),
    ("delete", "/api/projects/{unit}/{period}/{code}/photos/{photo}"),
    ("get", "/api/project-gaps/{unit}/{period}"),
    ("get", "/api/inspections/{unit}"),
    ("post", "/api/inspections/{unit}/rounds"),
    ("get", "/api/inspection-rounds/{round}"),
    ("post", "/api/inspection-rounds/{round}/visits"),
    ("post", "/api/inspection-rounds/{round}/findings"),
    ("get", "/api/findings/{finding}"),
    ("post", "/api/findings/{finding}/rectifications"),
    ("post", "/api/findings/{finding}/verdict"),
    ("post", "/api/findings/{finding}/close"),
    ("post", "/api/findings/{finding}/escalations"),
    ("get", "/api/findings/{finding}/photos"),
    ("post", "/api/findings/{finding}/photos"),
    ("post", "/api/findings/{finding}/rectifications/{rectification}/photos"),
    ("delete", "/api/findings/{finding}/photos/{photo}"),
}


def test_the_schema_lists_every_endpoint_with_bearer_authentication() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "anju API"
    listed = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert listed == ENDPOINTS
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_docs_page_loads_nothing_from_another_host() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert references, "the page references its scripts and styles"
    for url in references:
        assert url.startswith("/static/"), url
        # Each one is a file anju serves (found by the static files finders).
        assert finders.find(url.removeprefix("/static/")), url
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"https?://", html.replace("http://www.w3.org", ""))


def test_swagger_reads_the_schema_from_anju_and_validates_nothing_elsewhere() -> None:
    html = Client().get("/api/docs").content.decode()
    assert '"url": "/api/openapi.json"' in html
    # Its default online validator would send the schema to another host.
    assert '"validatorUrl": null' in html


def test_api_root_and_unknown_paths_answer_in_json() -> None:
    client = Client()
    assert client.get("/api/").json()["docs"] == "/api/docs"
    missing = client.get("/api/no/such/thing")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json; charset=utf-8"
    assert "没有这个接口" in missing.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/units/533400/children",
        "/api/tables/533400/2017-06",
        "/api/reports/533400-KFQ/2017-06",
        "/api/units/nowhere",
    ],
)
def test_json_is_utf8_with_chinese_as_itself(client_for: ClientFor, url: str) -> None:
    response = client_for("office").get(url)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    text = response.content.decode("utf-8")
    assert "\\u" not in text
    assert re.search("[\u4e00-\u9fff]", text)
