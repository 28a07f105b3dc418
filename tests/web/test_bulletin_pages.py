"""The bulletin page: preview, edit the prose, issue, download; then it cannot change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from anju.bulletins.models import Bulletin

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-06/bulletin/"


def test_preview_edit_issue_and_download(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    page = client.get(PAGE).content.decode()
    assert "全州城镇保障性安居工程开工2294套，开工率为61.58%" in page
    assert 'name="text_rental"' in page

    client.post(
        PAGE, {"action": "save", "text_rental": "请各地加快分配，已入住{total.gzf_occupied}套。"}
    )
    assert "请各地加快分配，已入住9384套。" in client.get(PAGE).content.decode()

    client.post(PAGE, {"action": "issue", "number": "12", "date": "2017-07-05"})
    issued = Bulletin.objects.get(scope__code="533400", period__month=6)
    assert issued.status == Bulletin.Status.ISSUED
    page = client.get(PAGE).content.decode()
    assert "已于 2017-07-05 印发（第12号）" in page
    assert 'name="text_rental"' not in page  # no longer editable

    download = client.get(PAGE + "file.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.getvalue().startswith(b"%PDF")
    assert "filename*=utf-8''" in download["Content-Disposition"]
    listing = client.get("/u/533400/bulletins/").content.decode()
    assert "迪庆安居办〔2017〕12号" in listing


def test_a_misspelt_placeholder_is_reported_and_nothing_changes(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    response = client.post(
        PAGE, {"action": "save", "text_rental": "已入住{total.gzf_ocupied}套"}, follow=True
    )
    assert "占位符“{total.gzf_ocupied}”不存在" in response.content.decode()
    assert "已入住9384套" not in response.content.decode()


def test_a_bad_issue_number_is_refused(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    response = client.post(
        PAGE, {"action": "issue", "number": "x", "date": "2017-07-05"}, follow=True
    )
    assert "文号应为1到1000000之间的整数" in response.content.decode()
    assert not Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exists()
