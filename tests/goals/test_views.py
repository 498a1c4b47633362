from datetime import date

import pytest
from django.urls import reverse

from thidua.goals.models import CheckIn, Goal

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def login(client, person):
    client.force_login(person.user)
    return client


def test_my_goals_lists_my_key_results_with_progress(cascade, client):
    body = login(client, cascade["staff_a"]).get(reverse("goals:mine")).content.decode()
    assert "Số hoá hồ sơ" in body
    assert "Hồ sơ số hoá" in body
    assert "Mục tiêu của tôi" in body


def test_check_in_through_the_page_updates_the_goal(cascade, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = login(client, cascade["staff_a"]).post(
        reverse("goals:checkin", args=[kr.pk]),
        {
            "value": "250",
            "confidence": "on_track",
            "checked_on": "30/06/2025",
            "comment": "Xong quý II",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().checked_on == date(2025, 6, 30)
    body = client.get(reverse("goals:detail", args=[cascade["personal"].pk])).content.decode()
    assert "Xong quý II" in body
    assert "12,5%" in body  # (0.25 + 0) / 2 in Vietnamese number format


def test_bad_check_in_shows_a_vietnamese_message_and_writes_nothing(cascade, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    response = login(client, cascade["staff_a"]).post(
        reverse("goals:checkin", args=[kr.pk]),
        {"value": "abc", "confidence": "on_track"},
        follow=True,
    )
    assert "Hãy nhập một số" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_unit_goal_tree_shows_the_cascade_and_at_risk_badges(cascade, client):
    from thidua.goals.services import goals_refresh_risk

    goals_refresh_risk(today=TODAY)
    client = login(client, cascade["head_a"])
    body = client.get(reverse("goals:unit_tree", args=[cascade["root"].pk])).content.decode()
    for title in ("Kinh tế số 20% GDP", "Dịch vụ công trực tuyến"):
        assert title in body
    assert "có nguy cơ" in body
    assert "1 mục tiêu cá nhân" in body  # personal goals load when the node opens
    children = client.get(
        reverse("goals:children", args=[cascade["dept"].pk]), HTTP_HX_REQUEST="true"
    )
    assert children.status_code == 200
    assert "Số hoá hồ sơ" in children.content.decode()


def test_another_units_staff_cannot_see_a_draft_goal(cascade, client):
    from thidua.goals.services import goal_create

    draft = goal_create(
        actor=cascade["staff_a"].user,
        title="Ý tưởng riêng",
        owner_person=cascade["staff_a"],
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    assert (
        login(client, cascade["staff_b"]).get(reverse("goals:detail", args=[draft.pk])).status_code
        == 403
    )
    assert (
        login(client, cascade["head_a"]).get(reverse("goals:detail", args=[draft.pk])).status_code
        == 200
    )


def test_head_cascades_a_goal_to_a_person_through_the_form(cascade, client):
    response = login(client, cascade["head_a"]).post(
        reverse("goals:new") + f"?parent={cascade['dept'].pk}",
        {
            "parent": cascade["dept"].pk,
            "owner": f"p{cascade['colleague_a'].pk}",
            "title": "Hướng dẫn người dân",
            "period_kind": "year",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "weight": "1",
            "kr-TOTAL_FORMS": "1",
            "kr-INITIAL_FORMS": "0",
            "kr-MIN_NUM_FORMS": "1",
            "kr-MAX_NUM_FORMS": "10",
            "kr-0-title": "Số lượt hướng dẫn",
            "kr-0-metric_type": "number",
            "kr-0-baseline": "0",
            "kr-0-target": "500",
            "kr-0-direction": "up",
            "kr-0-weight": "1",
            "kr-0-due_date": "30/11/2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    goal = Goal.objects.get(title="Hướng dẫn người dân")
    assert (goal.owner_person, goal.parent, goal.status) == (
        cascade["colleague_a"],
        cascade["dept"],
        "assigned",
    )


def test_pages_have_a_bounded_number_of_queries(cascade, client, django_assert_max_num_queries):
    login(client, cascade["head_a"])
    with django_assert_max_num_queries(25):
        client.get(reverse("goals:unit_tree", args=[cascade["root"].pk]))
    with django_assert_max_num_queries(30):
        client.get(reverse("goals:detail", args=[cascade["personal"].pk]))


def test_staff_cannot_open_the_template_pages(cascade, client):
    assert login(client, cascade["staff_a"]).get(reverse("goals:templates")).status_code == 403


def test_head_assigns_a_template_through_the_page(cascade, client):
    from thidua.goals.models import GoalTemplate

    template = GoalTemplate.objects.create(
        name="Mẫu chuyên viên",
        position=cascade["staff_a"].position,
        key_results=[{"title": "Báo cáo", "target": 4}],
    )
    response = login(client, cascade["head_a"]).post(
        reverse("goals:template_apply", args=[template.pk]),
        {"period_kind": "year", "period_start": "01/01/2025", "period_end": "31/12/2025"},
    )
    assert response.status_code == 302
    assert Goal.objects.filter(template=template).count() == 3  # the people of Cục A, not Cục B


def test_author_corrects_an_unverified_check_in_but_not_a_colleagues(cascade, client):
    from thidua.goals.services import checkin_create

    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    checkin = checkin_create(
        actor=cascade["staff_a"].user, key_result=kr, value=100, confidence="on_track"
    )
    login(client, cascade["staff_a"]).post(
        reverse("goals:checkin_edit", args=[checkin.pk]), {"value": "150"}
    )
    checkin.refresh_from_db()
    assert checkin.value == 150
    assert (
        login(client, cascade["head_a"])
        .post(reverse("goals:checkin_edit", args=[checkin.pk]), {"value": "1"})
        .status_code
        == 403
    )
    checkin.refresh_from_db()
    assert checkin.value == 150


def test_a_goal_linked_as_supporting_another_shows_on_both_without_rolling_up(cascade, client):
    client = login(client, cascade["head_a"])
    other = cascade["ministry"]
    client.post(reverse("goals:supports", args=[cascade["dept"].pk]), {"supported": f"#{other.pk}"})
    body = client.get(reverse("goals:detail", args=[other.pk])).content.decode()
    assert "Dịch vụ công trực tuyến" in body
    assert list(Goal.objects.get(pk=cascade["dept"].pk).supports.all()) == [other]


def test_openapi_docs_are_served(cascade, client):
    login(client, cascade["staff_a"])
    assert client.get("/api/docs").status_code == 302
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/goals/key-results/{kr_id}/check-ins" in schema["paths"]


def test_check_in_evidence_is_served_only_to_those_who_may_see_it(cascade, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    login(client, cascade["staff_a"]).post(
        reverse("goals:checkin", args=[kr.pk]),
        {
            "value": "10",
            "confidence": "on_track",
            "evidence": SimpleUploadedFile("bien-ban.txt", b"minh chung"),
        },
    )
    checkin = CheckIn.objects.get()
    url = reverse("goals:checkin_evidence", args=[checkin.pk])
    assert b"".join(login(client, cascade["head_a"]).get(url).streaming_content) == b"minh chung"
    assert login(client, cascade["staff_b"]).get(url).status_code == 403
    assert client.get(f"/media/{checkin.evidence.name}").status_code == 404


def test_a_person_publishes_their_own_draft_goal_and_a_colleague_cannot(cascade, client):
    from thidua.goals.services import goal_create

    draft = goal_create(
        actor=cascade["staff_a"].user,
        title="Tự học phân tích dữ liệu",
        owner_person=cascade["staff_a"],
        period_kind="year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    assert (
        login(client, cascade["staff_b"])
        .post(reverse("goals:publish", args=[draft.pk]))
        .status_code
        == 403
    )
    login(client, cascade["staff_a"]).post(reverse("goals:publish", args=[draft.pk]))
    assert Goal.objects.get(pk=draft.pk).status == "active"
