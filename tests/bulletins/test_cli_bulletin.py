"""``anju bulletin``: four files in one step, or a one-line error and nothing written."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest

from anju.bulletins.models import Bulletin, BulletinFile
from anju.bulletins.render import FORMATS
from anju.cli import main
from anju.reporting.models import Report

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


# --- anju issue, and the files of an issued month ---------------------------------------------

ISSUE = ["issue", "--unit", "迪庆州", "--period", "2017-06", "--number", "12"]


def test_issue_then_bulletin_writes_the_issued_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, *ISSUE, "--date", "2017-07-10")
    assert (status, err) == (0, "")
    assert out.startswith("已印发 迪庆安居办〔2017〕12号（2017年7月10日）：各格式文件已存档")
    folder = tmp_path / "issued" / "2017-06"  # made for the files
    status, out, err = run(
        capsys, "bulletin", "--unit", "迪庆州", "--period", "2017-06", "--out", str(folder)
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [str(folder / f"{BASE}.{fmt}") for fmt in FORMATS]
    html = (folder / f"{BASE}.html").read_text(encoding="utf-8")
    assert "迪庆安居办〔2017〕12号" in html
    assert "2017年7月10日" in html
    assert "草稿" not in html
    # The very files archived at issue, byte for byte.
    archived = {f.format: bytes(f.content) for f in BulletinFile.objects.all()}
    assert {fmt: (folder / f"{BASE}.{fmt}").read_bytes() for fmt in FORMATS} == archived
    # Issued once: a second issue is refused and changes nothing.
    status, out, err = run(capsys, *ISSUE, "--date", "2017-07-11")
    assert (status, out, err) == (2, "", "anju: 通报已印发\n")
    assert Bulletin.objects.get().date == datetime.date(2017, 7, 10)


def test_units_not_reviewed_need_include_unreviewed(capsys: pytest.CaptureFixture[str]) -> None:
    Report.objects.filter(period__month=6, unit__name="德钦县").update(
        status=Report.Status.SUBMITTED
    )
    status, out, err = run(capsys, *ISSUE, "--date", "2017-07-10")
    assert (status, out) == (2, "")
    assert err == "anju: 以下单位本月的报表尚未审核，通报中将没有它们的数据：德钦县\n"
    assert not Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exists()
    status, out, err = run(capsys, *ISSUE, "--date", "2017-07-10", "--include-unreviewed")
    assert (status, err) == (0, "")
    assert Bulletin.objects.get().status == Bulletin.Status.ISSUED


def test_issue_refuses_a_number_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["issue", "--unit", "迪庆州", "--period", "2017-06", "--number", "0"]
    status, out, err = run(capsys, *args, "--date", "2017-07-10")
    assert (status, out, err) == (2, "", "anju: 文号应为1到1000000之间的整数\n")
    assert not Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exists()


def test_issue_needs_a_number_and_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["issue", "--unit", "迪庆州", "--period", "2017-06", "--number", "12"])
    assert "--date" in capsys.readouterr().err
