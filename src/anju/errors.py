"""Errors a user can act on. Each carries a message that says what is wrong and what to do."""

from __future__ import annotations


class AnjuError(Exception):
    """A problem with the user's request or input, as opposed to a bug."""


class NotFound(AnjuError):
    pass


class InvalidInput(AnjuError):
    """Input that cannot be accepted; ``problems`` lists each one on its own line.

    ``fields`` maps a field's code to its problem where the problem belongs to one field,
    so a form can show each message beside its input.
    """

    def __init__(self, problems: list[str], fields: dict[str, str] | None = None) -> None:
        self.problems = problems
        self.fields = fields or {}
        super().__init__("\n".join(problems))

    @classmethod
    def by_field(cls, fields: dict[str, str]) -> InvalidInput:
        """Each problem belonging to one field, listed in the fields' order."""
        return cls(list(fields.values()), fields)


# The command line's exit status for a user's mistake (a bad file, an unknown unit).
EXIT_USER_ERROR = 2
