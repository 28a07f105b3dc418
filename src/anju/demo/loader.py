"""Loading the bundled demo: the 迪庆州 2017 programme, its June figures and a demo login."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from anju.accounts.models import Role
from anju.programmes.models import Programme, Unit
from anju.programmes.services import programme_import_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import ReportEvent, ValueChange

DEMO_PROGRAMME = "diqing-2017"
DEMO_FILES = ("diqing-2017.yaml", "diqing-2017-06.yaml")
DEMO_ADMIN = ("admin", "anju-demo")
DEMO_PASSWORD = "anju-demo"
# The people of a month's work, one per role: (user name, role, unit code, description).
DEMO_PEOPLE = (
    ("office", "admin", "533400", "州安居办管理员"),
    ("shangrila", "reporter", "533401", "香格里拉市填报员"),
    ("deqin", "reporter", "533422", "德钦县填报员"),
    ("weixi", "reporter", "533423", "维西县填报员"),
    ("kaifaqu", "reporter", "533400-KFQ", "开发区填报员"),
    ("benji", "reporter", "533400-BJ", "州本级填报员"),
    ("leader", "leader", "533400", "分管副州长"),
    ("inspector", "inspector", "533400", "州政府督查室"),
)


def demo_file(name: str) -> Path:
    with as_file(files("anju.demo") / name) as path:
        return Path(path)


@transaction.atomic
def demo_load(*, reset: bool = False) -> bool:
    """Load the demo unless it is there already; returns whether anything was loaded."""
    existing = Programme.objects.filter(code=DEMO_PROGRAMME)
    if existing.exists() and not reset:
        return False
    _demo_remove()
    programme_import_file(path=demo_file(DEMO_FILES[0]))
    figures_import_file(path=demo_file(DEMO_FILES[1]))
    demo_people()
    return True


def _demo_remove() -> None:
    """The demo programme with everything reported under it. Its audit trail is demo data
    too; a real programme's is kept (deleting one with recorded changes is refused)."""
    under = {"report__period__programme__code": DEMO_PROGRAMME}
    ValueChange.objects.filter(**under).delete()
    ReportEvent.objects.filter(**under).delete()
    Programme.objects.filter(code=DEMO_PROGRAMME).delete()


def demo_people() -> None:
    """The demo's logins: a superuser and one person per role, all with the demo password."""
    user_model = get_user_model()
    username, password = DEMO_ADMIN
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username=username, password=password)
    for username, kind, unit, description in DEMO_PEOPLE:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username, password=DEMO_PASSWORD, first_name=description
            )
        Role.objects.get_or_create(user=user, kind=kind, unit=Unit.objects.get(code=unit))
