"""``anju audit``: text or JSON; exit 0 nothing flagged, 1 something flagged, 2 unreadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit_documents import FIXTURES

from anju.cli import main

SEED = str(FIXTURES / "diqing-2017-06-bulletin.txt")


def test_json_has_the_shape_the_issue_gives(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "json", SEED]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"file", "checked", "findings"}
    assert data["checked"] == 45
    assert list(data["findings"][0]) == [
        "severity",
        "kind",
        "where",
        "unit",
        "printed",
        "expected",
        "cause",
        "message",
    ]
    assert data["findings"][0]["printed"] == "95.13"


def test_text_names_the_error_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", SEED]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("核对 45 个推算数；错误 1，警告 0，提示 11")
    assert lines[1] == "  [错误] 附件3 第2行（德钦县） 分配入住比例（%）：印作 95.13，应为 95.14"


def test_notes_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("截止6月底，开工顺利。\n", encoding="utf-8")
    assert main(["audit", str(path)]) == 0


@pytest.mark.parametrize(
    ("name", "content"), [("x.docx", b"not a zip"), ("x.doc", b""), ("none.txt", None)]
)
def test_an_unreadable_file_exits_2_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["audit", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"anju: {path}: ")
