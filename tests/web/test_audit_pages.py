"""The bulletin audit pages: upload a published bulletin, see its findings in place, kept."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import anju.bulletins.audit_store
from anju.bulletins.models import BulletinAudit
from anju.programmes.models import Unit

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent.parent / "audit" / "fixtures" / "diqing-2017-06-bulletin.txt"
LIST = reverse("web:bulletin_audits", args=["533400"])
REFUSED_MARKUP = [re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), re.compile(r"\sstyle=\"")]


def upload(client: Client, data: bytes, name: str) -> Any:
    return client.post(LIST, {"file": SimpleUploadedFile(name, data)})


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_seed_bulletin_shows_its_error_beside_the_cell_and_is_kept(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["inspector"])
    data = SEED.read_bytes()
    response = upload(client, data, "迪庆州6月通报.txt")
    audit = BulletinAudit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:bulletin_audit", args=["533400", audit.pk])
    assert (audit.filename, bytes(audit.content), audit.sha256) == (
        "迪庆州6月通报.txt",
        data,
        hashlib.sha256(data).hexdigest(),
    )
    assert (audit.uploaded_by, audit.checked, audit.errors, audit.warnings) == (
        people["inspector"],
        45,
        1,
        0,
    )

    html = client.get(response["Location"]).content.decode()
    # The cell is highlighted as an error and points at finding 1, which says what it should be.
    ref = '<a class="finding-ref" href="#finding-{}">{}</a>'
    assert f'<td class="audit-error">95.13{ref.format(1, 1)}</td>' in html
    assert f'<td class="audit-note">63.9{ref.format(3, 3)}</td>' in html
    assert '<mark class="audit-note">截止</mark>' in html
    finding = re.search(r'<li id="finding-1".*?</li>', html, re.S)
    assert finding is not None
    assert text_of(finding.group(0)).split() == [
        "1",
        "错误",
        "附件3",
        "第2行（德钦县）",
        "分配入住比例（%）",
        "印作",
        "95.13",
        "，应为",
        "95.14",
        "累计分配入住套数",
        "÷",
        "实际建设",
        "×",
        "100：2074",
        "÷",
        "2180",
        "×",
        "100",
        "=",
        "95.1376…；按四舍五入保留2位小数为95.14；原表印作95.13，系直接截断所致。",
    ]
    assert "核对 45 个推算数：错误 1，警告 0，提示 11。" in html
    assert " 由 州政府督查室 上传（迪庆州）" in text_of(html)
    assert [m.group(0) for p in REFUSED_MARKUP for m in p.finditer(html)] == []


def test_the_list_shows_every_kept_audit_and_the_file_comes_back_byte_for_byte(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    data = SEED.read_bytes()
    upload(client, data, "seed.txt")
    audit = BulletinAudit.objects.get()
    client.force_login(people["inspector"])
    listing = text_of(client.get(LIST).content.decode())
    # The uploader by name, as every page names people, not by login.
    assert f"迪庆州 seed.txt 州安居办管理员 45 1 0 11 {audit.sha256[:12]}…" in listing
    file = client.get(reverse("web:bulletin_audit_file", args=["533400", audit.pk]))
    assert file.getvalue() == data
    findings = client.get(reverse("web:bulletin_audit_text", args=["533400", audit.pk]))
    assert "[错误] 附件3 第2行（德钦县） 分配入住比例（%）：印作 95.13，应为 95.14" in (
        findings.content.decode()
    )


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("bulletin.doc", b"old word", "通报文件：只能核对 txt、docx、xlsx、pdf、html 文件"),
        ("bulletin.docx", b"not a zip", "无法读取“bulletin.docx”：无法读取文件（ValueError）"),
        ("bulletin.txt", b"", "通报文件：上传的文件是空的"),
    ],
)
def test_a_file_that_cannot_be_checked_is_refused_and_nothing_is_kept(
    client: Client, people: dict[str, Any], name: str, data: bytes, problem: str
) -> None:
    client.force_login(people["office"])
    response = upload(client, data, name)
    assert response.status_code == 400
    assert problem in text_of(response.content.decode())
    assert not BulletinAudit.objects.exists()


def test_a_file_over_the_limit_is_refused(
    client: Client, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(anju.bulletins.audit_store, "MAX_UPLOAD_BYTES", 1024 * 1024)
    monkeypatch.setattr("anju.web.forms.audits.MAX_UPLOAD_BYTES", 1024 * 1024)
    client.force_login(people["office"])
    response = upload(client, b"x" * (1024 * 1024 + 1), "big.txt")
    assert response.status_code == 400
    assert "通报文件：文件超过 1 MB" in text_of(response.content.decode())
    assert not BulletinAudit.objects.exists()


@pytest.mark.parametrize("username", ["deqin", "leader"])
def test_reporters_and_leaders_neither_see_nor_upload(
    client: Client, people: dict[str, Any], username: str
) -> None:
    client.force_login(people["office"])
    upload(client, SEED.read_bytes(), "seed.txt")
    audit = BulletinAudit.objects.get()
    client.force_login(people[username])
    assert client.get(LIST).status_code == 403
    assert upload(client, SEED.read_bytes(), "seed.txt").status_code == 403
    assert client.get(reverse("web:bulletin_audit", args=["533400", audit.pk])).status_code == 403
    assert BulletinAudit.objects.count() == 1


def test_an_audit_is_not_reached_through_another_units_address(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    upload(client, SEED.read_bytes(), "seed.txt")
    audit = BulletinAudit.objects.get()
    # 德钦县 is below 迪庆州, but the audit was kept for 迪庆州: not one of 德钦县's.
    url = reverse("web:bulletin_audit", args=["533422", audit.pk])
    assert client.get(url).status_code == 404


def test_the_scope_navigation_links_the_audit_page_for_its_inspectors(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["inspector"])
    html = client.get("/u/533400/2017-06/").content.decode()
    assert f'<a href="{LIST}">通报核对</a>' in html
    client.force_login(people["leader"])
    assert LIST not in client.get("/u/533400/2017-06/").content.decode()


def test_a_kept_audit_names_its_file_without_folders_and_keeps_the_extension(
    people: dict[str, Any],
) -> None:
    """Whatever name a caller hands the store, the audit keeps it as every upload is kept: no
    folder, cut from the front to fit, so the extension stays."""
    long_name = "通报" * 150 + ".txt"  # 304 characters
    audit = anju.bulletins.audit_store.bulletin_audit_upload(
        scope=Unit.objects.get(code="533400"),
        data=SEED.read_bytes(),
        filename=f"存档/2017/{long_name}",
    )
    assert audit.filename == long_name[-255:]
    assert audit.filename.endswith("通报.txt") and len(audit.filename) == 255
