"""Units, programmes and months as each persona sees them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from anju.programmes.models import Programme, Unit
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]


def test_a_unit_with_its_place_in_the_tree_and_the_callers_permissions(
    client_for: ClientFor,
) -> None:
    body = client_for("deqin").get("/api/units/533422").json()
    assert body == {
        "code": "533422",
        "name": "德钦县",
        "kind": "county",
        "kind_label": "县",
        "depth": 1,
        "parent": {"code": "533400", "name": "迪庆州"},
        "ancestors": [{"code": "533400", "name": "迪庆州"}],
        "has_children": False,
        "permissions": {
            "read_report": True,
            "write_report": True,
            "view_scope": True,
            "review": False,
            "manage": False,
        },
    }


def test_the_children_in_the_programmes_order(client_for: ClientFor) -> None:
    children = client_for("leader").get("/api/units/533400/children").json()
    assert [(c["code"], c["name"]) for c in children] == [
        ("533401", "香格里拉市"),
        ("533422", "德钦县"),
        ("533423", "维西县"),
        ("533400-KFQ", "开发区"),
        ("533400-BJ", "州本级"),
    ]
    assert not any(c["has_children"] for c in children)


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("deqin", "533422", 200),
        ("deqin", "533400", 200),  # the scope their unit is ranked in
        ("deqin", "533401", 403),  # a peer's unit
        ("office", "533401", 200),
        ("nobody", "533400", 403),
        ("anonymous", "533400", 401),
    ],
)
@pytest.mark.parametrize("path", ["/api/units/{}", "/api/units/{}/children", "/api/periods/{}"])
def test_who_sees_a_unit(
    client_for: ClientFor, path: str, who: str, unit: str, status: int
) -> None:
    response = client_for(who).get(path.format(unit))
    assert response.status_code == status
    if status == 403:
        assert response.json()["detail"].startswith("无权查看")


def test_an_unknown_unit_is_404_with_a_message(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/units/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "找不到单位“999999”（可用单位名称或代码）"}


def test_the_months_of_the_programme_covering_the_unit(client_for: ClientFor, july: Period) -> None:
    periods = client_for("deqin").get("/api/periods/533422").json()
    assert [(p["period"], p["programme"], p["status"]) for p in periods] == [
        ("2017-06", "diqing-2017", "open"),
        ("2017-07", "diqing-2017", "open"),
    ]


@pytest.mark.parametrize("who", ["office", "leader", "inspector", "deqin", "shangrila"])
def test_everyone_with_a_role_sees_the_prefectures_programme(
    client_for: ClientFor, who: str
) -> None:
    listed = client_for(who).get("/api/programmes").json()
    assert listed == [
        {
            "code": "diqing-2017",
            "name": "2017年迪庆州城镇保障性安居工程",
            "year": 2017,
            "scope": "533400",  # GET /api/units/533400
        }
    ]


def test_programmes_elsewhere_are_not_listed(client_for: ClientFor) -> None:
    elsewhere = Unit.objects.create(code="530100", name="昆明市", kind="prefecture", path="530100/")
    Programme.objects.create(code="kunming-2017", name="昆明", year=2017, scope=elsewhere)
    assert [p["code"] for p in client_for("deqin").get("/api/programmes").json()] == ["diqing-2017"]
    assert client_for("deqin").get("/api/programmes/kunming-2017").status_code == 403
    assert client_for("nobody").get("/api/programmes").json() == []


def test_a_programmes_definition(client_for: ClientFor) -> None:
    body = client_for("deqin").get("/api/programmes/diqing-2017").json()
    assert (body["code"], body["year"], body["scope"]) == ("diqing-2017", 2017, "533400")
    elements = {e["code"]: e for e in body["data_elements"]}
    assert elements["invest"] == {
        "code": "invest",
        "name": "完成投资",
        "measure": "万元",
        "role": "actual",
        "time": "cumulative",
        "places": 2,
        "description": "",
        "target": None,
        "rules": [{"rule": "not_below_previous", "of": None, "level": "error"}],
        "plan": False,
        "from_projects": None,  # entered, not summed from projects
        "projects": None,
        "entered_in": None,  # entered as they are, not in 万
    }
    assert elements["pg_started"]["target"] == "pg_task"
    assert [i["code"] for i in body["indicators"]] == [
        "pg_rate",
        "jb_rate",
        "hbh_share",
        "gzf_net",
        "gzf_rate",
    ]
    assert body["indicators"][0]["formula"] == "pg_started / pg_task * 100"
    tables = {t["code"]: t for t in body["tables"]}
    assert tables["pg-start"]["keys"] == ["pg_rate desc"]
    assert [c["key"] for c in tables["pg-start"]["columns"]] == [
        "unit",
        "task",
        "started",
        "rate",
        "rank",
    ]
    milestones = {m["code"]: m for m in body["milestones"]}
    assert milestones["start-60"] == {
        "code": "start-60",
        "label": "6月底前棚户区改造开工率达到60%",
        "target": "pg_task",
        "actual": "pg_started",
        "threshold": "60",
        "due": "2017-06-30",
        "verb": "开工",
        "description": "",
    }


def test_the_definition_says_what_the_programme_file_says(client_for: ClientFor) -> None:
    body = client_for("deqin").get("/api/programmes/diqing-2017").json()
    scope = body["units"][0]
    assert (scope["code"], scope["name"]) == ("533400", "迪庆州")
    assert [child["name"] for child in scope["children"]] == [
        "香格里拉市",
        "德钦县",
        "维西县",
        "开发区",
        "州本级",
    ]
    assert body["targets"]["533401"] == {"pg_task": "2000", "jb_task": "2000", "gzf_target": "4242"}
    assert body["plans"] == {}
    allocation = next(t for t in body["tables"] if t["code"] == "gzf-alloc")
    assert allocation["show_period"] is False
    assert allocation["columns"][4]["change"] == {
        "increase": "gzf_new",
        "decrease": "gzf_exit",
        "increase_text": "新增{}套",
        "decrease_text": "退出{}套",
        "zero_text": "0",
        "net_positive": "净增{}套",
        "net_negative": "净减{}套",
    }
    assert body["bulletin"]["number_prefix"] == "迪庆安居办"
    assert body["dashboard"]["chart"] == {
        "indicator": "pg_rate",
        "milestones": ["start-60", "start-100"],
    }
    chart = next(n for n in body["narratives"] if n["kind"] == "chart")
    assert (chart["indicator"], chart["milestones"]) == ("pg_rate", ["start-60", "start-100"])


def test_an_unknown_programme_is_404(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/programmes/nope-2017")
    assert response.status_code == 404
    assert "nope-2017" in response.json()["detail"]
