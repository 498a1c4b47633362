"""An inspection or supervision finding marked "good practice" becomes a proposed lesson for
the emulation office (issue 13, point 6): the office publishes it and its replication is
tracked like any lesson's; the lesson links back to the inspection only for those who may see
Party inspections — a state role sees the practice's text and unit, never the inspection."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.emulation.models import Lesson
from thidua.emulation.services import movements as lesson_services
from thidua.emulation.services import practices as practice_services
from thidua.goals.choices import PracticeSource, PracticeStatus
from thidua.goals.models import GoodPractice
from thidua.org.choices import Role
from thidua.org.services import role_grant
from thidua.party import services
from thidua.party.choices import InspectionKind

from ..factories import PersonFactory, UserFactory

SECRET = "KET-LUAN-NOI-BO-DANG-5b1e"
PRACTICE = "Mỗi kỳ sinh hoạt chi bộ giải một việc khó gắn với kết quả then chốt."


@pytest.fixture
def world(org, party):
    party["cell_a"].unit = org["sec_a"]
    party["cell_a"].save(update_fields=["unit"])
    officer = PersonFactory(unit=org["root"], user=UserFactory(username="thidua-office"))
    role_grant(
        actor=SYSTEM, user=officer.user, role=Role.EMULATION_OFFICER, valid_from=date(2020, 1, 1)
    )
    head_b = PersonFactory(unit=org["dept_b"], user=UserFactory(username="head-b"))
    role_grant(
        actor=SYSTEM,
        user=head_b.user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    committee_office = party["office"].user
    inspection = services.inspection_plan(
        actor=committee_office,
        kind=InspectionKind.GIAM_SAT,
        by_body=party["committee"],
        subject_org=party["cell_a"],
        subject=f"Giám sát chi bộ A {SECRET}",
        planned_on=timezone.localdate() - timedelta(days=20),
    )
    return {
        **org,
        **party,
        "officer": officer.user,
        "head_b": head_b.user,
        "committee_office": committee_office,
        "inspection": inspection,
    }


def _done(world):
    return services.inspection_done(
        actor=world["committee_office"],
        inspection=world["inspection"],
        done_on=timezone.localdate() - timedelta(days=5),
        findings=f"Chi bộ làm tốt; hạn chế về biên bản. {SECRET}",
    )


def test_a_finding_becomes_a_lesson_published_and_replicated(client, world):
    inspection = _done(world)
    practice = services.inspection_propose_practice(
        actor=world["committee_office"], inspection=inspection, text=PRACTICE
    )
    assert practice.found_by == PracticeSource.SUPERVISION
    assert practice.unit == world["sec_a"]  # the inspected cell's unit
    assert practice.status == PracticeStatus.PROPOSED

    # the office sees the proposal in its lessons list: text and unit, nothing else
    client.force_login(world["officer"])
    page = client.get(reverse("emulation:lesson_list")).content.decode()
    assert PRACTICE in page and str(world["sec_a"]) in page and SECRET not in page
    publish_url = reverse("emulation:practice_publish", args=[practice.pk])
    form_page = client.get(publish_url).content.decode()
    assert PRACTICE in form_page and SECRET not in form_page
    response = client.post(
        publish_url,
        {
            "title": "Một việc khó mỗi kỳ sinh hoạt",
            "summary": PRACTICE,
            "kind": "lesson",
            "unit": world["sec_a"].pk,
            "movement": "",
        },
    )
    lesson = Lesson.objects.get(practice=practice)
    assert response.status_code == 302
    assert response.url == reverse("emulation:lesson_detail", args=[lesson.pk])
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.decided_by == world["officer"]

    # replication as for any lesson: another unit's head records taking it up
    lesson_services.lesson_adopt(
        actor=world["head_b"], lesson=lesson, unit=world["dept_b"], result="Áp dụng ở Cục B."
    )
    assert lesson.adoptions.count() == 1

    # a state role: the practice, its unit, no link to the inspection, no Party content
    detail_url = reverse("emulation:lesson_detail", args=[lesson.pk])
    inspection_url = reverse("party:inspection", args=[inspection.pk])
    detail = client.get(detail_url).content.decode()
    assert PRACTICE in detail and "Cục B" in detail
    assert inspection_url not in detail and SECRET not in detail
    assert client.get(inspection_url).status_code == 404
    # the committee office may follow the lesson back to its inspection
    client.force_login(world["committee_office"])
    detail = client.get(detail_url).content.decode()
    assert inspection_url in detail
    page = client.get(inspection_url).content.decode()
    assert SECRET in page and PRACTICE in page
    # no proposal is left in the office's queue; publishing again is refused
    client.force_login(world["officer"])
    assert client.get(publish_url).status_code == 404
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        practice_services.practice_publish(
            actor=world["officer"], practice=practice, title="Lại", summary="Lại"
        )
    assert "đã được quyết định" in " ".join(exc.value.messages)


def test_who_may_mark_a_finding_and_bad_input(world):
    inspection = world["inspection"]
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.inspection_propose_practice(
            actor=world["committee_office"], inspection=inspection, text=PRACTICE
        )
    assert "đã thực hiện" in " ".join(exc.value.messages)  # not done yet
    inspection = _done(world)
    # a state role and another cell's secretary may not mark it
    for user in (world["officer"], world["secretary_b"].user):
        with pytest.raises(PermissionDenied):
            services.inspection_propose_practice(actor=user, inspection=inspection, text=PRACTICE)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.inspection_propose_practice(
            actor=world["committee_office"], inspection=inspection, text="  "
        )
    assert "Hãy ghi cách làm hay" in " ".join(exc.value.messages)
    assert not GoodPractice.objects.exists()


def test_only_the_office_publishes_or_declines_with_a_reason(client, world):
    practice = services.inspection_propose_practice(
        actor=world["committee_office"], inspection=_done(world), text=PRACTICE
    )
    for user in (world["head_b"], world["committee_office"]):
        with pytest.raises(PermissionDenied):
            practice_services.practice_publish(
                actor=user, practice=practice, title="T", summary="S"
            )
        client.force_login(user)
        assert (
            client.get(reverse("emulation:practice_publish", args=[practice.pk])).status_code == 404
        )
        assert PRACTICE not in client.get(reverse("emulation:lesson_list")).content.decode()
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        practice_services.practice_decline(actor=world["officer"], practice=practice, reason=" ")
    assert "lý do" in " ".join(exc.value.messages)
    client.force_login(world["officer"])
    client.post(
        reverse("emulation:practice_decline", args=[practice.pk]),
        {"reason": "Đã có bài học tương tự."},
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DECLINED
    assert practice.decline_reason == "Đã có bài học tương tự."
    assert not Lesson.objects.exists()


def test_a_field_visit_practice_reaches_the_office_too(client, world):
    from thidua.goals.services import fieldwork as fieldwork_services

    head_a = world["head_a"]
    visit = fieldwork_services.field_visit_record(
        actor=head_a.user,
        person=head_a,
        visited_on=timezone.localdate() - timedelta(days=2),
        findings="Phòng A1 tiếp nhận hồ sơ trực tuyến.",
        unit=world["sec_a"],
    )
    fieldwork_services.field_visit_propose_practice(
        actor=head_a.user, visit=visit, text="Hồ sơ trực tuyến xử lý trong 3 ngày."
    )
    client.force_login(world["officer"])
    page = client.get(reverse("emulation:lesson_list")).content.decode()
    assert "Hồ sơ trực tuyến xử lý trong 3 ngày." in page
    practice = GoodPractice.objects.get()
    lesson = practice_services.practice_publish(
        actor=world["officer"], practice=practice, title="Hồ sơ 3 ngày", summary=practice.text
    )
    # the office (a ministry-wide state role) may follow it back to the visit
    detail = client.get(reverse("emulation:lesson_detail", args=[lesson.pk])).content.decode()
    assert reverse("goals:field_visit", args=[visit.pk]) in detail


def test_a_proposed_practice_waits_in_the_offices_work_until_decided(client, world):
    from thidua.core.nextsteps import TODO
    from thidua.emulation.nextsteps import emulation_next_steps

    def practice_items(user):
        return [
            s
            for s in emulation_next_steps(user)
            if s.section == TODO and s.key == "emulation.practices"
        ]

    practice = services.inspection_propose_practice(
        actor=world["committee_office"], inspection=_done(world), text=PRACTICE
    )
    [item] = practice_items(world["officer"])
    assert item.count == 1
    client.force_login(world["officer"])
    assert PRACTICE in client.get(item.url).content.decode()
    assert practice_items(world["committee_office"]) == []  # a Party role is not the office
    assert practice_items(world["head_b"]) == []
    practice_services.practice_publish(
        actor=world["officer"], practice=practice, title="Bài học", summary=PRACTICE
    )
    assert practice_items(world["officer"]) == []
