"""`thidua eligibility FILE.json`: the command's core `run()` and its exit code on bad input."""

import json
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from thidua.awards.management.commands.eligibility import Command, run

from .helpers import initiative, person, year

pytestmark = pytest.mark.django_db

HISTORY = person(
    year(2024, "HTXS", ["LDTT", "CSTDCS"]), year(2025, "HTXS", initiatives=initiative())
)


def write(tmp_path, data, name="history.json") -> str:
    path = tmp_path / name
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    return path


def test_one_history_is_judged_for_its_latest_year(tmp_path):
    out = run(write(tmp_path, HISTORY), received_on="2026-01-15")
    verdicts = json.loads(out)
    assert [v["code"] for v in verdicts][:2] == ["LDTT", "CSTDCS"]
    assert verdicts[1]["eligible"] is True
    assert "Chiến sĩ thi đua cơ sở" in out  # Vietnamese printed as is, not \u escapes


def test_a_wrapped_history_carries_its_year_receipt_date_and_settings(tmp_path):
    wrapped = {
        "year": 2025,
        "received_on": "2026-10-01",
        "history": person(year(2025, "HTXS")),
        "settings": {"versions": {"CSTDCS": "luat-2022"}},
    }
    verdicts = {v["code"]: v for v in json.loads(run(write(tmp_path, wrapped)))}
    assert verdicts["CSTDCS"]["rule_version"] == "luat-2022"
    assert verdicts["CSTDCS"]["eligible"] is True


def test_options_win_over_the_file(tmp_path):
    wrapped = {"year": 2025, "received_on": "2026-01-15", "history": person(year(2025, "HTXS"))}
    settings = write(tmp_path, {"rules": {"GK": {"enabled": False}}}, "settings.json")
    out = run(write(tmp_path, wrapped), received_on="2026-10-01", settings_path=settings)
    verdicts = {v["code"]: v for v in json.loads(out)}
    assert verdicts["CSTDCS"]["rule_version"] == "luat-2026"
    assert verdicts["GK"]["eligible"] is False


def test_the_receipt_date_defaults_to_today(tmp_path):
    out = run(write(tmp_path, HISTORY), today=date(2026, 10, 2))
    assert {v["code"]: v for v in json.loads(out)}["CSTDCS"]["rule_version"] == "luat-2026"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ({"subject": "individual", "years": [{"year": 2025, "rating": "XS"}]}, "years[0].rating"),
        ({"subject": "individual", "years": []}, "Chưa có năm xét"),
        ({"history": {}, "year": 2025, "recieved_on": "2026-01-01"}, "recieved_on"),
    ],
    ids=["bad-json", "history-error", "no-year", "unknown-wrapper-field"],
)
def test_bad_input_exits_with_code_2_and_a_clear_message(tmp_path, content, message):
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, content), received_on="2026-01-15")
    assert caught.value.returncode == 2
    assert message in str(caught.value)


def test_a_missing_file_or_bad_date_exits_with_code_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(tmp_path / "missing.json")
    assert caught.value.returncode == 2 and "Không đọc được tệp" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, HISTORY), received_on="15/01/2026")
    assert caught.value.returncode == 2 and "YYYY-MM-DD" in str(caught.value)


def test_the_command_prints_what_run_returns(tmp_path):
    stdout = StringIO()
    path = write(tmp_path, HISTORY)
    Command(stdout=stdout).handle(
        file=path, year=2025, received_on="2026-01-15", agency_settings=None
    )
    assert json.loads(stdout.getvalue()) == json.loads(run(path, received_on="2026-01-15"))


@pytest.mark.skipif(
    not apps.is_installed("thidua.awards"), reason="thidua.awards is not in INSTALLED_APPS yet"
)
def test_the_thidua_console_command_exits_2_on_bad_input(tmp_path):
    good = write(tmp_path, HISTORY)
    bad = write(tmp_path, {"years": []}, "bad.json")
    command = [sys.executable, "-m", "thidua.cli", "eligibility"]
    ok = subprocess.run([*command, str(good), "--received-on", "2026-01-15"], capture_output=True)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)[0]["code"] == "LDTT"
    settings = write(tmp_path, {"rules": {"GK": {"enabled": False}}}, "settings.json")
    pinned = subprocess.run(
        [*command, str(good), "--received-on", "2026-01-15", "--agency-settings", str(settings)],
        capture_output=True,
    )
    assert pinned.returncode == 0, pinned.stderr
    assert {v["code"]: v for v in json.loads(pinned.stdout)}["GK"]["eligible"] is False
    failed = subprocess.run([*command, str(bad), "--year", "2025"], capture_output=True)
    assert failed.returncode == 2
    assert "subject" in failed.stderr.decode()


def test_the_agency_settings_in_force_apply_unless_a_file_is_given(tmp_path, officer):
    from thidua.awards.services.settings import eligibility_settings_save

    eligibility_settings_save(
        actor=officer.user,
        valid_from=date(2026, 1, 1),
        values={"rules": {"CSTDCS": {"combine": "and"}}},
        reason="Quy chế thi đua của Bộ",
    )
    path = write(tmp_path, HISTORY)

    in_force = {
        v["code"]: v for v in json.loads(run(path, year=2025, received_on=date(2026, 1, 15)))
    }
    given = {
        v["code"]: v
        for v in json.loads(
            run(
                path,
                year=2025,
                received_on=date(2026, 1, 15),
                settings_path=write(tmp_path, {}, "s.json"),
            )
        )
    }

    assert any("combine = and" in r for r in in_force["CSTDCS"]["reasons"])
    assert not any("combine" in r for r in given["CSTDCS"]["reasons"])
