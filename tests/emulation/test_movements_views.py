"""The movement, score-entry and lesson pages as users see them."""

# The fixtures are shared with the service tests; tests name them as parameters.
# ruff: noqa: F811

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import CriterionScore, LessonAdoption, Movement, Registration
from thidua.emulation.services import movements as services

from ..factories import UnitFactory
from .test_movements_services import (  # noqa: F401  fixtures shared with the service tests
    advance_to,
    clusters,
    criteria_by_name,
    frozen_today,
    goals,
    kr,
    lessons,
    movement,
    new_movement,
    open_movement,
    running,
)


def login(client, person):
    client.force_login(person.user)
    return client


def page(client, name, *args, **kwargs):
    response = client.get(reverse(f"emulation:{name}", args=args), **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# ---------------------------------------------------------------- list and detail
def test_staff_see_launched_movements_but_not_drafts(movement, officer, org, clusters, client):
    launched = advance_to(
        new_movement(officer, org, clusters, name="Phong trào đã phát động"),
        officer,
        MovementStatus.LAUNCHED,
    )
    body = page(login(client, org["staff_a"]), "movement_list")
    assert launched.name in body and movement.name not in body
    assert client.get(reverse("emulation:movement_detail", args=[movement.pk])).status_code == 404
    assert movement.name in page(login(client, officer), "movement_list")


def test_detail_shows_objectives_criteria_in_vietnamese_numbers_and_the_next_step(
    officer, org, clusters, client
):
    movement = new_movement(
        officer,
        org,
        clusters,
        criteria=[{"name": "Chất lượng phục vụ", "weight": "1,5", "max_points": "12,5"}],
    )
    body = page(login(client, officer), "movement_detail", movement.pk)
    assert "Hoàn thành chuyển đổi số các dịch vụ công" in body
    assert "Chất lượng phục vụ" in body and "1,5" in body and "12,5" in body
    assert "Cụm các Cục" in body and "Cục A" in body  # the cluster and its leader
    assert f'name="to" value="{MovementStatus.LAUNCHED}"' in body


def test_the_office_advances_a_movement_one_step_from_its_page(movement, officer, client):
    login(client, officer)
    url = reverse("emulation:movement_advance", args=[movement.pk])
    assert client.post(url, {"to": MovementStatus.LAUNCHED}).status_code == 302
    response = client.post(url, {"to": MovementStatus.CLOSED}, follow=True)
    movement.refresh_from_db()
    assert movement.status == MovementStatus.LAUNCHED
    assert response.context["messages"]
    assert f'name="to" value="{MovementStatus.REGISTRATION_OPEN}"' in response.content.decode()


def test_staff_have_no_advance_button_and_cannot_advance(open_movement, org, client):
    body = page(login(client, org["staff_a"]), "movement_detail", open_movement.pk)
    assert 'name="to"' not in body
    response = client.post(
        reverse("emulation:movement_advance", args=[open_movement.pk]),
        {"to": MovementStatus.IN_PROGRESS},
    )
    assert response.status_code == 403


# ---------------------------------------------------------------- registering
def test_a_person_registers_from_the_movement_page_linking_her_key_results(
    open_movement, org, goals, client
):
    files = kr(goals["hoa"], "Hồ sơ số hoá")
    body = page(login(client, org["staff_a"]), "movement_detail", open_movement.pk)
    assert 'name="commitments"' in body and "Hồ sơ số hoá" in body
    assert "Bộ dữ liệu mở" not in body  # another person's key result is not offered
    response = client.post(
        reverse("emulation:movement_register", args=[open_movement.pk]),
        {
            "as": f"p{org['staff_a'].pk}",
            "commitments": "Số hoá 1.000 hồ sơ trong năm",
            "kr": [files.pk],
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person == org["staff_a"]
    assert list(registration.key_results.all()) == [files]
    body = page(client, "movement_detail", open_movement.pk)
    assert "Số hoá 1.000 hồ sơ trong năm" in body
    assert reverse("emulation:movement_withdraw", args=[open_movement.pk, registration.pk]) in body


def test_linking_someone_elses_goal_through_the_page_is_refused(open_movement, org, goals, client):
    response = login(client, org["staff_a"]).post(
        reverse("emulation:movement_register", args=[open_movement.pk]),
        {
            "as": f"p{org['staff_a'].pk}",
            "commitments": "Cam kết",
            "goals": [goals["chau"].pk],
        },
    )
    assert response.status_code == 400
    assert "Cổng dữ liệu" not in response.content.decode()  # not even its title leaks
    assert not Registration.objects.exists()


def test_a_head_registers_the_unit_and_a_withdrawn_registration_can_be_renewed(
    open_movement, org, goals, client
):
    login(client, org["head_a"])
    body = page(client, "movement_register", open_movement.pk, data={"as": f"u{org['dept_a'].pk}"})
    assert "Dịch vụ công trực tuyến" in body
    url = reverse("emulation:movement_register", args=[open_movement.pk])
    data = {"as": f"u{org['dept_a'].pk}", "commitments": "Cục A cam kết", "goals": goals["dept"].pk}
    assert client.post(url, data).status_code == 302
    registration = Registration.objects.get(unit=org["dept_a"])
    client.post(reverse("emulation:movement_withdraw", args=[open_movement.pk, registration.pk]))
    registration.refresh_from_db()
    assert registration.withdrawn_at is not None
    assert client.post(url, data).status_code == 302
    registration.refresh_from_db()
    assert registration.withdrawn_at is None


def test_registration_is_refused_when_not_open(movement, officer, org, client):
    movement = advance_to(movement, officer, MovementStatus.LAUNCHED)
    response = login(client, org["staff_a"]).post(
        reverse("emulation:movement_register", args=[movement.pk]),
        {"as": f"p{org['staff_a'].pk}", "commitments": "Cam kết"},
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


# ---------------------------------------------------------------- scores and rankings
def test_the_office_enters_scores_on_the_grid(running, officer, client):
    c = criteria_by_name(running["movement"])
    login(client, officer)
    body = page(client, "movement_scores", running["movement"].pk)
    cell = f"score-{running['dept_a'].pk}-{c['Hoàn thành nhiệm vụ'].pk}"
    assert f'name="{cell}"' in body
    assert f'name="score-{running["dept_a"].pk}-{c["Tiến độ kết quả then chốt"].pk}"' not in body
    url = reverse("emulation:movement_scores", args=[running["movement"].pk])
    assert client.post(url, {cell: "45,5", "note": "Biên bản họp"}).status_code == 302
    score = CriterionScore.objects.get()
    assert (score.points, score.note) == (Decimal("45.5"), "Biên bản họp")
    assert 'value="45,5"' in page(client, "movement_scores", running["movement"].pk)


def test_a_score_above_the_maximum_is_refused_on_the_grid(running, officer, client):
    c = criteria_by_name(running["movement"])
    cell = f"score-{running['hoa'].pk}-{c['Sáng kiến'].pk}"
    response = login(client, officer).post(
        reverse("emulation:movement_scores", args=[running["movement"].pk]), {cell: "25"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Trần Thị Hoa — Sáng kiến" in body and 'value="25"' in body
    assert not CriterionScore.objects.exists()


def test_staff_cannot_open_the_score_grid(running, org, client):
    login(client, org["head_a"])
    assert (
        client.get(reverse("emulation:movement_scores", args=[running["movement"].pk])).status_code
        == 403
    )


def test_the_compute_button_scores_key_result_criteria(open_movement, officer, org, goals, client):
    from thidua.goals.services import checkin_create

    files = kr(goals["hoa"], "Hồ sơ số hoá")
    services.registration_create(
        actor=org["staff_a"].user,
        movement=open_movement,
        person=org["staff_a"],
        commitments="CK",
        key_results=[files],
    )
    checkin_create(actor=SYSTEM, key_result=files, value=400, confidence="on_track")
    movement = advance_to(open_movement, officer, MovementStatus.IN_PROGRESS)
    login(client, officer)
    response = client.post(
        reverse("emulation:movement_scores_compute", args=[movement.pk]), follow=True
    )
    assert response.status_code == 200
    assert CriterionScore.objects.get().points == Decimal("12.00")  # 0.4 of 30
    assert "12" in response.content.decode()


def test_rankings_are_shown_to_the_office_and_to_staff_only_once_published(
    running, officer, org, client
):
    c = criteria_by_name(running["movement"])
    services.criterion_scores_set(
        actor=officer.user,
        movement=running["movement"],
        entries={(running["dept_a"].pk, c["Sáng kiến"].pk): "17,5"},
    )
    marker = "21,88"  # Cục A: 100 × (17,5 / 20) / 4
    assert marker in page(login(client, officer), "movement_detail", running["movement"].pk)
    assert marker not in page(
        login(client, org["staff_a"]), "movement_detail", running["movement"].pk
    )

    movement = advance_to(running["movement"], officer, MovementStatus.FINAL_REVIEW)
    login(client, officer).post(reverse("emulation:movement_publish", args=[movement.pk]))
    assert Movement.objects.get(pk=movement.pk).results_published_at is not None
    body = page(login(client, org["staff_a"]), "movement_detail", movement.pk)
    assert marker in body
    assert body.index("Cục A") < body.index("Cục B")


# ---------------------------------------------------------------- lessons
def test_lessons_list_and_detail_show_adoptions_most_replicated_first(
    lessons, org, officer, client
):
    services.lesson_adopt(actor=officer.user, lesson=lessons["b"], unit=org["dept_a"])
    services.lesson_adopt(actor=officer.user, lesson=lessons["b"], unit=org["root"])
    services.lesson_adopt(
        actor=officer.user, lesson=lessons["a"], unit=org["dept_b"], result="Rút ngắn 2 ngày"
    )
    body = page(login(client, org["staff_a"]), "lesson_list")
    assert body.index("Họp giao ban 15 phút") < body.index("Một cửa số hoá toàn trình")
    body = page(client, "lesson_detail", lessons["a"].pk)
    assert "Rút ngắn 2 ngày" in body and "Trần Thị Hoa" in body
    assert 'name="unit"' not in body  # staff record no adoption
    movement_body = page(client, "movement_detail", lessons["a"].movement_id)
    assert movement_body.index("Họp giao ban 15 phút") < movement_body.index(
        "Một cửa số hoá toàn trình"
    )


def test_a_head_adopts_a_lesson_from_its_page_but_not_the_units_own(lessons, org, client):
    login(client, org["head_a"])
    body = page(client, "lesson_detail", lessons["a"].pk)
    assert f'<option value="{org["sec_a"].pk}">' in body
    assert f'<option value="{org["dept_a"].pk}">' not in body  # the lesson's own unit
    url = reverse("emulation:lesson_adopt", args=[lessons["a"].pk])
    client.post(url, {"unit": org["dept_a"].pk})
    assert not LessonAdoption.objects.exists()
    client.post(url, {"unit": org["sec_a"].pk, "adopted_on": "15/06/2025", "result": "Áp dụng tốt"})
    adoption = LessonAdoption.objects.get()
    assert (adoption.unit, str(adoption.adopted_on)) == (org["sec_a"], "2025-06-15")


def test_recording_a_lesson_through_the_page(open_movement, org, client):
    login(client, org["staff_a"])
    page(client, "lesson_new")
    response = client.post(
        reverse("emulation:lesson_new"),
        {
            "unit": org["sec_a"].pk,
            "kind": "exemplar",
            "title": "Trả lời công dân trong ngày",
            "summary": "Mọi câu hỏi được trả lời trong ngày làm việc",
            "movement": open_movement.pk,
            "authors": org["staff_a"].employee_code,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = open_movement.lessons.get()
    assert list(lesson.authors.all()) == [org["staff_a"]]


# ---------------------------------------------------------------- query counts
def _registered_units(movement, officer, org, n):
    movement.status = MovementStatus.REGISTRATION_OPEN
    movement.save()
    for i in range(n):
        unit = UnitFactory(parent=org["root"], name=f"Đơn vị thêm {i}")
        services.registration_create(
            actor=officer.user, movement=movement, unit=unit, commitments="CK"
        )
    movement.status = MovementStatus.IN_PROGRESS
    movement.save()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["officer", "staff_a", "head_a"])
def test_the_movement_page_takes_the_same_queries_for_many_registrations(
    running, lessons, officer, org, client, viewer
):
    login(client, officer if viewer == "officer" else org[viewer])
    url = reverse("emulation:movement_detail", args=[running["movement"].pk])
    few = _queries(client, url)
    _registered_units(running["movement"], officer, org, 8)
    assert _queries(client, url) == few
    assert few <= 25


def test_the_score_grid_takes_the_same_queries_for_many_registrations(
    running, officer, org, client
):
    login(client, officer)
    url = reverse("emulation:movement_scores", args=[running["movement"].pk])
    few = _queries(client, url)
    _registered_units(running["movement"], officer, org, 8)
    assert _queries(client, url) == few
    assert few <= 15


def test_the_lesson_pages_take_a_bounded_number_of_queries(lessons, org, officer, client):
    login(client, org["head_a"])
    list_url = reverse("emulation:lesson_list")
    detail_url = reverse("emulation:lesson_detail", args=[lessons["b"].pk])
    few = (_queries(client, list_url), _queries(client, detail_url))
    for i in range(6):
        unit = UnitFactory(parent=org["root"], name=f"Đơn vị áp dụng {i}")
        services.lesson_adopt(actor=officer.user, lesson=lessons["b"], unit=unit)
        services.lesson_create(actor=officer.user, unit=unit, title=f"Bài học {i}", summary="x")
    assert (_queries(client, list_url), _queries(client, detail_url)) == few
    assert max(few) <= 15
