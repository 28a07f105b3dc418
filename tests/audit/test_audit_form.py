"""公文校对: the conventions offices get wrong come back as notes, never errors."""

from __future__ import annotations

from pathlib import Path

from anju.audit import Severity, audit_file


def test_form_notes(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(
        "一、总体情况\n"
        "截止6月底,全市按(试行)办法推进，依据云建保[2017]12号文件。\n"
        "附件：1、开工情况表\n"
        "2、投资情况表\n",
        encoding="utf-8",
    )
    result = audit_file(path)
    assert {f.severity for f in result.findings} == {Severity.NOTE}
    assert [(f.printed, f.expected) for f in result.findings] == [
        ("截止", "截至"),
        ("[2017]12号", "〔2017〕12号"),
        (",(试行)", "全角标点"),
        ("2、", "2."),
    ]


def test_a_clean_text_has_no_notes(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(
        "截至2017年6月底，全市推进顺利（详见附件）。\n附件：1.开工情况表\n", encoding="utf-8"
    )
    assert audit_file(path).findings == []
