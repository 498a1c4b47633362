"""The rating pages: what a person, a head, an approver and the office see and do."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.emulation.models import AnnualRating, PeriodScore, UnitRating, WorkItemType
from thidua.emulation.services import ratings as services

from ..factories import PersonFactory
from .test_ratings_services import TODAY, drafting, head_b, score_month  # noqa: F401  fixtures


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def login(client, person):
    client.force_login(person.user)
    return client


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def scored(org, drafting):  # noqa: F811
    """Hoa's March: 8 of 10 documents, 2 of them late; 25 general points."""
    return score_month(
        actor=org["head_a"], person=org["staff_a"], item=drafting, month=3, completed=8, late=2
    )


# ---------------------------------------------------------------- my rating
def test_my_rating_shows_the_period_scores_with_their_explanations(org, scored, client):
    page = body(login(client, org["staff_a"]).get(reverse("emulation:rating_mine"), {"year": 2026}))
    assert (
        "Soạn thảo văn bản: hoàn thành 8/10 văn bản (quy đổi 16/20) → 56 điểm; 2 lần chậm tiến độ "
        "mỗi lần trừ 25% điểm của việc đó: −3,5"
    ) in page
    assert "77,5" in page  # 25 + 52,5 in Vietnamese number format
    assert reverse("emulation:rating_prepare", args=[org["staff_a"].pk, 2026]) in page


def test_a_person_opens_their_rating_self_assesses_and_sees_every_step(org, scored, client):
    client = login(client, org["staff_a"])
    response = client.post(reverse("emulation:rating_prepare", args=[org["staff_a"].pk, 2026]))
    rating = AnnualRating.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("emulation:rating_self_assess", args=[rating.pk]), {"text": "Đã số hoá kho hồ sơ."}
    )
    rating.refresh_from_db()
    assert (rating.status, rating.self_assessment) == ("self_assessed", "Đã số hoá kho hồ sơ.")
    page = body(client.get(reverse("emulation:rating_mine"), {"year": 2026}))
    assert "Nghị định 335/2025/NĐ-CP (công chức)" in page
    assert "Đã số hoá kho hồ sơ." in page
    assert re.search(r"·\s+Trần Thị Hoa", page)  # who took each recorded step, by name
    assert not re.search(r"·\s+hoa\b", page)  # never by their login


def test_the_appeal_form_shows_only_within_the_window(org, scored, minister, client, monkeypatch):
    staff = org["staff_a"]
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    services.rating_approve(actor=minister.user, rating=rating)
    services.rating_publish(actor=minister.user, rating=rating)
    appeal_url = reverse("emulation:rating_appeal", args=[rating.pk])
    client = login(client, staff)
    assert appeal_url in body(client.get(reverse("emulation:rating_mine"), {"year": 2026}))

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 21))
    page = body(client.get(reverse("emulation:rating_mine"), {"year": 2026}))
    assert appeal_url not in page
    response = client.post(appeal_url, {"text": "Muộn"}, follow=True)
    assert "Đã hết thời hạn kiến nghị (đến hết ngày 20/12/2026)." in body(response)
    assert not rating.appeals.exists()


def test_a_staff_member_cannot_open_anothers_rating(org, scored, client):
    staff = org["staff_a"]
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    client = login(client, org["staff_b"])
    assert client.get(reverse("emulation:rating_detail", args=[rating.pk])).status_code == 404
    url = reverse("emulation:rating_person_month", args=[staff.pk, 2026, 3])
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("emulation:rating_prepare", args=[staff.pk, 2026])).status_code == 403
    )


# ---------------------------------------------------------------- a person's month
def test_the_head_records_work_and_scores_the_month_on_the_page(org, drafting, client):  # noqa: F811
    url = reverse("emulation:rating_person_month", args=[org["staff_a"].pk, 2026, 4])
    client = login(client, org["head_a"])
    response = client.post(
        url,
        {
            "action": "work",
            "item_type": drafting.pk,
            "assigned": "10",
            "completed": "10",
            "late": "1",
            "quality_failed": "0",
        },
    )
    assert response.status_code == 302
    client.post(url, {"action": "score", "general_points": "27,5"})
    score = PeriodScore.objects.get()
    assert (score.general_points, score.result_points) == (27.5, 68.25)
    page = body(client.get(url))
    assert "1 lần chậm tiến độ trừ 25% điểm của việc đó: −1,75" in page
    assert "95,75" in page


def test_general_points_outside_the_scale_are_shown_and_not_stored(org, drafting, client):  # noqa: F811
    url = reverse("emulation:rating_person_month", args=[org["staff_a"].pk, 2026, 4])
    response = login(client, org["head_a"]).post(url, {"action": "score", "general_points": "35"})
    assert response.status_code == 200
    assert "Điểm tiêu chí chung phải từ 0 đến 30; đã nhập 35." in body(response)
    assert not PeriodScore.objects.exists()


def test_a_person_sees_their_month_but_cannot_score_it(org, scored, client):
    url = reverse("emulation:rating_person_month", args=[org["staff_a"].pk, 2026, 3])
    client = login(client, org["staff_a"])
    assert "→ 56 điểm" in body(client.get(url))
    response = client.post(url, {"action": "score", "general_points": "30"})
    assert response.status_code == 403


# ---------------------------------------------------------------- the catalogue
def test_the_head_adds_to_the_catalogue_and_staff_cannot(org, client):
    url = reverse("emulation:rating_catalogue", args=[org["dept_a"].pk])
    response = login(client, org["head_a"]).post(
        url, {"code": "TD", "name": "Thẩm định hồ sơ", "conversion_factor": "1,5"}
    )
    assert response.status_code == 302
    assert WorkItemType.objects.get().conversion_factor == 1.5
    assert "Thẩm định hồ sơ" in body(client.get(url))
    assert "1,5" in body(client.get(url))
    staff = login(client, org["staff_a"])
    assert staff.post(url, {"code": "X", "name": "X", "conversion_factor": "1"}).status_code == 403


def test_a_bad_conversion_factor_is_explained(org, client):
    url = reverse("emulation:rating_catalogue", args=[org["dept_a"].pk])
    response = login(client, org["head_a"]).post(
        url, {"code": "TD", "name": "Thẩm định", "conversion_factor": "0"}
    )
    assert "Hệ số quy đổi phải lớn hơn 0" in body(response)


# ---------------------------------------------------------------- a head's sheet
@pytest.fixture
def section(org, drafting):  # noqa: F811
    """Phòng A1 with twelve people scored 95 in January, ratings opened through the page."""
    people = [org["colleague_a"], *(PersonFactory(unit=org["sec_a"]) for _ in range(10))]
    for person in [org["staff_a"], *people]:
        score_month(actor=org["head_a"], person=person, item=drafting, month=1)
    return people


def test_the_head_opens_the_units_ratings_and_proposes_within_the_cap(org, section, client):
    client = login(client, org["head_a"])
    client.post(reverse("emulation:rating_unit_prepare", args=[org["sec_a"].pk, 2026]))
    assert AnnualRating.objects.count() == 12
    page = body(client.get(reverse("emulation:rating_unit", args=[org["sec_a"].pk, 2026])))
    assert "Tỷ lệ HTXS của Phòng A1: đề xuất 0, tối đa 2 (20% của 12 người HTT trở lên)" in page
    assert "Lê Văn Nam" in page

    ratings = list(AnnualRating.objects.filter(person__in=section).order_by("id"))
    live = client.post(
        reverse("emulation:rating_unit_cap", args=[org["sec_a"].pk, 2026]),
        {f"level-{r.pk}": "HTXS" for r in ratings[:3]},
        HTTP_HX_REQUEST="true",
    )
    assert "Vượt tỷ lệ HTXS của Phòng A1: đã đề xuất 3, tối đa 2" in body(live)
    assert not AnnualRating.objects.filter(proposed_level="HTXS").exists()  # nothing saved

    for r in ratings[:2]:
        client.post(reverse("emulation:rating_propose", args=[r.pk]), {f"level-{r.pk}": "HTXS"})
    response = client.post(
        reverse("emulation:rating_propose", args=[ratings[2].pk]),
        {f"level-{ratings[2].pk}": "HTXS"},
        follow=True,
    )
    assert (
        "Vượt tỷ lệ HTXS của Phòng A1: đã đề xuất 3, tối đa 2 (20% của 12 người HTT trở lên)"
        in (body(response))
    )
    assert AnnualRating.objects.filter(proposed_level="HTXS").count() == 2


def test_the_head_sets_a_task_group_and_sees_its_cap(org, section, head_b, client):  # noqa: F811
    services.annual_ratings_prepare_unit(actor=org["head_a"].user, unit=org["sec_a"], year=2026)
    rating = AnnualRating.objects.get(person=section[0])
    url = reverse("emulation:rating_task_group", args=[rating.pk])
    client = login(client, org["head_a"])
    sheet = reverse("emulation:rating_unit", args=[org["sec_a"].pk, 2026])
    assert url in body(client.get(sheet))
    response = client.post(url, {"task_group": "Thanh tra viên"}, follow=True)
    rating.refresh_from_db()
    assert rating.task_group == "Thanh tra viên"
    assert "Tỷ lệ HTXS của nhóm “Thanh tra viên”: đề xuất 0, tối đa 0 (20% của 1 người" in body(
        response
    )
    live = client.post(
        reverse("emulation:rating_unit_cap", args=[org["sec_a"].pk, 2026]),
        {f"level-{rating.pk}": "HTXS"},
        HTTP_HX_REQUEST="true",
    )
    assert "Vượt tỷ lệ HTXS của nhóm “Thanh tra viên”: đã đề xuất 1, tối đa 0" in body(live)
    assert login(client, head_b).post(url, {"task_group": "Khác"}).status_code == 404  # unseen
    rating.refresh_from_db()
    assert rating.task_group == "Thanh tra viên"


def test_staff_and_other_heads_cannot_open_a_units_sheet(org, head_b, client):  # noqa: F811
    url = reverse("emulation:rating_unit", args=[org["sec_a"].pk, 2026])
    assert login(client, org["staff_a"]).get(url).status_code == 403
    assert login(client, head_b).get(url).status_code == 403


def test_the_units_sheet_has_a_bounded_number_of_queries(org, section, client):
    services.annual_ratings_prepare_unit(actor=org["head_a"].user, unit=org["sec_a"], year=2026)
    client = login(client, org["head_a"])
    url = reverse("emulation:rating_unit", args=[org["dept_a"].pk, 2026])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    for person in section[2:]:
        person.delete()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    assert len(many) == len(few) <= 16


# ---------------------------------------------------------------- approver and office
def test_the_approver_approves_and_publishes_from_the_list(org, scored, minister, client):
    staff = org["staff_a"]
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")
    client = login(client, minister)
    page = body(client.get(reverse("emulation:rating_approvals"), {"year": 2026}))
    assert "Trần Thị Hoa" in page
    client.post(reverse("emulation:rating_approve", args=[rating.pk]), {"level": "HT"})
    client.post(reverse("emulation:rating_publish", args=[rating.pk]))
    rating.refresh_from_db()
    assert (rating.status, rating.level) == ("published", "HT")
    head_page = body(
        login(client, org["head_a"]).get(reverse("emulation:rating_approvals"), {"year": 2026})
    )
    assert reverse("emulation:rating_detail", args=[rating.pk]) not in head_page


def test_the_approvers_page_has_a_bounded_number_of_queries(
    org, section, minister, client, django_assert_max_num_queries
):
    services.annual_ratings_prepare_unit(actor=org["head_a"].user, unit=org["sec_a"], year=2026)
    for rating in AnnualRating.objects.filter(person__user__isnull=True):
        services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    client = login(client, minister)
    with django_assert_max_num_queries(12):
        page = body(client.get(reverse("emulation:rating_approvals"), {"year": 2026}))
    assert page.count(">HTT<") >= 11


def test_the_office_computes_and_confirms_unit_ratings(org, officer, client):
    url = reverse("emulation:rating_unit_ratings", args=[org["root"].pk, 2026])
    client = login(client, officer)
    prefix = f"u{org['dept_a'].pk}"
    client.post(
        url,
        {
            "unit": org["dept_a"].pk,
            "action": "compute",
            f"{prefix}-score": "92",
            f"{prefix}-tasks_total": "10",
            f"{prefix}-tasks_done": "10",
            f"{prefix}-tasks_on_time": "10",
            f"{prefix}-tasks_exceeding": "4",
        },
    )
    rating = UnitRating.objects.get()
    assert rating.level == "HTXS"
    client.post(url, {"unit": org["dept_a"].pk, "action": "set", "level": "HTXS"})
    rating.refresh_from_db()
    assert rating.status == "approved"
    page = body(client.get(url))
    assert "Bộ phận thi đua – khen thưởng xác nhận mức Hoàn thành xuất sắc nhiệm vụ (HTXS)" in page
    assert login(client, org["head_a"]).get(url).status_code == 403
