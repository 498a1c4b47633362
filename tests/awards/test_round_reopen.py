"""A round step locked with its facts incomplete, and reopened: confirming past people without
a final rating needs the office's acknowledgment naming how many; a confirmed step is reopened
with a written reason (audited, shown in the round's history), empties the later steps that
rest on it, and its re-run takes in a rating approved after the lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.awards.choices import AwardsAudit, RoundStep, RoundStepStatus
from thidua.awards.models import RoundStepResult, RoundVerdict
from thidua.awards.services import round as services
from thidua.core.models import AuditEvent
from thidua.emulation.choices import RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating
from thidua.org.models import Person

from .test_round import RECEIVED, run, run_and_confirm

pytestmark = pytest.mark.django_db


def _status(round_, step) -> str:
    return RoundStepResult.objects.get(round=round_, step=step).status


def _unrated(year: int) -> Person:
    final = AnnualRating.objects.filter(year=year, status=RatingStatus.PUBLISHED)
    return (
        Person.objects.filter(is_active=True)
        .exclude(pk__in=final.values("person_id"))
        .order_by("pk")
        .first()
    )


def test_locking_the_ratings_with_people_unrated_needs_an_acknowledgment_naming_them(
    officer, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    result, _job = run(round_, RoundStep.RATINGS)
    missing = result.counts["missing"]
    assert missing > 0

    with pytest.raises(ValidationError) as refused:
        services.round_step_confirm(actor=officer.user, round_=round_, step=RoundStep.RATINGS)
    assert f"{missing} người chưa có xếp loại chính thức" in refused.value.messages[0]
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.COMPUTED

    services.round_step_confirm(
        actor=officer.user, round_=round_, step=RoundStep.RATINGS, incomplete_ok=True
    )
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.CONFIRMED
    event = AuditEvent.objects.get(action=AwardsAudit.ROUND_STEP_CONFIRMED)
    assert event.data["gaps"] == {"people_unrated": missing}


def test_the_page_asks_for_the_acknowledgment_before_locking(client, officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    result, _job = run(round_, RoundStep.RATINGS)
    client.force_login(officer.user)
    url = reverse("awards:round_step_confirm", args=[2025, RoundStep.RATINGS])

    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert f"{result.counts['missing']} người chưa có xếp loại chính thức" in page
    assert 'name="incomplete_ok"' in page
    refused = client.post(url, follow=True).content.decode()
    assert "Chưa chốt" in refused
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.COMPUTED

    client.post(url, {"incomplete_ok": "1"})
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.CONFIRMED


def test_a_reopened_step_runs_again_and_takes_in_a_rating_approved_after_the_lock(
    client, officer, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS])
    before = RoundStepResult.objects.get(round=round_, step=RoundStep.RATINGS).counts
    with pytest.raises(ValidationError, match="mở lại"):
        services.round_step_run(actor=officer.user, round_=round_, step=RoundStep.RATINGS)

    late = _unrated(2025)
    AnnualRating.objects.create(
        person=late,
        year=2025,
        unit=late.unit,
        rule_version="test",
        score=Decimal(90),
        level=RatingLevel.HTT,
        status=RatingStatus.PUBLISHED,
    )
    with pytest.raises(ValidationError, match="lý do"):
        services.round_step_reopen(
            actor=officer.user, round_=round_, step=RoundStep.RATINGS, reason="  "
        )
    services.round_step_reopen(
        actor=officer.user,
        round_=round_,
        step=RoundStep.RATINGS,
        reason="Chốt khi chưa có xếp loại; Vụ A vừa duyệt",
    )
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.COMPUTED
    event = AuditEvent.objects.get(action=AwardsAudit.ROUND_STEP_REOPENED)
    assert event.data["reason"] == "Chốt khi chưa có xếp loại; Vụ A vừa duyệt"
    assert event.data["step"] == RoundStep.RATINGS and event.data["later_reset"] == []

    after, _job = run(round_, RoundStep.RATINGS)
    assert after.counts["rated"] == before["rated"] + 1
    assert after.counts["missing"] == before["missing"] - 1

    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert "Mở lại bước của đợt xét" in page
    assert "Chốt khi chưa có xếp loại; Vụ A vừa duyệt" in page


def test_reopening_a_step_empties_every_later_step_run_and_says_which(client, officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    capped = RoundVerdict.objects.filter(round=round_, capped=True).first()
    services.round_verdict_choose(
        actor=officer.user, verdict=capped, keep=True, reason="Sáng kiến áp dụng toàn Bộ"
    )
    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert "Kết quả các bước sau (Xếp loại đơn vị, " in page  # the reopen form warns

    services.round_step_reopen(
        actor=officer.user, round_=round_, step=RoundStep.RATINGS, reason="Thiếu xếp loại"
    )

    assert _status(round_, RoundStep.UNIT_RATINGS) == RoundStepStatus.NOT_RUN
    assert _status(round_, RoundStep.TITLES) == RoundStepStatus.NOT_RUN
    assert not RoundVerdict.objects.filter(round=round_).exists()
    event = AuditEvent.objects.get(action=AwardsAudit.ROUND_STEP_REOPENED)
    assert event.data["later_reset"] == [RoundStep.UNIT_RATINGS, RoundStep.TITLES]
    assert event.data["choices_dropped"] == 1
    with pytest.raises(ValidationError, match="chưa được chốt"):
        services.round_step_run(actor=officer.user, round_=round_, step=RoundStep.UNIT_RATINGS)
    history = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    assert "Đã xóa kết quả, phải chạy lại: Xếp loại đơn vị" in history


def test_no_step_is_reopened_once_proposals_were_made_from_the_round(officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, services.COMPUTED_STEPS)
    assert services.round_propose(actor=officer.user, round_=round_, code="LDTT")

    with pytest.raises(ValidationError, match="Đã tạo đề nghị"):
        services.round_step_reopen(
            actor=officer.user, round_=round_, step=RoundStep.CHAINS, reason="Sửa"
        )
    assert _status(round_, RoundStep.CHAINS) == RoundStepStatus.CONFIRMED


def test_only_the_office_reopens_a_step(client, org, officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS])
    head = org["head_a"].user

    with pytest.raises(PermissionDenied):
        services.round_step_reopen(actor=head, round_=round_, step=RoundStep.RATINGS, reason="x")
    client.force_login(head)
    url = reverse("awards:round_step_reopen", args=[2025, RoundStep.RATINGS])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.CONFIRMED

    client.force_login(officer.user)
    client.post(url, {"reason": "Chốt nhầm"})
    assert _status(round_, RoundStep.RATINGS) == RoundStepStatus.COMPUTED


def test_the_api_reopens_a_step_with_a_reason(client, officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS])
    client.force_login(officer.user)
    url = "/api/v1/awards/rounds/2025/steps/ratings/reopen"

    blank = client.post(url, {"reason": ""}, content_type="application/json")
    assert blank.status_code == 422
    reopened = client.post(url, {"reason": "Chốt nhầm"}, content_type="application/json")
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["status"] == RoundStepStatus.COMPUTED
