"""Field visits (đi cơ sở, issue 13 point 6): recorded by leaders and heads for themselves
(the office for anyone), each with follow-up tasks; counted per leader and per term; bad input
refused in Vietnamese; a good practice seen on a visit proposed as a lesson."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.goals.choices import PracticeSource, PracticeStatus, TaskStatus
from thidua.goals.models import FieldVisit, GoodPractice
from thidua.goals.selectors import fieldwork as selectors
from thidua.goals.services import fieldwork as services
from thidua.org.choices import Role
from thidua.org.models import PersonPosition
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

TERMS = (
    ("2021–2026", "2021-02-01", "2026-01-31", "Đại hội XIII"),
    ("2026–2031", "2026-02-01", "2031-01-31", "Đại hội XIV"),
)


@pytest.fixture
def people(org):
    """head_a heads Cục A; a leader of the whole ministry; the emulation office."""
    leader = PersonFactory(unit=org["root"], full_name="Bộ Trưởng", user=UserFactory(username="bt"))
    role_grant(actor=SYSTEM, user=leader.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    office = PersonFactory(unit=org["root"], user=UserFactory(username="tdkt"))
    role_grant(
        actor=SYSTEM, user=office.user, role=Role.EMULATION_OFFICER, valid_from=date(2020, 1, 1)
    )
    return {**org, "leader": leader, "office": office}


def _visit(people, who="head_a", days_back=10, **kw):
    person = people[who]
    kw.setdefault("unit", people["sec_a"])
    return services.field_visit_record(
        actor=person.user,
        person=person,
        visited_on=timezone.localdate() - timedelta(days=days_back),
        findings=kw.pop("findings", "Đơn vị làm tốt việc số hoá hồ sơ."),
        **kw,
    )


def test_a_head_records_a_visit_with_follow_up_tasks_and_sees_it_counted(people):
    visit = _visit(people)
    task = services.field_visit_add_task(
        actor=people["head_a"].user,
        visit=visit,
        title="Báo cáo phương án số hoá",
        owner=people["staff_a"],
        due_date=visit.visited_on + timedelta(days=20),
    )
    assert list(visit.follow_up_tasks.all()) == [task]
    assert task.owner == people["staff_a"]  # the owner sees it in their own tasks
    task.status = TaskStatus.DONE
    task.save()
    rows = selectors.field_visit_counts(viewer=people["head_a"].user, term=None)
    assert rows == [
        {
            "person_id": people["head_a"].pk,
            "person__full_name": people["head_a"].full_name,
            "visits": 1,
            "units": 1,
            "tasks": 1,
            "tasks_done": 1,
        }
    ]


@override_settings(THIDUA_TERMS=TERMS)
def test_counts_per_leader_and_term(people):
    today = timezone.localdate()
    term_now = selectors.term_of(today)
    for days_back in (1, 2):
        _visit(people, who="leader", days_back=days_back)
    _visit(people, who="head_a", days_back=3)
    earlier = selectors.term_by_key("2021-2026")
    assert earlier is not None and earlier.end == date(2026, 1, 31)
    # a visit in the earlier term, before the leader's post started? no: posts start 2020
    old = services.field_visit_record(
        actor=people["leader"].user,
        person=people["leader"],
        visited_on=date(2025, 6, 1),
        findings="Thăm cơ sở năm 2025.",
        place="Tỉnh Bắc Ninh",
    )
    rows = {
        r["person_id"]: r["visits"]
        for r in selectors.field_visit_counts(viewer=people["office"].user, term=term_now)
    }
    if term_now is not None and term_now.start <= old.visited_on:
        pytest.skip("today falls in the 2021–2026 term")
    assert rows == {people["leader"].pk: 2, people["head_a"].pk: 1}
    rows_then = selectors.field_visit_counts(viewer=people["office"].user, term=earlier)
    assert [(r["person_id"], r["visits"]) for r in rows_then] == [(people["leader"].pk, 1)]


def test_who_sees_and_who_records(people):
    visit = _visit(people, who="leader", unit=people["sec_b"])
    head_visit = _visit(people)
    office, head, staff = people["office"].user, people["head_a"].user, people["staff_a"].user
    assert set(selectors.field_visit_list(viewer=office)) == {visit, head_visit}
    # head of Cục A: their own visit, not the minister's visit to Cục B
    assert list(selectors.field_visit_list(viewer=head)) == [head_visit]
    assert list(selectors.field_visit_list(viewer=staff)) == []
    # staff may not record a visit, nor a head for someone else; the office records for anyone
    with pytest.raises(PermissionDenied):
        _visit(people, who="staff_a")
    with pytest.raises(PermissionDenied):
        services.field_visit_record(
            actor=head,
            person=people["leader"],
            visited_on=timezone.localdate(),
            findings="x",
            unit=people["sec_a"],
        )
    by_office = services.field_visit_record(
        actor=office,
        person=people["leader"],
        visited_on=timezone.localdate(),
        findings="Văn phòng ghi thay.",
        unit=people["sec_a"],
    )
    assert by_office.recorded_by == office


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"days_back": -1}, "visited_on", "không được sau ngày hôm nay"),
        ({"findings": "   "}, "findings", "Hãy ghi những điều đã thấy tại cơ sở"),
        ({"unit": None, "place": ""}, "place", "Hãy chọn đơn vị đã đến hoặc ghi địa điểm"),
    ],
)
def test_bad_visits_are_refused_in_vietnamese(people, change, field, message):
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        _visit(people, **change)
    assert message in " ".join(exc.value.message_dict[field])
    assert not FieldVisit.objects.exists()


def test_a_visit_before_the_leaders_post_is_refused(people):
    PersonPosition.objects.filter(person=people["head_a"]).update(valid_from=date(2024, 3, 1))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.field_visit_record(
            actor=people["head_a"].user,
            person=people["head_a"],
            visited_on=date(2023, 12, 1),
            findings="x",
            unit=people["sec_a"],
        )
    text = " ".join(exc.value.message_dict["visited_on"])
    assert "01/12/2023" in text and "trước ngày" in text and "01/03/2024" in text


def test_a_follow_up_task_due_before_the_visit_is_refused(people):
    visit = _visit(people)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.field_visit_add_task(
            actor=people["head_a"].user,
            visit=visit,
            title="Việc",
            owner=people["staff_a"],
            due_date=visit.visited_on - timedelta(days=1),
        )
    assert "trước ngày đi cơ sở" in " ".join(exc.value.messages)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.field_visit_add_task(
            actor=people["head_a"].user,
            visit=visit,
            title="Việc",
            owner=people["staff_a"],
            due_date=None,
        )
    assert "Hãy đặt hạn" in " ".join(exc.value.messages)
    assert not visit.follow_up_tasks.exists()
    # nobody else adds tasks to the head's visit
    with pytest.raises(PermissionDenied):
        services.field_visit_add_task(
            actor=people["staff_a"].user,
            visit=visit,
            title="Việc",
            owner=people["staff_a"],
            due_date=visit.visited_on,
        )


def test_a_good_practice_from_a_visit_is_proposed_once(people):
    visit = _visit(people)
    practice = services.field_visit_propose_practice(
        actor=people["head_a"].user, visit=visit, text="Một cửa số: xử lý hồ sơ trong 3 ngày."
    )
    assert practice.found_by == PracticeSource.FIELD_VISIT
    assert practice.status == PracticeStatus.PROPOSED
    assert practice.unit == people["sec_a"] and practice.source == visit
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.field_visit_propose_practice(
            actor=people["head_a"].user, visit=visit, text="Một cửa số: xử lý hồ sơ trong 3 ngày."
        )
    assert "đã được đề xuất" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.field_visit_propose_practice(actor=people["head_a"].user, visit=visit, text=" ")
    with pytest.raises(PermissionDenied):
        services.field_visit_propose_practice(
            actor=people["staff_a"].user, visit=visit, text="Khác"
        )
    assert GoodPractice.objects.count() == 1


def test_pages_record_list_and_follow_up(client, people):
    head = people["head_a"].user
    client.force_login(head)
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("goals:field_visit_new"),
        {
            "person": people["head_a"].pk,
            "visited_on": day.strftime("%d/%m/%Y"),
            "unit": people["sec_a"].pk,
            "place": "",
            "findings": "Phòng A1 đã số hoá toàn bộ hồ sơ.",
        },
    )
    visit = FieldVisit.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "goals:field_visit", args=[visit.pk]
    )
    response = client.post(
        reverse("goals:field_visit_task", args=[visit.pk]),
        {"title": "Nhân rộng cách số hoá", "owner": people["staff_a"].pk, "due_date": ""},
        follow=True,
    )
    assert "Hãy đặt hạn" in response.content.decode()
    client.post(
        reverse("goals:field_visit_task", args=[visit.pk]),
        {
            "title": "Nhân rộng cách số hoá",
            "owner": people["staff_a"].pk,
            "due_date": (day + timedelta(days=10)).strftime("%d/%m/%Y"),
        },
    )
    assert visit.follow_up_tasks.count() == 1
    page = client.get(reverse("goals:field_visits")).content.decode()
    assert "Phòng A1 đã số hoá" in page and people["head_a"].full_name in page
    detail = client.get(reverse("goals:field_visit", args=[visit.pk])).content.decode()
    assert "Nhân rộng cách số hoá" in detail
    # a future date on the form: refused with the reason, nothing saved
    response = client.post(
        reverse("goals:field_visit_new"),
        {
            "person": people["head_a"].pk,
            "visited_on": (timezone.localdate() + timedelta(days=2)).strftime("%d/%m/%Y"),
            "unit": people["sec_a"].pk,
            "findings": "x",
        },
    )
    assert response.status_code == 200
    assert "không được sau ngày hôm nay" in response.content.decode()
    assert FieldVisit.objects.count() == 1
    # staff: no list, no visit page
    client.force_login(people["staff_b"].user)
    assert client.get(reverse("goals:field_visits")).status_code == 403
    assert client.get(reverse("goals:field_visit", args=[visit.pk])).status_code == 404
    assert client.get(reverse("goals:field_visit_new")).status_code == 403
