"""The demo bulletin (迪庆州, June 2017) as a document model, built from the stored figures."""

from __future__ import annotations

import datetime

import pytest

from anju.bulletins.document import BulletinDocument
from anju.bulletins.services import bulletin_document
from anju.programmes.models import Unit
from anju.reporting.selectors import period_find

DEMO_NUMBER = 12
DEMO_DATE = datetime.date(2017, 7, 5)


@pytest.fixture
def demo_document(db: None) -> BulletinDocument:
    scope = Unit.objects.get(code="533400")
    return bulletin_document(
        scope=scope,
        period=period_find(unit=scope, key="2017-06"),
        number=DEMO_NUMBER,
        date=DEMO_DATE,
    )
