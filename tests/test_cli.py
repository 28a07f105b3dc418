"""The ``anju`` command as a user runs it: output, formats and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from anju.cli import main

pytestmark = pytest.mark.django_db(transaction=False)

DEMO = ["tables", "--unit", "迪庆州", "--period", "2017-06"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_tables_text_prints_the_seed_attachments(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, *DEMO)
    assert (status, err) == (0, "")
    lines = [line.split() for line in out.splitlines()]
    assert ["香格里拉市", "2000", "1241", "62.05%", "1"] in lines
    assert ["合", "计", "3725", "172", "4.6", "16267.62"] in lines
    assert ["5", "州本级", "3558", "3584", "新增40套退出95套", "1332", "37.17"] in lines
    assert ["合", "计", "14851", "14680", "净增19套", "9384", "63.92"] in lines
    assert "注：开发区无下达任务，不参与排序。" in out


def test_tables_by_code_is_the_same_as_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    by_name = run(capsys, *DEMO)[1]
    assert run(capsys, "tables", "--unit", "533400", "--period", "2017-06")[1] == by_name


def test_json_carries_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, *DEMO, "--format", "json")
    data = json.loads(out)
    assert status == 0
    first, second, third = data["attachments"]
    assert [r["unit"] for r in first["rows"]] == ["香格里拉市", "德钦县", "维西县"]
    assert first["rows"][1]["cells"]["rate"] == {"text": "61.20%", "value": "61.20"}
    assert first["total"]["cells"]["rate"]["value"] == "61.58"
    assert second["total"]["cells"]["invest"] == {"text": "16267.62", "value": "16267.62"}
    assert second["rank_column_empty"] is True
    assert [(r["rank"], r["unit"], r["cells"]["rate"]["text"]) for r in third["rows"]] == [
        (1, "维西县", "88.14"),
        (2, "德钦县", "95.14"),
        (3, "香格里拉市", "52.48"),
        (4, "开发区", "31.06"),
        (5, "州本级", "37.17"),
    ]
    assert third["total"]["cells"]["new"]["text"] == "净增19套"
    assert '"香格里拉市"' in out  # UTF-8, not \\u escapes


def test_csv_carries_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, *DEMO, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    cell = {(r["attachment"], r["unit"], r["column"]): r for r in rows}
    assert status == 0
    assert cell[("1", "维西县", "rate")]["text"] == "61.02%"
    assert cell[("1", "合  计", "task")]["value"] == "3725"
    assert cell[("2", "开发区", "invest")]["value"] == "712.62"
    assert cell[("2", "开发区", "task")]["text"] == ""
    assert cell[("3", "德钦县", "rate")]["value"] == "95.14"
    assert cell[("3", "州本级", "rank")]["rank"] == "5"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--unit", "北京市", "--period", "2017-06"],
            "anju: 找不到单位“北京市”（可用单位名称或代码）",
        ),
        (
            ["--unit", "迪庆州", "--period", "2017-07"],
            "anju: 2017年迪庆州城镇保障性安居工程没有 2017年7月 的填报",
        ),
        (["--unit", "迪庆州", "--period", "2016-06"], "anju: 2016年没有覆盖“迪庆州”的计划"),
        (
            ["--unit", "迪庆州", "--period", "June"],
            "anju: “June”不是月份，请写作 YYYY-MM，例如 2017-06",
        ),
    ],
)
def test_errors_are_one_line_and_exit_non_zero(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "tables", *args)
    assert (status, out, err) == (2, "", message + "\n")


def test_bad_arguments_exit_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["tables", "--unit", "迪庆州", "--period", "2017-06", "--format", "pdf"])
    assert exit_.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_import_of_a_malformed_file_is_one_message_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("anju: programme/1\ncode: x\nyear: 1999\n", encoding="utf-8")
    status, out, err = run(capsys, "import", str(path))
    assert status == 2
    assert out == ""
    assert f"anju: {path}:3: year: 应为 2000 到 2100 之间的整数" in err.splitlines()
    assert f"anju: {path}:1: name: 必须填写" in err.splitlines()


def test_export_writes_the_programme(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "out.yaml"
    status, out, _ = run(capsys, "export", "--programme", "diqing-2017", "--out", str(out_file))
    assert (status, out) == (0, f"{out_file}\n")
    assert "name: 香格里拉市" in out_file.read_text(encoding="utf-8")
