"""The bulletin's header and distribution, and the leaders' page (the dashboard)."""

from __future__ import annotations

from typing import ClassVar

from anju.programmes.spec.base import Spec
from anju.programmes.spec.fields import Text


class BulletinSpec(Spec):
    """Each line of the header; one left out takes the bulletin's own default."""

    issuer: Text = ""  # 发文机关
    issuer_mark: Text = ""  # 发文机关标志
    number_prefix: Text = ""  # 文号前缀: 迪庆安居办〔2017〕12号
    title: Text = ""  # with {year} and {month}; line breaks kept as written
    recipients: Text = ""  # 主送
    cc: Text = ""  # 抄送


class CardSpec(Spec):
    """A headline figure, with the target it is measured against and the rate."""

    label: Text
    value: Text
    of: Text | None = None
    rate: Text | None = None


class ChartSpec(Spec):
    """The progress chart: an indicator per unit, and milestones drawn as lines."""

    always_written: ClassVar[frozenset[str]] = frozenset({"milestones"})

    indicator: Text
    milestones: list[Text] = []


class DashboardSpec(Spec):
    cards: list[CardSpec] = []
    chart: ChartSpec | None = None
    trend: list[Text] = []  # the figures drawn month by month
