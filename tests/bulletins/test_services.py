"""A month's bulletin: drafted from last month's texts, edited, issued, then immutable."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from anju.bulletins.document import Paragraph
from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.services import (
    bulletin_document,
    bulletin_draft,
    bulletin_issue,
    bulletin_update_texts,
)
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.reporting.models import Period, Report
from anju.reporting.services import period_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def june() -> Period:
    return Period.objects.get(programme__code="diqing-2017", month=6)


@pytest.fixture
def scope() -> Unit:
    return Unit.objects.get(code="533400")


def test_edited_text_is_kept_and_figures_stay_live(scope: Unit, june: Period) -> None:
    bulletin = bulletin_draft(scope=scope, period=june)
    bulletin_update_texts(
        bulletin=bulletin,
        texts={
            "rental": "请各地于{month}月底前完成分配方案，全州已分配入住{total.gzf_occupied}套。"
        },
    )
    document = bulletin_document(scope=scope, period=june)
    texts = [b.text for b in document.body if isinstance(b, Paragraph)]
    assert "请各地于6月底前完成分配方案，全州已分配入住9384套。" in texts
    assert document.draft is True


def test_a_misspelt_placeholder_is_refused_and_nothing_changes(scope: Unit, june: Period) -> None:
    bulletin = bulletin_draft(scope=scope, period=june)
    before = list(bulletin.blocks)
    with pytest.raises(InvalidInput) as caught:
        bulletin_update_texts(bulletin=bulletin, texts={"rental": "分配{total.gzf_ocupied}套"})
    assert caught.value.problems == ["“rental”段：第3个字符处的占位符“{total.gzf_ocupied}”不存在"]
    bulletin.refresh_from_db()
    assert bulletin.blocks == before


def test_next_month_starts_from_this_months_text(scope: Unit, june: Period) -> None:
    bulletin = bulletin_draft(scope=scope, period=june)
    bulletin_update_texts(bulletin=bulletin, texts={"rental": "六月的要求。"})
    july = period_open(programme=june.programme, month=7)
    next_draft = bulletin_draft(scope=scope, period=july)
    assert {b["code"]: b["text"] for b in next_draft.blocks}["rental"] == "六月的要求。"


def test_issuing_archives_every_format_and_locks_the_reports(
    scope: Unit, june: Period, people: dict[str, User]
) -> None:
    user = people["office"]
    bulletin = bulletin_issue(
        bulletin=bulletin_draft(scope=scope, period=june),
        number=12,
        date=datetime.date(2017, 7, 5),
        user=user,
    )
    assert bulletin.status == Bulletin.Status.ISSUED
    formats = set(BulletinFile.objects.filter(bulletin=bulletin).values_list("format", flat=True))
    assert formats == {"docx", "pdf", "xlsx", "html"}
    html = BulletinFile.objects.get(bulletin=bulletin, format="html").content
    assert "迪庆安居办〔2017〕12号".encode() in bytes(html)
    statuses = set(Report.objects.filter(period=june).values_list("status", flat=True))
    assert statuses == {Report.Status.LOCKED}
    with pytest.raises(InvalidInput):
        bulletin_update_texts(bulletin=bulletin, texts={"rental": "改"})
    with pytest.raises(InvalidInput):
        bulletin_issue(bulletin=bulletin, number=13, date=datetime.date(2017, 7, 6))
