"""Demo: a supervision by the Đảng uỷ Bộ done this year, whose finding is marked "good
practice" and proposed to the emulation office as a lesson (issue 13, point 7). The
emulation demo publishes it and records its replication. Fictional ("minh hoạ")."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from thidua.org.choices import PartyOrgKind

from . import services
from .choices import InspectionKind
from .demo import BODY_CODE, _committee_office
from .models import Inspection, PartyOrganization

SUBJECT = "Giám sát việc lãnh đạo chuyển đổi số trong sinh hoạt chi bộ (minh hoạ)"
FINDINGS = (
    "Chi bộ lãnh đạo tốt nhiệm vụ chuyên môn; cách làm hay: mỗi tháng một chuyên đề 'việc khó' "
    "gắn với kết quả then chốt của đơn vị, giao đảng viên phụ trách và kiểm điểm tại kỳ sinh "
    "hoạt sau. Hạn chế: biên bản sinh hoạt còn sơ sài (minh hoạ)."
)
PRACTICES = [
    "Mỗi kỳ sinh hoạt chi bộ chọn một 'việc khó' gắn với kết quả then chốt của đơn vị, giao "
    "đảng viên phụ trách và kiểm điểm kết quả tại kỳ sau (minh hoạ).",
    "Đảng viên trẻ kèm cặp đồng nghiệp sử dụng nền tảng số trong xử lý công việc hằng ngày "
    "(minh hoạ).",
]


@transaction.atomic
def demo_loader(*, people: int = 0, seed: int = 0, **_) -> str:
    if Inspection.objects.filter(subject=SUBJECT).exists():
        return "Party good practices already present"
    top = PartyOrganization.objects.filter(code=BODY_CODE).first()
    office = _committee_office(top) if top else None
    if office is None:
        return "no committee office to record a supervision"
    subject = (
        PartyOrganization.objects.filter(
            path__startswith=top.path, kind=PartyOrgKind.CELL, unit__isnull=False
        )
        .order_by("path")
        .first()
    )
    today = timezone.localdate()
    inspection = services.inspection_plan(
        actor=office,
        kind=InspectionKind.GIAM_SAT,
        by_body=top,
        subject_org=subject,
        subject=SUBJECT,
        planned_on=today - timedelta(days=70),
    )
    services.inspection_done(
        actor=office,
        inspection=inspection,
        done_on=today - timedelta(days=60),
        findings=FINDINGS,
        follow_ups="Hoàn thiện biên bản sinh hoạt theo hướng dẫn (minh hoạ).",
    )
    for text in PRACTICES:
        services.inspection_propose_practice(actor=office, inspection=inspection, text=text)
    return f"1 supervision with {len(PRACTICES)} good practices proposed as lessons"
