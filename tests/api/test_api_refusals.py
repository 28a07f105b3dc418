"""The API refuses a method or an oversized body in JSON, as it answers everything else."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_refuses_a_method_in_json_naming_the_methods_it_allows(client_for: Any) -> None:
    response = client_for("shangrila").delete("/api/reports/533401/2017-06")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("不支持 DELETE 方法（本接口允许：")
    assert "PUT" in response.json()["detail"]


def test_the_api_refuses_a_body_over_the_limit_in_json(client_for: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"figures": {}, "comment": "说" * 2000})
    response = client_for("shangrila").put(
        "/api/reports/533401/2017-06", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体超过 1,000 字节的上限，请分批提交"}
