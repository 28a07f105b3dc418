"""``anju bulletin``: four files in one step, or a one-line error and nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from anju.cli import main

pytestmark = pytest.mark.django_db

BASE = "迪庆州2017年6月通报"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_writes_every_format_and_prints_the_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(
        capsys,
        "bulletin",
        "--unit",
        "迪庆州",
        "--period",
        "2017-06",
        "--out",
        str(tmp_path),
        "--number",
        "12",
        "--date",
        "2017-07-05",
    )
    assert (status, err) == (0, "")
    expected = [tmp_path / f"{BASE}.{fmt}" for fmt in ("docx", "pdf", "xlsx", "html")]
    assert out.splitlines() == [str(path) for path in expected]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in expected)
    html = (tmp_path / f"{BASE}.html").read_text(encoding="utf-8")
    assert "迪庆安居办〔2017〕12号" in html
    assert "全州城镇保障性安居工程开工2294套，开工率为61.58%" in html
    assert (tmp_path / f"{BASE}.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.is_zipfile(tmp_path / f"{BASE}.docx")
    assert zipfile.is_zipfile(tmp_path / f"{BASE}.xlsx")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--unit", "大理州", "--period", "2017-06"],
            "anju: 找不到单位“大理州”（可用单位名称或代码）",
        ),
        (
            ["--unit", "迪庆州", "--period", "2017-08"],
            "anju: 2017年迪庆州城镇保障性安居工程没有 2017年8月 的填报",
        ),
    ],
)
def test_unknown_unit_or_month_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "bulletin", *args, "--out", str(tmp_path))
    assert (status, out, err) == (2, "", message + "\n")
    assert list(tmp_path.iterdir()) == []


def test_a_month_without_reviewed_figures_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from anju.programmes.models import Programme
    from anju.reporting.services import period_open

    period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    status, out, err = run(
        capsys, "bulletin", "--unit", "533400", "--period", "2017-07", "--out", str(tmp_path)
    )
    assert (status, out, err) == (2, "", "anju: 迪庆州2017年7月没有已审核的填报数据\n")
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_is_not_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    status, out, err = run(
        capsys, "bulletin", "--unit", "迪庆州", "--period", "2017-06", "--out", str(target)
    )
    assert (status, out, err) == (2, "", f"anju: 输出目录“{target}”不存在或不是目录\n")
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_a_failed_write_leaves_nothing_half_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = Path.replace
    calls = {"n": 0}

    def failing_replace(self: Path, target: Path) -> Path:  # the disk fills up midway
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    status, _, err = run(
        capsys, "bulletin", "--unit", "迪庆州", "--period", "2017-06", "--out", str(tmp_path)
    )
    assert status == 2
    assert "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_date_is_refused_by_the_argument_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(
            [
                "bulletin",
                "--unit",
                "迪庆州",
                "--period",
                "2017-06",
                "--out",
                ".",
                "--date",
                "2017-13-01",
            ]
        )
    assert "“2017-13-01”不是日期，请写作 YYYY-MM-DD" in capsys.readouterr().err
