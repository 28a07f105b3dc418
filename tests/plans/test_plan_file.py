"""Plans in files: the programme file's ``plan: true`` and ``plans``, and the plans file
(``anju: plans/1``) imported with ``anju import``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from anju.cli import main
from anju.plans.models import PlanVersion
from anju.plans.selectors import plan_in_force, programme_for
from anju.programmes.models import Unit

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monthly-plan"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_programme_files_plans_are_in_force_until_a_version_is_approved(
    example: None, capsys: pytest.CaptureFixture[str]
) -> None:
    puan = Unit.objects.get(code="522323")
    programme = programme_for(puan, 2019)
    assert plan_in_force(programme, puan)["pg_started"][6] == Decimal(500)
    status, out, err = run(capsys, "import", str(EXAMPLE / "plans-2019-revision.yaml"))
    assert (status, err) == (0, "")
    assert "已导入 1 个单位的月工作目标" in out
    assert plan_in_force(programme, puan)["pg_started"][6] == Decimal(420)
    version = PlanVersion.objects.get(unit=puan)
    assert (version.status, version.channel, version.created_by) == ("approved", "file", None)
    assert version.reason.startswith("受雨季影响")
    # May's goal is the same in both: the table of May is unchanged.
    _, tables, _ = run(capsys, "tables", "--unit", "522300", "--period", "2019-05")
    assert tables == (EXAMPLE / "tables.txt").read_text(encoding="utf-8")


def test_a_bad_plans_file_names_file_line_and_month_and_changes_nothing(
    example: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plans.yaml"
    path.write_text(
        "anju: plans/1\n"
        "programme: qxn-2019-plans\n"
        "plans:\n"
        "  '522323':\n"
        "    pg_started:\n"
        "      3: 80\n"
        "      4: 60\n"
        "      12: 900\n"
        "  '522325':\n"
        "    pg_started:\n"
        "      5: 二百\n"
        "  '999999':\n"
        "    pg_started: {1: 1}\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "import", str(path))
    assert status == 2
    assert [line.removeprefix("anju: ") for line in err.splitlines()] == [
        f"{path}:12: plans.999999: 单位代码“999999”不存在",
        f"{path}:7: plans.522323.pg_started.4: 棚户区改造开工数 4月：累计计划数 60套 小于 3月的 "
        "80套，累计计划应逐月不减",
        f"{path}:8: plans.522323.pg_started.12: 棚户区改造开工数 12月：计划数 900套 超过年度任务 "
        "800套；如确需超过，请在说明中写明理由",
        f"{path}:11: plans.522325.pg_started.5: 棚户区改造开工数 5月：“二百”含有无法识别的数字，"
        "请用0-9填写不小于0的整数（套）",
    ]
    assert not PlanVersion.objects.exists()


def test_the_export_keeps_plan_true_and_is_stable(
    example: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, first, _ = run(capsys, "export", "--programme", "qxn-2019-plans")
    assert status == 0
    assert "  plan: true\n" in first
    again = tmp_path / "again.yaml"
    again.write_text(first, encoding="utf-8")
    assert run(capsys, "import", str(again))[0] == 0
    assert run(capsys, "export", "--programme", "qxn-2019-plans")[1] == first


def test_the_programme_files_plans_are_checked_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (EXAMPLE / "programme.yaml").read_text(encoding="utf-8")
    text = text.replace("5: 350, 6: 500", "5: 150, 6: 500").replace(
        "11: 3200, 12: 3200", "11: 3200, 12: 3300"
    )
    path = tmp_path / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "import", str(path))
    assert status == 2
    lines = [line.removeprefix("anju: ") for line in err.splitlines()]
    lines_of_file = text.splitlines()
    plans = lines_of_file.index("plans:")
    xingyi = lines_of_file.index("  '522301':", plans) + 2
    puan = lines_of_file.index("  '522323':", plans) + 2
    assert lines == [
        f"{path}:{xingyi}: plans.522301.pg_started[12]: 棚户区改造开工数 12月：计划数 3300套 "
        "超过年度任务 3200套；如确需超过，请改用 plans/1 文件导入并在 reason 中写明理由",
        f"{path}:{puan}: plans.522323.pg_started[5]: 棚户区改造开工数 5月：累计计划数 150套 "
        "小于 4月的 200套，累计计划应逐月不减",
    ]


def test_a_plans_file_may_not_plan_a_unit_outside_the_programme(
    example: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plans.yaml"
    path.write_text(
        "anju: plans/1\nprogramme: qxn-2019-plans\nplans:\n  '533422':\n"
        "    pg_started: {12: 250}\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "import", str(path))
    assert status == 2
    assert err.removeprefix("anju: ") == f"{path}:4: plans.533422: 德钦县不在黔西南州的计划范围内\n"
    assert not PlanVersion.objects.exists()
