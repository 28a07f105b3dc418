"""API test helpers: a client per persona, authenticated with a fresh token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from anju.api.tokens import token_create

ClientFor = Callable[[str], Client]


@pytest.fixture
def client_for(people: dict[str, User]) -> ClientFor:
    """``client_for("deqin")``: a client sending deqin's bearer token; "anonymous" sends
    none; "nobody" is a logged-in user without any role."""

    def make(who: str) -> Client:
        if who == "anonymous":
            return Client()
        user = people.get(who) or User.objects.get_or_create(username=who)[0]
        token = token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make
