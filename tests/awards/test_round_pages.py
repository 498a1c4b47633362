"""The round as the emulation office meets it: the pages, the command line and the API."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from thidua.awards.choices import RoundStep, RoundStepStatus
from thidua.awards.models import CommendationRound, Proposal, RoundStepResult

pytestmark = pytest.mark.django_db


def test_the_office_runs_a_step_from_the_page(
    client, officer, section, django_capture_on_commit_callbacks
):
    client.force_login(officer.user)
    opened = client.post(reverse("awards:round_list"), {"year": 2025, "received_on": "2026-01-15"})
    assert opened.status_code == 302 and opened["Location"].endswith("/rounds/2025/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:round_step_run", args=[2025, "ratings"]))
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()

    assert RoundStepResult.objects.get(step="ratings").status == RoundStepStatus.COMPUTED
    assert "Đã có xếp loại chính thức" in page and "Chốt bước này" in page
    assert "CSTDCS_kept" not in page and "units_over_htxs_cap" not in page

    early = client.post(reverse("awards:round_step_run", args=[2025, "titles"]), follow=True)
    assert "chưa được chốt" in early.content.decode()


def test_the_round_pages_are_for_the_office(client, org, officer):
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:round_list")).status_code == 403
    client.force_login(officer.user)
    assert client.get(reverse("awards:round_detail", args=[2024])).status_code == 404
    assert client.get(reverse("awards:round_step_verdicts", args=[2024, "nope"])).status_code == 404


def test_a_dry_run_prints_every_step_and_writes_nothing(section):
    out = StringIO()
    call_command(
        "round", "--year", "2025", "--received-on", "2026-01-15", "--json", "--dry-run", stdout=out
    )
    summary = json.loads(out.getvalue())

    assert summary["written"] is False and not CommendationRound.objects.exists()
    steps = {s["step"]: s["counts"] for s in summary["steps"]}
    assert list(steps) == [s for s in RoundStep.values if s != "proposals"]
    assert steps["titles"]["CSTDCS_eligible"] == 2 and steps["titles"]["CSTDCS_kept"] == 1
    assert [c["person"] for c in summary["capped"]] == ["Cán bộ 01"]
    assert steps["collectives"]["units"] >= 1 and "TLDTT" in steps["collectives"]
    assert summary["settings_in_force"], "a dry run says which settings it judged by"


def test_the_plain_output_reads_as_words_and_numbers(section):
    out = StringIO()
    call_command("round", "--year", "2025", "--received-on", "2026-01-15", "--dry-run", stdout=out)
    text = out.getvalue()

    assert "hồ sơ nhận 15/01/2026" in text and "2026-01-15" not in text
    assert "{" not in text and "'" not in text  # no Python dict printed
    assert "vượt trần CSTĐCS: Cán bộ 01" in text and "(chạy thử: không ghi gì)" in text


def test_the_command_runs_the_round_and_the_api_reports_it(client, officer, org, section):
    args = ["round", "--year", "2025", "--received-on", "2026-01-15", "--json", "--propose"]
    args += ["--as", officer.user.username]
    # the section leaves people unrated: the run stops at step a until the operator says so
    with pytest.raises(CommandError, match="chưa có xếp loại chính thức") as refused:
        call_command(*args, stdout=StringIO())
    assert "--accept-incomplete" in str(refused.value)  # the flag named, not the page's box
    assert RoundStepResult.objects.get(step="ratings").status == RoundStepStatus.COMPUTED
    out = StringIO()
    call_command(*args, "--accept-incomplete", stdout=out)
    summary = json.loads(out.getvalue())
    round_ = CommendationRound.objects.get(year=2025)

    assert summary["written"] is True
    assert all(
        r.status == RoundStepStatus.CONFIRMED
        for r in round_.steps.exclude(step=RoundStep.PROPOSALS)
    )
    made = Proposal.objects.filter(year=2025)
    assert made.filter(code="CSTDCS").count() == 1 and made.filter(code="LDTT").count() >= 10
    assert all(p.verdict.get("eligible") for p in made)

    client.force_login(officer.user)
    api = client.get("/api/v1/awards/rounds/2025").json()
    assert {s["step"]: s["counts"] for s in api["steps"]}["titles"]["capped"] == 1
    assert api["capped"][0]["person"] == "Cán bộ 01"
    client.force_login(org["head_a"].user)
    assert client.get("/api/v1/awards/rounds/2025").status_code == 403


def test_bad_command_input_gets_a_clear_message(section):
    with pytest.raises(CommandError, match="received-on"):
        call_command("round", "--year", "2025", "--received-on", "15/01/2026")
    with pytest.raises(CommandError, match="unknown unit"):
        call_command("round", "--year", "2025", "--unit", "KHONG-CO")
    with pytest.raises(CommandError, match="--as"):
        call_command("round", "--year", "2025", "--propose")
