"""Annual ratings through the real services: monthly points, the year's level, the caps, the
workflow and its audit trail, permissions both ways."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AuditEvent
from thidua.emulation.models import AnnualRating, Discipline, PeriodScore
from thidua.emulation.selectors import ratings as selectors
from thidua.emulation.services import ratings as services
from thidua.goals.choices import GoalStatus
from thidua.goals.services import checkin_create, goal_create
from thidua.org.choices import Role, StaffCategory
from thidua.org.services import person_assign_post, role_grant

from ..factories import PersonFactory, PositionFactory, UserFactory

TODAY = date(2026, 12, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def drafting(org):
    """Cục A's catalogue: drafting a document counts as two standard work units."""
    return services.work_item_type_create(
        actor=org["head_a"].user,
        unit=org["dept_a"],
        code="VB",
        name="Soạn thảo văn bản",
        unit_of_measure="văn bản",
        conversion_factor="2",
    )


@pytest.fixture
def head_b(org):
    """The head of Cục B."""
    person = PersonFactory(
        unit=org["dept_b"], full_name="Ngô Thanh Bình", user=UserFactory(username="binh")
    )
    role_grant(
        actor=SYSTEM,
        user=person.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    return person


def score_month(*, actor, person, item, month, year=2026, general=25, completed=10, late=0):
    """Record ten documents assigned in a month and score the month, as a head does."""
    services.work_assignment_record(
        actor=actor.user,
        person=person,
        item_type=item,
        year=year,
        month=month,
        assigned=10,
        completed=completed,
        late=late,
    )
    return services.period_score_compute(
        actor=actor.user, person=person, year=year, month=month, general_points=general
    )


def actions(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# ---------------------------------------------------------------- a month
def test_a_months_points_come_from_converted_work_and_key_results_with_deductions_explained(
    org, drafting
):
    goal = goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ",
        owner_person=org["staff_a"],
        period_kind="year",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 1000}],
    )
    checkin_create(
        actor=SYSTEM,
        key_result=goal.key_results.get(),
        value=500,
        confidence="on_track",
        checked_on=date(2026, 3, 20),
    )
    score = score_month(
        actor=org["head_a"], person=org["staff_a"], item=drafting, month=3, completed=8, late=2
    )
    # 70 × 70% = 49 from work: 8 of 10 → 39,2; each late document −25% of 4,9.
    # 70 × 30% = 21 from the key result, half done → 10,5.
    assert score.result_points == Decimal("47.25")
    assert score.total == Decimal("72.25")
    assert score.unit == org["sec_a"]
    assert (
        "Soạn thảo văn bản: hoàn thành 8/10 văn bản (quy đổi 16/20) → 39,2 điểm; 2 lần chậm tiến "
        "độ mỗi lần trừ 25% điểm của việc đó: −2,45"
    ) in score.explanation
    assert "KR “Hồ sơ số hoá”: tiến độ 50%" in score.explanation
    assert actions(score) == ["period_score.computed"]


@pytest.mark.parametrize("points", ["31", "-1", "30,5"])
def test_general_points_outside_the_scale_are_refused_and_nothing_is_stored(org, drafting, points):
    with pytest.raises(ValidationError) as info:
        score_month(
            actor=org["head_a"], person=org["staff_a"], item=drafting, month=1, general=points
        )
    assert "Điểm tiêu chí chung phải từ 0 đến 30" in info.value.message_dict["general_points"][0]
    assert not PeriodScore.objects.exists()


def test_late_work_beyond_the_completed_work_is_refused(org, drafting):
    with pytest.raises(ValidationError) as info:
        score_month(
            actor=org["head_a"], person=org["staff_a"], item=drafting, month=1, completed=2, late=3
        )
    assert "không được lớn hơn số việc hoàn thành" in info.value.message_dict["late"][0]


def test_a_head_scores_only_the_people_of_their_subtree_and_never_themself(org, drafting):
    with pytest.raises(PermissionDenied):
        score_month(actor=org["head_a"], person=org["staff_b"], item=drafting, month=1)
    with pytest.raises(PermissionDenied):
        score_month(actor=org["head_a"], person=org["head_a"], item=drafting, month=1)
    with pytest.raises(PermissionDenied):
        score_month(actor=org["staff_a"], person=org["staff_a"], item=drafting, month=1)


def test_a_catalogue_item_needs_a_positive_factor_and_a_unique_code(org, drafting):
    with pytest.raises(ValidationError) as info:
        services.work_item_type_create(
            actor=org["head_a"].user,
            unit=org["dept_a"],
            code="VB",
            name="Khác",
            conversion_factor=1,
        )
    assert "đã có trong danh mục" in info.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        services.work_item_type_create(
            actor=org["head_a"].user,
            unit=org["dept_a"],
            code="X",
            name="Khác",
            conversion_factor="0",
        )
    with pytest.raises(PermissionDenied):
        services.work_item_type_create(
            actor=org["staff_a"].user, unit=org["sec_a"], code="Y", name="Khác", conversion_factor=1
        )


# ---------------------------------------------------------------- the year
@pytest.mark.parametrize(
    ("year", "category", "version"),
    [
        (2025, StaffCategory.CIVIL_SERVANT, "nd90-2020"),
        (2026, StaffCategory.CIVIL_SERVANT, "nd335-2025"),
        (2026, StaffCategory.PUBLIC_EMPLOYEE, "nd233-2026"),
        (2025, StaffCategory.PUBLIC_EMPLOYEE, "nd90-2020"),
    ],
)
def test_the_rule_version_follows_the_year_and_the_category(org, year, category, version):
    person = PersonFactory(unit=org["sec_a"], category=category)
    rating = services.annual_rating_prepare(actor=org["head_a"].user, person=person, year=year)
    assert rating.rule_version == version
    assert rating.reasons[0].startswith(f"Quy định áp dụng cho năm {year}:")


def test_discipline_for_a_duty_violation_makes_the_year_kht_with_the_reason(org, drafting):
    staff = org["staff_a"]
    score_month(actor=org["head_a"], person=staff, item=drafting, month=2, general=30)
    Discipline.objects.create(
        person=staff,
        form="khien_trach",
        for_duty_violation=True,
        decided_on=date(2026, 5, 4),
        valid_from=date(2026, 5, 4),
        valid_to=date(2027, 5, 4),
        decision_number="07/QĐ-CA",
    )
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    assert (rating.score, rating.computed_level) == (Decimal("100.00"), "KHT")
    assert (
        "Bị kỷ luật khiển trách (quyết định số 07/QĐ-CA ngày 04/05/2026) do vi phạm khi thực thi "
        "nhiệm vụ trong năm 2026 → Không hoàn thành nhiệm vụ (KHT)"
    ) in rating.reasons
    services.rating_self_assess(actor=staff.user, rating=rating, text="Hoàn thành mọi việc.")
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    assert "phải xếp loại KHT" in info.value.message_dict["level"][0]
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="KHT")


def test_a_level_above_the_years_score_is_refused(org, drafting):
    staff = org["staff_a"]
    score_month(actor=org["head_a"], person=staff, item=drafting, month=1, general=10, completed=7)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    assert rating.computed_level == "HT"  # 10 + 49
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    assert "chỉ đạt HT" in info.value.message_dict["level"][0]


def test_a_transferred_person_is_rated_by_the_new_unit_with_the_old_units_months(
    org, drafting, head_b
):
    staff = org["staff_a"]
    for month in range(1, 7):
        score_month(actor=org["head_a"], person=staff, item=drafting, month=month, general=20)
    person_assign_post(
        actor=SYSTEM,
        person=staff,
        unit=org["sec_b"],
        position=PositionFactory(),
        valid_from=date(2026, 7, 1),
    )
    catalogue_b = services.work_item_type_create(
        actor=head_b.user, unit=org["dept_b"], code="BC", name="Báo cáo", conversion_factor=1
    )
    with pytest.raises(PermissionDenied):  # the old head no longer scores her
        score_month(actor=org["head_a"], person=staff, item=drafting, month=7)
    for month in range(7, 13):
        score_month(actor=head_b, person=staff, item=catalogue_b, month=month, general=30)

    rating = services.annual_rating_prepare(actor=head_b.user, person=staff, year=2026)
    assert rating.unit == org["sec_b"]
    assert rating.score == Decimal("95.00")  # months at 90 and at 100
    assert any(
        "tháng 1–6 do Phòng A1 chấm; tháng 7–12 do Phòng B1 chấm" in r for r in rating.reasons
    )
    services.rating_self_assess(actor=staff.user, rating=rating, text="Năm chuyển công tác")
    with pytest.raises(PermissionDenied):
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    services.rating_propose(actor=head_b.user, rating=rating, level="HTT")


# ---------------------------------------------------------------- workflow
def _rated_staff(org, drafting):
    staff = org["staff_a"]
    score_month(actor=org["head_a"], person=staff, item=drafting, month=1, general=25)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    return staff, rating


def test_the_workflow_moves_forward_in_order_and_every_step_is_audited(org, drafting, minister):
    staff, rating = _rated_staff(org, drafting)
    head = org["head_a"].user
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=head, rating=rating, level="HTT")
    assert "đang ở bước “đang nhập điểm”, cần ở bước “đã tự đánh giá”" in info.value.messages[0]
    with pytest.raises(ValidationError):
        services.rating_publish(actor=minister.user, rating=rating)

    services.rating_self_assess(actor=staff.user, rating=rating, text="Đã hoàn thành tốt.")
    services.rating_propose(actor=head, rating=rating, level="HTT", comment="Đạt yêu cầu")
    with pytest.raises(ValidationError):
        services.rating_self_assess(actor=staff.user, rating=rating, text="Sửa lại")
    services.rating_approve(actor=minister.user, rating=rating)
    with pytest.raises(ValidationError):
        services.rating_approve(actor=minister.user, rating=rating)
    services.rating_publish(actor=minister.user, rating=rating)

    rating.refresh_from_db()
    assert (rating.status, rating.level, rating.appeal_until) == (
        "published",
        "HTT",
        date(2026, 12, 20),
    )
    assert actions(rating) == [
        "rating.prepared",
        "rating.self_assessed",
        "rating.proposed",
        "rating.approved",
        "rating.published",
    ]
    with pytest.raises(ValidationError) as info:  # the scores are frozen once proposed
        score_month(actor=org["head_a"], person=staff, item=drafting, month=2)
    assert "đã ở bước “đã công bố”" in info.value.messages[0]


def test_a_person_without_an_account_is_proposed_straight_from_the_draft(org, drafting):
    colleague = org["colleague_a"]
    score_month(actor=org["head_a"], person=colleague, item=drafting, month=1)
    rating = services.annual_rating_prepare(actor=org["head_a"].user, person=colleague, year=2026)
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    assert rating.status == "proposed"


def test_an_appeal_is_accepted_only_within_the_window(org, drafting, minister, monkeypatch):
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    services.rating_approve(actor=minister.user, rating=rating)
    services.rating_publish(actor=minister.user, rating=rating)

    with pytest.raises(PermissionDenied):
        services.rating_appeal(actor=org["head_a"].user, rating=rating, text="Không phải của tôi")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 21))
    with pytest.raises(ValidationError) as info:
        services.rating_appeal(actor=staff.user, rating=rating, text="Tôi đạt HTT")
    assert info.value.messages == ["Đã hết thời hạn kiến nghị (đến hết ngày 20/12/2026)."]

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 20))
    appeal = services.rating_appeal(actor=staff.user, rating=rating, text="Tôi đạt HTT")
    assert rating.status == "appealed"
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=staff.user, appeal=appeal, upheld=True, level="HTT", note="x")
    services.appeal_decide(
        actor=minister.user, appeal=appeal, upheld=True, level="HTT", note="Điểm đạt HTT"
    )
    rating.refresh_from_db()
    assert (rating.status, rating.level, appeal.status) == ("published", "HTT", "upheld")
    assert actions(rating)[-2:] == ["rating.appealed", "rating.appeal_decided"]


# ---------------------------------------------------------------- caps and the head
@pytest.fixture
def section_of_twelve(org, drafting):
    """Phòng A1 with twelve people, each scored 95 for January and with a rating opened."""
    people = [org["staff_a"], org["colleague_a"]]
    people += [PersonFactory(unit=org["sec_a"]) for _ in range(10)]
    for person in people:
        score_month(actor=org["head_a"], person=person, item=drafting, month=1, general=25)
    services.annual_ratings_prepare_unit(actor=org["head_a"].user, unit=org["sec_a"], year=2026)
    ratings = {r.person_id: r for r in AnnualRating.objects.select_related("person", "unit")}
    return [ratings[p.pk] for p in people[1:]]  # those without an account: no self-assessment


def test_the_htxs_cap_blocks_a_proposal_with_the_counts(org, section_of_twelve):
    head = org["head_a"].user
    first, second, third = section_of_twelve[:3]
    services.rating_propose(actor=head, rating=first, level="HTXS")
    services.rating_propose(actor=head, rating=second, level="HTXS")
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=head, rating=third, level="HTXS")
    assert info.value.message_dict["level"] == [
        "Vượt tỷ lệ HTXS của Phòng A1: đã đề xuất 3, tối đa 2 (20% của 12 người HTT trở lên)"
    ]
    third.refresh_from_db()
    assert third.status == "draft"
    cap = selectors.cap_for_unit(unit=org["sec_a"], year=2026)
    assert (cap.proposed, cap.allowed, cap.base) == (2, 2, 12)


def test_the_cap_is_25_percent_when_the_unit_is_rated_htxs(org, officer, section_of_twelve):
    unit_rating = services.unit_rating_compute(
        actor=officer.user,
        unit=org["sec_a"],
        year=2026,
        score=95,
        tasks_total=10,
        tasks_done=10,
        tasks_on_time=10,
        tasks_exceeding=4,
    )
    services.unit_rating_set(actor=officer.user, unit_rating=unit_rating, level="HTXS")
    for rating in section_of_twelve[:3]:
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTXS")
    cap = selectors.cap_for_unit(unit=org["sec_a"], year=2026)
    assert (cap.proposed, cap.allowed, cap.exception) == (3, 3, True)


def test_outstanding_results_open_the_exception_when_the_agency_setting_says_so(
    org, officer, section_of_twelve
):
    services.unit_rating_compute(
        actor=officer.user,
        unit=org["sec_a"],
        year=2026,
        score=85,
        tasks_total=10,
        tasks_done=10,
        tasks_on_time=10,
        tasks_exceeding=1,
        outstanding=True,
    )
    assert selectors.cap_for_unit(unit=org["sec_a"], year=2026, changes={}).allowed == 2
    setting_override(
        actor=SYSTEM,
        key="emulation.htxs_cap_exception_needs_unit_htxs",
        value=False,
        reason="Quy chế của Bộ: tập thể có thành tích nổi trội",
    )
    assert selectors.cap_for_unit(unit=org["sec_a"], year=2026).allowed == 3


def test_a_head_is_never_rated_above_their_unit(org, officer, minister, drafting):
    head = org["head_a"]
    score_month(actor=minister, person=head, item=drafting, month=1, general=30)
    rating = services.annual_rating_prepare(actor=head.user, person=head, year=2026)
    services.rating_self_assess(actor=head.user, rating=rating, text="Lãnh đạo Cục A")
    unit_rating = services.unit_rating_compute(
        actor=officer.user,
        unit=org["dept_a"],
        year=2026,
        score=80,
        tasks_total=10,
        tasks_done=10,
        tasks_on_time=10,
        tasks_exceeding=0,
    )
    services.unit_rating_set(actor=officer.user, unit_rating=unit_rating, level="HTT")
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=minister.user, rating=rating, level="HTXS")
    assert info.value.message_dict["level"] == [
        "Người đứng đầu không được xếp loại cao hơn đơn vị: đơn vị xếp loại HTT, đề xuất HTXS"
    ]
    services.rating_propose(actor=minister.user, rating=rating, level="HTT")


# ---------------------------------------------------------------- units
def _unit(officer, unit, *, score, done=10, on_time=10, exceeding=3):
    return services.unit_rating_compute(
        actor=officer.user,
        unit=unit,
        year=2026,
        score=score,
        tasks_total=10,
        tasks_done=done,
        tasks_on_time=on_time,
        tasks_exceeding=exceeding,
    )


def test_unit_levels_follow_article_7_and_explain_themselves(org, officer):
    assert _unit(officer, org["dept_a"], score=92).level == "HTXS"
    late = _unit(officer, org["dept_b"], score=92, on_time=9)
    assert late.level == "HTT"
    assert "Không đạt HTXS: thiếu 100% nhiệm vụ đúng hạn" in late.reasons
    assert _unit(officer, org["sec_a"], score=60, on_time=8, exceeding=0).level == "HT"
    assert _unit(officer, org["sec_b"], score=80, done=6, on_time=6, exceeding=0).level == "KHT"


def test_a_unit_with_a_kht_sub_unit_is_not_htxs(org, officer):
    _unit(officer, org["sec_a"], score=40, exceeding=0)
    assert _unit(officer, org["dept_a"], score=95).level == "HTT"


def test_in_a_group_under_five_units_only_one_is_htxs(org, officer):
    dept_a = _unit(officer, org["dept_a"], score=95)
    dept_b = _unit(officer, org["dept_b"], score=96)
    services.unit_rating_set(actor=officer.user, unit_rating=dept_a, level="HTXS")
    with pytest.raises(ValidationError) as info:
        services.unit_rating_set(actor=officer.user, unit_rating=dept_b, level="HTXS")
    assert info.value.message_dict["level"] == [
        "Vượt tỷ lệ đơn vị HTXS của Bộ Thử nghiệm: đã đề xuất 2, tối đa 1 (nhóm 2 đơn vị, dưới "
        "5: tối đa một đơn vị HTXS)"
    ]
    services.unit_rating_set(actor=officer.user, unit_rating=dept_b, level="HTT")
    assert actions(dept_b) == ["unit_rating.computed", "unit_rating.set"]


def test_a_unit_cannot_be_confirmed_above_its_facts_nor_rated_by_a_head(org, officer):
    rating = _unit(officer, org["dept_a"], score=75, exceeding=0)
    with pytest.raises(ValidationError) as info:
        services.unit_rating_set(actor=officer.user, unit_rating=rating, level="HTXS")
    assert "chỉ đạt HTT" in info.value.message_dict["level"][0]
    with pytest.raises(PermissionDenied):
        _unit(org["head_a"], org["dept_a"], score=90)
    with pytest.raises(ValidationError):
        _unit(officer, org["dept_b"], score=120)


# ---------------------------------------------------------------- permissions
def test_a_staff_member_cannot_see_anothers_rating(org, drafting, head_b):
    _staff, rating = _rated_staff(org, drafting)
    with pytest.raises(AnnualRating.DoesNotExist):
        selectors.rating_get(viewer=org["staff_b"].user, pk=rating.pk)
    with pytest.raises(AnnualRating.DoesNotExist):
        selectors.rating_get(viewer=head_b.user, pk=rating.pk)
    with pytest.raises(PermissionDenied):
        selectors.period_scores(viewer=org["staff_b"].user, person=org["staff_a"], year=2026)
    assert selectors.rating_get(viewer=org["staff_a"].user, pk=rating.pk) == rating
    assert selectors.rating_get(viewer=org["head_a"].user, pk=rating.pk) == rating


def test_a_head_cannot_propose_for_another_unit(org, drafting, head_b):
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    with pytest.raises(PermissionDenied):
        services.rating_propose(actor=head_b.user, rating=rating, level="HT")
    with pytest.raises(PermissionDenied):
        services.rating_self_assess(actor=org["head_a"].user, rating=rating, text="Thay")


def test_nobody_approves_their_own_rating_or_their_own_proposal(org, drafting, minister):
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    with pytest.raises(PermissionDenied):
        services.rating_propose(actor=staff.user, rating=rating, level="HTT")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    with pytest.raises(PermissionDenied):  # head_a covers the unit's parent but proposed it
        services.rating_approve(actor=org["head_a"].user, rating=rating)
    with pytest.raises(PermissionDenied):
        services.rating_approve(actor=staff.user, rating=rating)

    head = org["head_a"]
    score_month(actor=minister, person=head, item=drafting, month=1)
    own = services.annual_rating_prepare(actor=head.user, person=head, year=2026)
    services.rating_self_assess(actor=head.user, rating=own, text="Tự đánh giá")
    services.rating_propose(actor=minister.user, rating=own, level="HTT")
    with pytest.raises(PermissionDenied):
        services.rating_approve(actor=head.user, rating=own)


def test_the_approvers_list_holds_what_they_may_decide(org, drafting, minister):
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    assert selectors.ratings_for_approver(viewer=minister.user, year=2026)["proposed"] == [rating]
    # head_a covers the unit's parent, but proposed it himself
    assert selectors.ratings_for_approver(viewer=org["head_a"].user, year=2026)["proposed"] == []
    assert selectors.ratings_for_approver(viewer=staff.user, year=2026)["proposed"] == []


# ---------------------------------------------------------------- the cap of a group with similar tasks
@pytest.fixture
def inspectors(org, head_b, section_of_twelve):
    """A group “Thanh tra viên” across units: two people of Phòng A1 and three of Phòng B1
    (each scored 95 in January), so the group allows one HTXS while Phòng A1 allows two."""
    item_b = services.work_item_type_create(
        actor=head_b.user, unit=org["dept_b"], code="TT", name="Thanh tra", conversion_factor="1"
    )
    people_b = [PersonFactory(unit=org["sec_b"]) for _ in range(3)]
    for person in people_b:
        score_month(actor=head_b, person=person, item=item_b, month=1, general=25)
    services.annual_ratings_prepare_unit(actor=head_b.user, unit=org["sec_b"], year=2026)
    in_a = section_of_twelve[:2]
    for rating in in_a:
        services.rating_set_task_group(
            actor=org["head_a"].user, rating=rating, task_group="  Thanh tra  viên "
        )
    for rating in AnnualRating.objects.filter(person__in=people_b):
        services.rating_set_task_group(
            actor=head_b.user, rating=rating, task_group="Thanh tra viên"
        )
    return in_a


def test_the_group_cap_blocks_htxs_with_the_counts_where_the_unit_cap_would_allow_it(
    org, inspectors
):
    head = org["head_a"].user
    first, second = inspectors
    assert first.task_group == "Thanh tra viên"
    services.rating_propose(actor=head, rating=first, level="HTXS")
    # Phòng A1 alone would take a second HTXS (2 of 12 → at most 2) ...
    assert selectors.cap_for_unit(unit=org["sec_a"], year=2026, changes={second.pk: "HTXS"}).ok
    # ... but the group across both units allows one of five.
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=head, rating=second, level="HTXS")
    assert info.value.message_dict["level"] == [
        "Vượt tỷ lệ HTXS của nhóm “Thanh tra viên”: đã đề xuất 2, tối đa 1 "
        "(20% của 5 người HTT trở lên)"
    ]
    second.refresh_from_db()
    assert (second.status, second.proposed_level) == ("draft", "")
    cap = selectors.cap_for_task_group(task_group="Thanh tra viên", year=2026)
    assert (cap.ok, cap.proposed, cap.allowed, cap.base) == (True, 1, 1, 5)
    # HTT for the same person passes; no group cap for levels below HTXS.
    services.rating_propose(actor=head, rating=second, level="HTT")


def test_htxs_within_both_the_unit_and_the_group_cap_is_allowed_and_explained(
    org, inspectors, section_of_twelve
):
    head = org["head_a"].user
    first = inspectors[0]
    outside = section_of_twelve[5]  # no group: the unit cap alone
    services.rating_propose(actor=head, rating=first, level="HTXS")
    services.rating_propose(actor=head, rating=outside, level="HTXS")
    first.refresh_from_db()
    assert (first.status, first.proposed_level) == ("proposed", "HTXS")
    facts = (
        AuditEvent.objects.filter(action="rating.proposed", target_id=str(first.pk))
        .get()
        .data["facts"]
    )
    assert "Tỷ lệ HTXS của Phòng A1: đề xuất 1, tối đa 2 (20% của 12 người HTT trở lên)" in facts
    assert (
        "Tỷ lệ HTXS của nhóm “Thanh tra viên”: đề xuất 1, tối đa 1 (20% của 5 người HTT trở lên)"
        in facts
    )
    assert selectors.cap_for_unit(unit=org["sec_a"], year=2026).proposed == 2


def test_only_the_units_head_sets_the_task_group_and_only_before_the_proposal(
    org, head_b, section_of_twelve
):
    rating = section_of_twelve[0]
    with pytest.raises(PermissionDenied):
        services.rating_set_task_group(actor=head_b.user, rating=rating, task_group="Thanh tra")
    with pytest.raises(ValidationError) as info:
        services.rating_set_task_group(actor=org["head_a"].user, rating=rating, task_group="x" * 65)
    assert "tối đa 64 ký tự" in info.value.message_dict["task_group"][0]
    services.rating_set_task_group(actor=org["head_a"].user, rating=rating, task_group="Thanh tra")
    assert actions(rating)[-1] == "rating.task_group_set"
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    with pytest.raises(ValidationError) as info:
        services.rating_set_task_group(actor=org["head_a"].user, rating=rating, task_group="")
    assert "đổi nhóm có nhiệm vụ tương đồng" in info.value.messages[0]
    rating.refresh_from_db()
    assert rating.task_group == "Thanh tra"
