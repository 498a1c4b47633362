"""Demo field visits (đi cơ sở, issue 13 point 7): the minister (`botruong`) and the deputy
minister of the digital technology block (`thutruong`) visit units of their scope in this term
and the last, each visit with what was found and follow-up tasks for the visited unit's head;
one good practice from a visit is proposed as a lesson. Places and findings are fictional."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.org.models import Person, Unit
from thidua.org.rules import viewer_scope

from .choices import TaskStatus
from .demo_tasks import backdate
from .models import FieldVisit
from .services.fieldwork import (
    field_visit_add_task,
    field_visit_propose_practice,
    field_visit_record,
)

FINDINGS = [
    "Đơn vị đã số hoá 90% hồ sơ công việc; còn chậm cập nhật kết quả then chốt hằng tháng "
    "(minh hoạ).",
    "Cán bộ trẻ chủ động đề xuất cải tiến quy trình tiếp nhận hồ sơ trực tuyến, rút ngắn thời "
    "gian xử lý từ 5 xuống 3 ngày (minh hoạ).",
    "Cơ sở vật chất phòng máy chủ xuống cấp, cần bố trí kinh phí sửa chữa trong năm (minh hoạ).",
]
TASKS = [
    "Báo cáo phương án cập nhật kết quả then chốt đúng hạn",
    "Tổng hợp cách làm rút ngắn thời gian xử lý hồ sơ để nhân rộng",
    "Lập dự toán sửa chữa phòng máy chủ",
]
PRACTICE = (
    "Tiếp nhận hồ sơ trực tuyến theo quy trình cải tiến do cán bộ trẻ đề xuất: thời gian xử lý "
    "giảm từ 5 xuống 3 ngày làm việc (minh hoạ)."
)


def _head_of(unit: Unit) -> Person | None:
    return (
        Person.objects.filter(unit=unit, is_active=True, position__is_head=True)
        .order_by("pk")
        .first()
    )


def _visits_for(user, person: Person, today: date, offsets: list[int], places: list[str]) -> int:
    scope = viewer_scope(user)
    units = [
        u
        for u in Unit.objects.filter(valid_to__isnull=True, depth__in=[1, 2]).order_by("path")
        if scope.covers_unit_path(u.path)
    ][:6]
    made = 0
    for index, days_back in enumerate(offsets):
        unit = units[index % len(units)] if units else None
        visit = field_visit_record(
            actor=user,
            person=person,
            visited_on=today - timedelta(days=days_back),
            findings=FINDINGS[index % len(FINDINGS)],
            unit=unit,
            place=places[index % len(places)],
        )
        owner = (_head_of(unit) if unit else None) or person
        task = field_visit_add_task(
            actor=user,
            visit=visit,
            title=TASKS[index % len(TASKS)],
            owner=owner,
            due_date=visit.visited_on + timedelta(days=30),
        )
        backdate(task, day=visit.visited_on)  # given on the visit, not when the demo loaded
        if task.due_date < today:  # older visits' tasks mostly done
            task.status = TaskStatus.DONE if index % 3 else TaskStatus.DOING
            task.done_on = task.due_date if task.status == TaskStatus.DONE else None
            task.save(update_fields=["status", "done_on"])
        if index == 1 and unit is not None:
            field_visit_propose_practice(actor=user, visit=visit, text=PRACTICE)
        made += 1
    return made


@transaction.atomic
def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
    if FieldVisit.objects.exists():
        return "field visits already present"
    users = get_user_model().objects.filter(username__in=["botruong", "thutruong"])
    today = timezone.localdate()
    made = 0
    for user in users.order_by("username"):
        person = Person.objects.filter(user=user).first()
        if person is None:
            continue
        if user.username == "botruong":
            offsets, places = [20, 75, 160, 300, 420], ["", "Tỉnh Bắc Ninh", ""]
        else:
            offsets, places = [12, 95, 250, 390], ["", "", "Thành phố Đà Nẵng"]
        made += _visits_for(user, person, today, offsets, places)
    return f"{made} field visits by the minister and a deputy minister, with follow-up tasks"
