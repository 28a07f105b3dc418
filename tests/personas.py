"""The demo's personas as one typed object, for tests that read like a sentence:
``client.force_login(people.deqin)``."""

from __future__ import annotations

from django.contrib.auth.models import User


class People(dict[str, User]):
    """The demo's personas, as in the README's table: ``people.office`` (the 州 admin),
    ``people.shangrila`` and ``people.deqin`` (county reporters), ``people.leader``,
    ``people.inspector``; by user name as well (``people["weixi"]``), for the other
    reporters and for tests that walk every persona."""

    @property
    def office(self) -> User:
        return self["office"]

    @property
    def shangrila(self) -> User:
        return self["shangrila"]

    @property
    def deqin(self) -> User:
        return self["deqin"]

    @property
    def leader(self) -> User:
        return self["leader"]

    @property
    def inspector(self) -> User:
        return self["inspector"]
