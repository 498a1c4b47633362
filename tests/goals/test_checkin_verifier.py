"""After a check-in the page says who will verify it (walk-through F15): "Chờ <the nearest
head> xác minh" — the head to whom checkins_awaiting_verification gives it, by name — and
nothing of the kind when nobody may verify it."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.goals.models import CheckIn
from thidua.goals.selectors import checkins_awaiting_verification
from thidua.goals.selectors.verifiers import checkin_verifiers
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 7, 1))


def _check_in(client, user, kr, value=100, checked_on="2025-06-30"):
    client.force_login(user)
    response = client.post(
        reverse("goals:checkin", args=[kr.pk]),
        {"value": value, "confidence": "on_track", "checked_on": checked_on},
    )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]  # this request's


def _section_head(org):
    head = PersonFactory(
        unit=org["sec_a"], full_name="Vũ Thị Lan", user=UserFactory(username="lan")
    )
    role_grant(
        actor=SYSTEM,
        user=head.user,
        role=Role.UNIT_HEAD,
        unit=org["sec_a"],
        valid_from=date(2020, 1, 1),
    )
    return head


def test_the_message_names_the_head_the_check_in_falls_to(cascade, org, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    assert _check_in(client, org["staff_a"].user, kr) == [
        "Đã ghi nhận cập nhật tiến độ. Chờ Phạm Quốc Huy xác minh."
    ]
    assert [w.goal_id for w in checkins_awaiting_verification(viewer=org["head_a"].user)] == [
        cascade["personal"].pk
    ]


def test_a_nearer_head_is_named_and_the_one_who_recorded_it_is_not(cascade, org, client):
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    lan = _section_head(org)
    assert _check_in(client, org["staff_a"].user, kr) == [
        "Đã ghi nhận cập nhật tiến độ. Chờ Vũ Thị Lan xác minh."
    ]
    assert checkins_awaiting_verification(viewer=org["head_a"].user) == []
    # the section head records one herself: it goes to the head above her
    assert _check_in(client, lan.user, kr, value=200) == [
        "Đã ghi nhận cập nhật tiến độ. Chờ Phạm Quốc Huy xác minh."
    ]
    assert len(checkins_awaiting_verification(viewer=org["head_a"].user)) == 1


def test_nothing_misleading_when_nobody_may_verify(cascade, org, client):
    # the Cục head's own check-in on the Cục's goal: nobody heads the ministry above him
    kr = cascade["dept"].key_results.get()
    assert _check_in(client, org["head_a"].user, kr) == ["Đã ghi nhận cập nhật tiến độ."]
    # an older check-in than the one that sets the value waits for nobody
    mine = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    _check_in(client, org["staff_a"].user, mine, checked_on="2025-06-30")
    assert _check_in(client, org["staff_a"].user, mine, value=50, checked_on="2025-05-30") == [
        "Đã ghi nhận cập nhật tiến độ."
    ]


def test_the_verifier_is_found_in_a_bounded_number_of_queries(
    cascade, org, client, django_assert_max_num_queries
):
    _section_head(org)
    kr = cascade["personal"].key_results.get(title="Hồ sơ số hoá")
    _check_in(client, org["staff_a"].user, kr)
    checkin = CheckIn.objects.select_related("key_result__goal__scope_unit").get(key_result=kr)
    with django_assert_max_num_queries(4):
        assert checkin_verifiers(checkin=checkin) == ["Vũ Thị Lan"]
