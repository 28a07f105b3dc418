"""Shared test set-up: the demo programme is loaded once into the test database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from anju.demo.loader import demo_load
from personas import People

# The suite signs with a throw-away key of its own, as development mode would; production
# never runs without ANJU_SECRET_KEY (tests/test_deploy.py).
if not os.environ.get("ANJU_SECRET_KEY"):
    settings.SECRET_KEY = "anju-tests-only-" + "x" * 40


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        demo_load()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    # MD5 for speed; PBKDF2 still verifies the demo logins created before this fixture ran.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # Tests render pages without a collectstatic run, so no manifest exists.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_photos_dir(settings: Any, tmp_path: Any) -> None:
    # Photos stored by a test go to its own directory, never to the data directory.
    settings.ANJU_PHOTOS_DIR = tmp_path / "photos"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Each test's transaction is rolled back, so the next one may raise a programme's data
    # version to the same number with other figures: answers cached by one test are not
    # another's. (On a server a rolled-back change was never seen, so nothing is cached
    # under its version.)
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def people(db: None) -> People:
    """The demo's personas (see ``People``), loaded from the test database."""
    from django.contrib.auth.models import User

    return People({user.username: user for user in User.objects.all()})


@pytest.fixture
def july(db: None) -> Any:
    """July 2017 opened for reporting: every report starts as an empty draft."""
    from anju.programmes.models import Programme
    from anju.reporting.services import period_open

    return period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
