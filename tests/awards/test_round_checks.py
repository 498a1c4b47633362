"""Points of issue 11 the other round tests left unproved: the HTXS caps of steps a. and b.
and the cap base setting, the Party levels setting of step e., proposals made from the round
per title and per unit with the office's reason carried to the proposal (step g.), and the
command for one unit."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from thidua.awards.choices import RoundStep
from thidua.awards.history import collective_facts
from thidua.awards.models import Proposal, RoundVerdict
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AgencySetting
from thidua.emulation.choices import RatingLevel, RatingStatus
from thidua.emulation.models import UnitRating
from thidua.org.models import PartyBodyRating

from ..factories import PartyOrganizationFactory, PersonFactory
from .conftest import rate
from .test_round import run, run_and_confirm

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)


def _start(officer):
    return services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)


# ---------------------------------------------------------------- a. the HTXS cap base


def test_the_ratings_step_lists_a_department_over_the_htxs_cap_on_the_base_in_force(
    officer, org, section
):
    # Cục B: 2 rated HTXS and 8 HTT; 20 % of the 10 rated HTT or HTXS is 2, of the 8 HTT 1
    outcome = services.round_step_compute(round_=_start(officer), step=RoundStep.RATINGS)
    assert outcome.counts["units_over_htxs_cap"] == 0
    assert outcome.details["htxs_cap"] == {"base": "htt_and_htxs", "percent": 20}

    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.htxs_cap_base",
        value="htt_only",
        reason="Thử",
    )
    outcome = services.round_step_compute(round_=_start(officer), step=RoundStep.RATINGS)
    assert outcome.counts["units_over_htxs_cap"] == 1
    assert outcome.details["over_htxs_cap"] == [{"unit": "Cục B", "htxs": 2, "cap": 1, "base": 8}]


# ---------------------------------------------------------------- b. the units' HTXS cap


def _unit_rating(unit, level):
    UnitRating.objects.create(
        unit=unit,
        year=2025,
        score=Decimal(92),
        tasks_total=10,
        tasks_done=10,
        tasks_on_time=10,
        tasks_exceeding=3,
        level=level,
        status=RatingStatus.APPROVED,
    )


def test_the_unit_ratings_step_counts_the_units_over_their_htxs_cap(officer, org):
    # fewer than five units rated: at most one HTXS (NĐ 233 art. 7)
    _unit_rating(org["sec_a"], RatingLevel.HTXS)
    _unit_rating(org["sec_b"], RatingLevel.HTXS)
    _unit_rating(org["dept_a"], RatingLevel.HTT)
    outcome = services.round_step_compute(round_=_start(officer), step=RoundStep.UNIT_RATINGS)
    assert outcome.counts["levels"] == {"HTT": 1, "HTXS": 2}
    assert (outcome.counts["htxs_cap"], outcome.counts["over_htxs_cap"]) == (1, 1)


# ---------------------------------------------------------------- e. the Party levels setting


def test_which_party_levels_count_as_clean_is_the_agencys_setting(org):
    body = PartyOrganizationFactory(unit=org["dept_a"], valid_from=date(2020, 1, 1))
    PartyBodyRating.objects.create(body=body, year=2025, level="HTT", decided_on=date(2026, 1, 5))
    assert collective_facts(year=2025, unit_ids=[org["dept_a"].pk])[
        org["dept_a"].pk
    ].clean_party_org

    setting_override(
        actor=SYSTEM, key="awards.party_clean_levels", value=["HTXS"], reason="Quy chế cơ quan"
    )
    facts = collective_facts(year=2025, unit_ids=[org["dept_a"].pk])[org["dept_a"].pk]
    assert facts.clean_party_org is False


# ---------------------------------------------------------------- g. proposals from the round


def _round_through_chains(officer, section):
    """Steps a.–f. confirmed, the capped CSTĐCS kept by the office with a reason."""
    round_ = _start(officer)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    capped = RoundVerdict.objects.get(round=round_, code="CSTDCS", capped=True)
    services.round_verdict_choose(
        actor=officer.user, verdict=capped, keep=True, reason="Sáng kiến áp dụng toàn Bộ"
    )
    services.round_step_confirm(actor=officer.user, round_=round_, step=RoundStep.TITLES)
    run_and_confirm(round_, [RoundStep.COLLECTIVES, RoundStep.FLAGS, RoundStep.CHAINS])
    return round_, capped.person


def test_proposals_are_refused_before_the_last_step_is_confirmed(officer, section):
    round_ = _start(officer)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    with pytest.raises(ValidationError) as caught:
        services.round_propose(actor=officer.user, round_=round_)
    assert "chưa được chốt" in caught.value.messages[0]
    assert not Proposal.objects.exists()


def test_one_click_per_title_then_per_unit_carries_the_verdict_and_the_offices_reason(
    client, officer, org, section
):
    rate(org["colleague_a"], dict.fromkeys(range(2021, 2026), RatingLevel.HTT))  # Cục A
    round_, kept = _round_through_chains(officer, section)
    client.force_login(officer.user)
    url = reverse("awards:round_propose", args=[2025])

    answer = client.post(url, {"code": "CSTDCS"})
    assert answer.status_code == 302
    made = Proposal.objects.filter(year=2025)
    # the one within the cap and the one the office kept over it, nothing else
    assert set(made.values_list("code", flat=True)) == {"CSTDCS"}
    assert set(made.values_list("person_id", flat=True)) == {section[0].pk, section[1].pk}
    over_cap = made.get(person=kept)
    assert over_cap.override_reason == "Sáng kiến áp dụng toàn Bộ"
    assert over_cap.verdict["eligible"] and over_cap.verdict["reasons"]
    assert "Xét trong đợt xét khen thưởng năm 2025" in over_cap.verdict["settings_note"]
    page = client.get(reverse("awards:proposal_detail", args=[over_cap.pk])).content.decode()
    assert "Sáng kiến áp dụng toàn Bộ" in page

    client.post(url, {"unit": org["dept_b"].pk})  # Cục B's kept verdicts only
    ldtt = Proposal.objects.filter(year=2025, code="LDTT")
    assert set(ldtt.values_list("person_id", flat=True)) == {p.pk for p in section}
    assert RoundVerdict.objects.get(round=round_, code="LDTT", person=org["colleague_a"]).kept
    assert not Proposal.objects.filter(person=org["colleague_a"]).exists()
    # every proposal is linked back to the verdict it came from
    linked = RoundVerdict.objects.filter(round=round_, proposal__isnull=False).count()
    assert linked == Proposal.objects.filter(year=2025).count()


# ---------------------------------------------------------------- 7. the command for one unit


def test_the_command_for_one_unit_counts_only_its_people(org, section):
    PersonFactory(unit=org["sec_a"], full_name="Người ở Phòng A1")
    out = StringIO()
    call_command(
        "round",
        "--year",
        "2025",
        "--received-on",
        "2026-01-15",
        "--unit",
        "CB-P1",
        "--json",
        "--dry-run",
        stdout=out,
    )
    steps = {s["step"]: s["counts"] for s in json.loads(out.getvalue())["steps"]}
    # Phòng B1: the ten people of the section and Đỗ Minh Châu (not rated)
    assert steps["ratings"]["people"] == 11 and steps["ratings"]["missing"] == 1
    assert steps["titles"]["people"] == 11 and steps["titles"]["LDTT"] == 10


def test_the_offices_reason_on_an_eligible_verdict_is_kept_a_heads_is_not(org, officer):
    from .test_proposals_bulk import bulk, item

    steady, other = org["colleague_a"], org["staff_a"]
    by_office = bulk(officer.user, [item(steady, override_reason="Giữ vượt trần: sáng kiến")])
    assert (by_office[0].override, by_office[0].override_reason) == (
        True,
        "Giữ vượt trần: sáng kiến",
    )
    assert by_office[0].override_by == officer.user
    by_head = bulk(org["head_a"].user, [item(other, override_reason="Không cần")])
    assert (by_head[0].override, by_head[0].override_reason) == (False, "")


# ---------------------------------------------------------------- settings shown in words


def test_the_round_page_shows_the_caps_applied_with_their_basis_and_mark(client, officer, section):
    round_ = _start(officer)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    client.force_login(officer.user)

    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    # step c.: the CSTĐCS cap of the old decree, marked as a reading to check
    assert "Nghị định 91/2017/NĐ-CP (quy định cũ)" in page and "15 %" in page
    assert "chưa xác minh, cần đối chiếu văn bản chính thức" in page and "trí nhớ" not in page
    # step a.: the HTXS cap and the base it is counted on
    assert "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6" in page and "20 %" in page
    assert "awards.cstdcs_cap_share" not in page and "htt_and_htxs" not in page

    verdicts = client.get(reverse("awards:round_step_verdicts", args=[2025, "titles"]))
    assert "Thiết lập xét khen thưởng: mặc định theo luật" in verdicts.content.decode()


def test_a_cap_dropping_everyone_names_the_setting_in_words(officer, section):
    setting_override(
        actor=SYSTEM,
        valid_from=date(2020, 1, 1),
        key="awards.cstdcs_cap_share",
        value=0,
        reason="Thử",
    )
    round_ = _start(officer)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    result, _job = run(round_, RoundStep.TITLES)
    assert "“Trần Chiến sĩ thi đua cơ sở”" in result.error
    assert "awards." not in result.error


def test_earlier_settings_are_listed_in_words_not_codes(client, officer):
    from thidua.awards.services.settings import eligibility_settings_save

    eligibility_settings_save(
        actor=officer.user,
        valid_from=date(2026, 1, 1),
        values={
            "rules": {
                "MIN_MONTHS": {"min_months": 10},
                "CSTD_BO": {"initiative_window": "run"},
            },
            "more_favourable": False,
        },
        reason="Quy chế mới",
    )
    client.force_login(officer.user)
    page = client.get(reverse("awards:eligibility_settings")).content.decode()
    # The "earlier settings" section, after its heading (the settings above it fold by title,
    # one table each); the heading is there once.
    assert page.count("<h2>Các lần thay đổi cấu hình</h2>") == 1
    earlier = page.split("<h2>Các lần thay đổi cấu hình</h2>")[1]

    assert "Quy chế mới" in earlier
    assert "Năm làm việc quá ít tháng không được tính — Số tháng làm việc tối thiểu" in earlier
    assert "bất kỳ lúc nào trong chuỗi CSTĐCS liên tục" in earlier
    for code in ("MIN_MONTHS", "min_months", "CSTD_BO", "initiative_window", "run<"):
        assert code not in earlier


# ---------------------------------------------------------------- 3. no fork in a request


def test_web_requests_judge_in_their_own_process_and_the_round_job_shows_progress(
    client, officer, org, histories, monkeypatch
):
    from thidua.awards.selectors import registry

    asked: list[int] = []
    split = registry.split

    def recording(people, processes, **kwargs):
        asked.append(processes)
        return split(people, processes, **kwargs)

    monkeypatch.setattr(registry, "split", recording)
    client.force_login(officer.user)
    dates = {"year": 2025, "received_on": "2026-01-15"}
    star = histories["star"]
    assert client.get(reverse("awards:review_page"), dates).status_code == 200
    assert client.get("/api/v1/awards/review", dates).status_code == 200
    picked = {**dates, "pick": f"{star.pk}:LDTT"}
    assert client.post(reverse("awards:review_propose"), picked).status_code == 302
    body = {**dates, "picks": [{"person_id": star.pk, "code": "CSTDCS"}]}
    answer = client.post("/api/v1/awards/review/propose", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert asked == [1, 1, 1, 1]  # never split across forked processes

    # a step is a background job: queued, not run, by the request; its page polls progress
    round_ = _start(officer)
    job = services.round_step_run(actor=officer.user, round_=round_, step=RoundStep.RATINGS)
    job.progress_done, job.progress_total = 3, 12
    job.save(update_fields=["progress_done", "progress_total"])
    partial = client.get(reverse("awards:round_job", args=[2025])).content.decode()
    assert '<progress value="3" max="12"' in partial and "hx-trigger" in partial


# ---------------------------------------------------------------- 9. a cap setting out of range


@pytest.mark.parametrize(
    ("key", "value", "step", "said"),
    [
        ("awards.cstdcs_cap_share", 1.5, RoundStep.TITLES, "Trần Chiến sĩ thi đua cơ sở"),
        ("awards.cstdcs_cap_share", "mười lăm", RoundStep.TITLES, "Trần Chiến sĩ thi đua cơ sở"),
        ("awards.htxs_cap_base", "htxs_only", RoundStep.RATINGS, "Căn cứ tính trần HTXS"),
    ],
)
def test_a_cap_setting_out_of_range_fails_the_step_with_a_clear_message(
    officer, section, key, value, step, said
):
    from thidua.core.choices import JobStatus

    round_ = _start(officer)
    if step == RoundStep.TITLES:
        run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    # a value stored before the settings were checked (setting_override now refuses it)
    AgencySetting.objects.update_or_create(
        key=key, valid_from=date(2000, 1, 1), defaults={"value": value, "reason": "Nhập nhầm"}
    )
    result, job = run(round_, step)

    assert (result.status, job.status) == ("failed", JobStatus.FAILED)
    assert said in result.error and "đề nghị quản trị hệ thống sửa lại" in result.error
    assert not RoundVerdict.objects.filter(round=round_).exists()


# ---------------------------------------------------------------- 3. each step's verdicts


def test_the_step_page_shows_who_is_capped_and_why_and_the_office_keeps_one_with_a_reason(
    client, officer, section
):
    round_ = _start(officer)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    client.force_login(officer.user)
    url = reverse("awards:round_step_verdicts", args=[2025, "titles"])

    capped = client.get(url, {"show": "capped"}).content.decode()
    assert "Cán bộ 01" in capped and "đủ điều kiện nhưng vượt trần" in capped
    assert "Cán bộ 00" not in capped and "Cán bộ 02" not in capped
    eligible = client.get(url, {"show": "eligible", "code": "CSTDCS"}).content.decode()
    assert "Cán bộ 00" in eligible and "✓" in eligible  # the reasons, as the engine gave them

    row = RoundVerdict.objects.get(round=round_, code="CSTDCS", capped=True)
    choose = reverse("awards:round_verdict_choose", args=[row.pk])
    refused = client.post(choose, {"keep": "1", "reason": "  "}, follow=True)
    row.refresh_from_db()
    assert not row.kept and refused.status_code == 200
    client.post(choose, {"keep": "1", "reason": "Sáng kiến áp dụng toàn Bộ"})
    row.refresh_from_db()
    assert row.kept and row.override_reason == "Sáng kiến áp dụng toàn Bộ"
    again = client.get(url, {"show": "capped"}).content.decode()
    assert (
        "Lý do của bộ phận thi đua – khen thưởng" in again and "Sáng kiến áp dụng toàn Bộ" in again
    )
    detail = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert "Sáng kiến áp dụng toàn Bộ" in detail  # among the office's choices
