"""Creating API tokens and finding the user a presented token belongs to."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from anju.api.models import NAME_LENGTH, ApiToken
from anju.errors import InvalidInput

# Recognisable in logs and by secret scanners; the random part carries 256 bits.
PREFIX = "anju_"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(*, user: User, name: str) -> str:
    """A new token for the user; the plain token is returned here and never again."""
    name = name.strip()
    if not name:
        raise InvalidInput(["令牌名称不能为空"], fields={"name": "令牌名称不能为空"})
    if len(name) > NAME_LENGTH:
        message = f"令牌名称最多{NAME_LENGTH}个字"
        raise InvalidInput([message], fields={"name": message})
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(token))
    return token


LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


def token_user(token: str) -> Any | None:
    """The active user holding the token, or None; records when the token was last used."""
    if not token.startswith(PREFIX):
        return None  # not one of ours: no query needed
    found = (
        ApiToken.objects.filter(digest=token_digest(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None:
        return None
    # At most one write a minute per token: a busy client's reads stay reads. One UPDATE
    # rather than save(), so concurrent requests never race over other fields.
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
