"""Photos of a project's month, on the page and through the API: attached by the unit's
reporter while the month can change, seen with when and where they were taken, served only
to readers of the unit's report, every add and remove in the project's history; hostile or
broken files refused with a reason and nothing stored."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from project_helpers import pg_projects, unit

from anju.photos.models import Photo
from anju.programmes.models import Programme
from anju.projects.models import ProjectChange
from anju.projects.services import project_month_save
from anju.reporting.models import Period
from anju.reporting.workflow import report_for, report_submit
from personas import People
from pictures import jpeg, png, png_bomb, served

PAGE = "/u/533422/2017-07/projects/dq-1/photos/"
API = "/api/projects/533422/2017-07/dq-1/photos"


@pytest.fixture
def site(programme: Programme, july: Period) -> Any:
    # June's 153 starts are all dq-1's: a July month of no progress keeps 德钦县 at 153
    (project,) = pg_projects(programme, "德钦县", {"dq-1": "153"})
    project_month_save(project=project, period=july, flows={}, node="主体施工", user=None)
    return project


def upload(client: Client, url: str, data: bytes, name: str) -> Any:
    return client.post(url, {"photo": SimpleUploadedFile(name, data)})


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.ANJU_PHOTOS_DIR)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_reporter_attaches_a_photo_sees_it_and_removes_it(
    client: Client,
    site: Any,
    july: Period,
    people: People,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(people.deqin)
    listed = client.get("/u/533422/2017-07/projects/").content.decode()
    assert PAGE in listed  # each project links to its month's photos
    sent = upload(client, PAGE, jpeg(orientation=6), "IMG_0412.JPG")
    assert sent.status_code == 302
    page = client.get(PAGE).content.decode()
    assert "2017-07-14 10:32" in page and "27.82690, 99.70660" in page and "IMG_0412.JPG" in page
    photo = Photo.objects.get()
    assert (photo.width, photo.height, photo.uploaded_by) == (300, 400, people.deqin)
    assert f"/photos/{photo.pk}/thumbnail/" in page
    assert "1 张" in client.get("/u/533422/2017-07/projects/").content.decode()

    thumbnail = served(client, f"/photos/{photo.pk}/thumbnail/")
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(thumbnail.body)).size == (240, 320)  # upright, 320 px
    original = served(client, f"/photos/{photo.pk}/")
    assert original.body in [path.read_bytes() for path in stored_files(settings)]
    # the 州's leader reads 德钦县's report, so its photos; another county's reporter does not
    client.force_login(people.leader)
    assert served(client, f"/photos/{photo.pk}/thumbnail/").status_code == 200
    assert "删除" not in client.get(PAGE).content.decode()
    client.force_login(people["weixi"])
    assert served(client, f"/photos/{photo.pk}/").status_code == 403
    assert client.get(PAGE).status_code == 403

    client.force_login(people.deqin)
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(f"{PAGE}{photo.pk}/remove/")
    assert removed.status_code == 302
    assert not Photo.objects.exists() and stored_files(settings) == []
    trail = ProjectChange.objects.filter(project=site, period=july, field="photo")
    assert sorted((c.old_value == "", c.new_value == "") for c in trail) == [
        (False, True),
        (True, False),
    ]
    assert all("IMG_0412.JPG" in c.old_value + c.new_value for c in trail)
    history = client.get("/u/533422/2017-07/projects/dq-1/").content.decode()
    assert re.search(r"<td>照片</td><td>—</td><td>IMG_0412.JPG（[0-9a-f]{12}）</td>", history)
    assert re.search(r"<td>照片</td><td>IMG_0412.JPG（[0-9a-f]{12}）</td><td>—</td>", history)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "evil.jpg", "文件不是可以识别的照片"),
        (jpeg(noisy=True)[:6000], "cut.jpg", "照片文件不完整或已损坏"),
        (png_bomb(), "bomb.png", "照片像素过多，超过 40 百万像素的上限"),
        (png(), "site.jpg", "文件扩展名 .jpg 与内容（PNG）不符"),
        (jpeg(), "site.pdf", "只接受 JPEG（.jpg）、PNG（.png）或 WebP（.webp）格式的照片"),
    ],
    ids=["not-an-image", "truncated-jpeg", "png-bomb", "wrong-extension", "wrong-type"],
)
def test_a_hostile_or_broken_file_is_refused_and_nothing_is_stored(
    client: Client, site: Any, people: People, settings: Any, data: bytes, name: str, message: str
) -> None:
    client.force_login(people.deqin)
    refused = upload(client, PAGE, data, name)
    assert refused.status_code == 422
    assert f"{name}：{message}" in refused.content.decode()
    assert not Photo.objects.exists() and stored_files(settings) == []
    assert not ProjectChange.objects.filter(field="photo").exists()


def test_the_same_photo_twice_is_refused_and_a_submitted_month_takes_no_photos(
    client: Client, site: Any, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    assert upload(client, PAGE, jpeg(), "a.jpg").status_code == 302
    again = upload(client, PAGE, jpeg(), "copy-of-a.jpg")
    assert again.status_code == 422
    assert "这张照片已上传过（a.jpg" in again.content.decode()
    assert Photo.objects.count() == 1
    report_submit(report=report_for(unit=unit("德钦县"), period=july), user=people.deqin)
    late = upload(client, PAGE, jpeg(colour=(1, 2, 3)), "late.jpg")
    assert late.status_code == 422
    assert "报表已报送，项目进度不能修改" in late.content.decode()
    photo = Photo.objects.get()
    client.post(f"{PAGE}{photo.pk}/remove/")
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert "上传照片" not in client.get(PAGE).content.decode()


def test_a_photo_waits_for_the_months_progress(
    client: Client, programme: Programme, july: Period, people: People, settings: Any
) -> None:
    pg_projects(programme, "德钦县", {"dq-1": "153"})
    client.force_login(people.deqin)
    assert "请先在项目库中保存本月进度" in client.get(PAGE).content.decode()
    refused = upload(client, PAGE, jpeg(), "early.jpg")
    assert refused.status_code == 422 and "请先保存本月进度" in refused.content.decode()
    assert not Photo.objects.exists() and stored_files(settings) == []
    saved = client.post("/u/533422/2017-07/projects/", {"project": "dq-1", "started": "0"})
    assert saved.status_code == 302
    assert upload(client, PAGE, jpeg(), "now.jpg").status_code == 302


def test_the_api_uploads_lists_and_removes_a_months_photos_under_the_same_policy(
    client: Client, site: Any, july: Period, people: People
) -> None:
    client.force_login(people.deqin)
    sent = upload(client, API, jpeg(place=(28.4863, 98.9125)), "dq.jpg")
    assert sent.status_code == 200, sent.content
    body = sent.json()
    (photo,) = body["photos"]
    assert (photo["latitude"], photo["longitude"]) == ("28.4863", "98.9125")
    # taken 10:32:05 by the camera's clock, read in the office's time zone (UTC+8)
    assert photo["taken_at"] == "2017-07-14T02:32:05Z" and body["editable"] is True
    assert served(client, photo["thumbnail_url"]).status_code == 200
    refused = upload(client, API, b"GIF89a not really", "x.jpg")
    assert refused.status_code == 422
    assert "文件不是可以识别的照片" in refused.json()["detail"][0]

    client.force_login(people.leader)
    listed = client.get(API).json()
    assert [p["filename"] for p in listed["photos"]] == ["dq.jpg"]
    client.force_login(people["weixi"])
    assert client.get(API).status_code == 403
    assert upload(client, API, jpeg(colour=(9, 9, 9)), "w.jpg").status_code == 403
    assert client.delete(f"{API}/{photo['id']}").status_code == 403
    assert Photo.objects.count() == 1

    client.force_login(people.deqin)
    assert client.delete(f"{API}/{photo['id'] + 1000}").status_code == 404
    second = upload(client, API, jpeg(colour=(9, 9, 9)), "second.jpg").json()["photos"][1]
    removed = client.delete(f"{API}/{second['id']}")
    assert removed.status_code == 200 and len(removed.json()["photos"]) == 1
    assert ProjectChange.objects.filter(field="photo", old_value__startswith="second.jpg").exists()
    report_submit(report=report_for(unit=unit("德钦县"), period=july), user=people.deqin)
    late = client.delete(f"{API}/{photo['id']}")
    assert late.status_code == 422 and "报表已报送" in late.json()["detail"][0]
    assert Photo.objects.count() == 1


def test_the_photos_and_workbook_pages_speak_english_when_chosen(
    client: Client, site: Any, people: People
) -> None:
    client.force_login(people.deqin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    refused = upload(client, PAGE, png(), "site.jpg")
    page = refused.content.decode()
    assert "The photo was not stored:" in page
    assert "site.jpg：The extension .jpg does not match the content (PNG)" in page
    assert "Upload photo" in page and "No photos this month yet." in page
    listed = client.get("/u/533422/2017-07/projects/").content.decode()
    assert (
        "Download the project progress template" in listed and "Upload project progress" in listed
    )
    workbook = client.get("/u/533422/2017-07/projects/workbook/").content.decode()
    assert "Project progress import" in workbook
