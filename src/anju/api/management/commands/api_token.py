"""`anju manage api_token USERNAME [--name NAME]`: create an API token and print it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anju.api.tokens import token_create
from anju.errors import InvalidInput


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for (default: cli)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}", returncode=2)
        if not user.is_active:
            raise CommandError(f"user {options['username']!r} is not active", returncode=2)
        try:
            token = token_create(user=user, name=options["name"])
        except InvalidInput as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(token)
