"""Loading the bundled demo: the 迪庆州 2017 programme, its June figures and a demo login."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from anju.programmes.models import Programme
from anju.programmes.services import programme_import_file
from anju.reporting.services import figures_import_file

DEMO_PROGRAMME = "diqing-2017"
DEMO_FILES = ("diqing-2017.yaml", "diqing-2017-06.yaml")
DEMO_ADMIN = ("admin", "anju-demo")


def demo_file(name: str) -> Path:
    with as_file(files("anju.demo") / name) as path:
        return Path(path)


@transaction.atomic
def demo_load(*, reset: bool = False) -> bool:
    """Load the demo unless it is there already; returns whether anything was loaded."""
    existing = Programme.objects.filter(code=DEMO_PROGRAMME)
    if existing.exists() and not reset:
        return False
    existing.delete()
    programme_import_file(path=demo_file(DEMO_FILES[0]))
    figures_import_file(path=demo_file(DEMO_FILES[1]))
    username, password = DEMO_ADMIN
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username=username, password=password)
    return True
