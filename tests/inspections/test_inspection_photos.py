"""Photos of findings and rectifications, on the finding's page and through the API: the
finding's by its inspectors while it is not closed, a rectification's by the responsible
unit's reporters while it awaits the verdict; seen with when and where they were taken by
whoever may read the finding; every add and remove in the finding's history."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from anju.inspections.models import Finding, InspectionChange
from anju.inspections.workflow import finding_close, rectification_decide, rectification_submit
from anju.photos.models import Photo
from personas import People
from pictures import jpeg, png, served


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, url: str, data: bytes, name: str, **fields: Any) -> Any:
    return client.post(url, {"photo": SimpleUploadedFile(name, data), **fields})


def photo_changes(finding: Finding) -> list[tuple[str, str, str]]:
    rows = InspectionChange.objects.filter(finding=finding, field__endswith="photo")
    return [(c.field, c.old_value, c.new_value) for c in rows.order_by("pk")]


def test_an_inspector_photographs_a_finding_and_its_unit_sees_it(
    finding: Finding, people: People
) -> None:
    page = f"/inspections/findings/{finding.pk}/"
    inspector = _as(people.inspector)
    assert 'id="finding-photo-form"' in inspector.get(page).content.decode()
    sent = upload(inspector, f"{page}photos/", jpeg(), "IMG_0007.JPG")
    assert sent.status_code == 302 and sent["Location"] == page
    photo = Photo.objects.get()
    shown = _as(people.shangrila).get(page).content.decode()
    assert f'src="/photos/{photo.pk}/thumbnail/"' in shown
    assert "拍摄：2017-07-14 10:32" in shown and "地点：27.82690, 99.70660" in shown
    assert 'id="finding-photo-form"' not in shown  # the unit reads, the inspectors photograph
    thumbnail = served(_as(people.shangrila), f"/photos/{photo.pk}/thumbnail/")
    assert thumbnail.status_code == 200 and thumbnail.body.startswith(b"\xff\xd8")
    assert served(_as(people.deqin), f"/photos/{photo.pk}/thumbnail/").status_code == 403
    refused = upload(_as(people.shangrila), f"{page}photos/", png(), "site.png")
    assert refused.status_code == 403 and Photo.objects.count() == 1

    removed = inspector.post(f"{page}photos/{photo.pk}/remove/")
    assert removed.status_code == 302 and not Photo.objects.exists()
    name = f"IMG_0007.JPG（{photo.sha256[:12]}）"
    assert photo_changes(finding) == [("photo", "", name), ("photo", name, "")]
    history = inspector.get(page).content.decode().split("修改记录")[1]
    assert history.count(name) == 2 and history.count("<td>问题照片</td>") == 2


def test_a_rectification_takes_photos_until_its_verdict(finding: Finding, people: People) -> None:
    page = f"/inspections/findings/{finding.pk}/"
    rectification = rectification_submit(
        finding=finding, measures="已在工地公示", evidence="见照片", user=people.shangrila
    )
    unit = _as(people.shangrila)
    form = unit.get(page).content.decode()
    assert 'id="rectification-photo-form"' in form and 'id="finding-photo-form"' not in form
    fields = {"rectification": rectification.pk}
    sent = upload(unit, f"{page}photos/", jpeg(colour=(200, 40, 40)), "公示牌.jpg", **fields)
    assert sent.status_code == 302
    photo = Photo.objects.get()
    assert photo.owner == rectification
    assert f'src="/photos/{photo.pk}/thumbnail/"' in _as(people.office).get(page).content.decode()
    twice = upload(unit, f"{page}photos/", jpeg(colour=(200, 40, 40)), "again.jpg", **fields)
    followed = unit.get(twice["Location"]).content.decode()
    assert "照片没有保存：again.jpg：这张照片已上传过（公示牌.jpg" in followed

    rectification_decide(rectification=rectification, accept=True, reason="", user=people.office)
    late = upload(unit, f"{page}photos/", png(), "late.png", **fields)
    followed = unit.get(late["Location"]).content.decode()
    assert "整改情况已核验（通过），不能再增删照片" in followed
    assert 'id="rectification-photo-form"' not in followed
    assert Photo.objects.count() == 1
    unit.post(f"{page}photos/{photo.pk}/remove/")
    assert Photo.objects.count() == 1
    shown = f"公示牌.jpg（{photo.sha256[:12]}）"
    assert photo_changes(finding) == [("rectification_photo", "", shown)]
    assert "<td>整改照片</td>" in unit.get(page).content.decode()


def test_the_api_lists_uploads_and_removes_under_the_same_rules(
    finding: Finding, people: People
) -> None:
    url = f"/api/findings/{finding.pk}/photos"
    inspector = _as(people.inspector)
    sent = upload(inspector, url, jpeg(), "IMG_0007.JPG")
    assert sent.status_code == 200
    body = sent.json()
    assert body["editable"] is True and body["rectifications"] == []
    (photo,) = body["photos"]
    taken = datetime.datetime.fromisoformat(photo["taken_at"])
    assert (photo["filename"], photo["latitude"], photo["longitude"]) == (
        "IMG_0007.JPG",
        "27.8269",
        "99.7066",
    )
    assert taken == datetime.datetime(2017, 7, 14, 10, 32, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    unit = _as(people.shangrila)
    assert unit.get(url).json()["editable"] is False
    assert upload(unit, url, png(), "site.png").status_code == 403
    assert _as(people.deqin).get(url).status_code == 403
    bad = upload(inspector, url, b"GIF89a not really", "x.jpg")
    assert bad.status_code == 422 and "x.jpg" in bad.json()["detail"][0]

    rectification = rectification_submit(
        finding=finding, measures="已在工地公示", evidence="", user=people.shangrila
    )
    own = f"/api/findings/{finding.pk}/rectifications/{rectification.pk}/photos"
    mine = upload(unit, own, png(), "site.png").json()["rectifications"]
    assert mine[0]["editable"] is True and mine[0]["photos"][0]["filename"] == "site.png"
    assert upload(inspector, own, png(), "site.png").status_code == 403
    assert unit.delete(f"{url}/{photo['id']}").status_code == 403  # the finding's, not theirs
    assert inspector.delete(f"{url}/{photo['id'] + 1000}").status_code == 404

    rectification_decide(rectification=rectification, accept=True, reason="", user=people.office)
    finding_close(finding=finding, user=people.office)
    closed = inspector.delete(f"{url}/{photo['id']}")
    assert closed.status_code == 422
    assert closed.json()["detail"] == ["该问题已销号，不能再增删照片"]
    assert Photo.objects.count() == 2
