"""Errors a user can act on. Each carries a message that says what is wrong and what to do."""

from __future__ import annotations


class AnjuError(Exception):
    """A problem with the user's request or input, as opposed to a bug."""


class NotFound(AnjuError):
    pass


class InvalidInput(AnjuError):
    """Input that cannot be accepted; ``problems`` lists each one on its own line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
