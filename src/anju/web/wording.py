"""Phrases pages build from dates: how long is left to a due date."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def days_left(due: datetime.date | None, today: datetime.date | None = None) -> int | None:
    """Days to the due date, negative once it has passed; None without one."""
    if due is None:
        return None
    return (due - (today or timezone.localdate())).days


def due_phrase(due: datetime.date | None, today: datetime.date | None = None) -> str:
    """报送截止日期 2017-08-05（还有 3 天）; empty without a due date."""
    days = days_left(due, today)
    if due is None or days is None:
        return ""
    if days > 0:
        left = ngettext("还有 %(days)d 天", "还有 %(days)d 天", days) % {"days": days}
    elif days == 0:
        left = _("今天截止")
    else:
        left = ngettext("已逾期 %(days)d 天", "已逾期 %(days)d 天", -days) % {"days": -days}
    return _("报送截止日期 %(date)s（%(left)s）") % {"date": due.isoformat(), "left": left}
