"""Demo Party work: a resolution of the Đảng bộ (Số 03-NQ/ĐU of 12/10/2020, issued when the
Đảng bộ was still Bộ TT&TT's) with its approved key points (sent to the whole Đảng bộ by one
campaign, sent through the messaging services and partly read and acknowledged), two
meetings of the "bithu" login's cell, and the 2015–2020 term's inspections and supervisions
whose counts are seed 000's (152 and 298 by committees; 33 and 61 by the inspection
commission). Everything else is fictional and the inspections say so ("minh hoạ")."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Mod, Replace
from django.test.utils import override_settings
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.goals.choices import TaskStatus
from thidua.messaging import services as messaging_services
from thidua.messaging.choices import Channel, DeliveryStatus
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.choices import PartyOrgKind, Role
from thidua.org.demo import PARTY_TOP_NAME
from thidua.org.models import PartyMembership, PartyOrganization, RoleAssignment
from thidua.org.rules import secretary_memberships

from . import services
from .choices import AudienceKind, DigestStatus, InspectionKind, InspectionStatus, PartyAudit
from .models import Campaign, CellMeeting, Inspection, Resolution

BODY_CODE = "DB-BTTTT"
DEMO_TITLE = "Nghị quyết về thực hiện tám chương trình trọng tâm của ngành (minh hoạ)"
# Fictional but plausible: the Đảng ủy Bộ's third resolution of the 2020–2025 term, after
# the Đảng bộ's 5th congress of 18/8/2020 (seed 000) that it implements.
DEMO_NUMBER = "03-NQ/ĐU"
DEMO_ISSUED_ON = date(2020, 10, 12)
# The campaign went out three days before the demo was loaded; members read it the day
# after and acknowledged it the day after that.
SENT_DAYS_AGO, READ_DAYS_AGO, ACKNOWLEDGED_DAYS_AGO = 3, 2, 1
# The Đảng bộ's name before the 2025 merger, which a demo loaded earlier still shows (Party
# bodies keep no dated names, unlike units; its documents from before keep the old name).
PARTY_TOP_FORMER_NAME = "Đảng bộ Bộ Thông tin và Truyền thông"
# an English word the inspections' conclusions carried before (walk-through 07/12/2026)
FINDINGS_FORMER_WORD = " (illustrative)"
# A supervision planned for two days before the demo is loaded, its findings not recorded.
SUPERVISION_DAYS_AGO = 2
TERM_START, TERM_END = date(2015, 10, 1), date(2020, 7, 31)
# Seed 000: "cấp uỷ các cấp đã tiến hành 152 cuộc kiểm tra, 298 cuộc giám sát và Uỷ ban Kiểm
# tra các cấp đã tiến hành 33 cuộc kiểm tra, 61 cuộc giám sát".
SEED_COUNTS = {
    (InspectionKind.KIEM_TRA, False): 152,
    (InspectionKind.GIAM_SAT, False): 298,
    (InspectionKind.KIEM_TRA, True): 33,
    (InspectionKind.GIAM_SAT, True): 61,
}

RESOLUTION_TEXT = """ĐẢNG BỘ BỘ THÔNG TIN VÀ TRUYỀN THÔNG
ĐẢNG ỦY BỘ
Số 03-NQ/ĐU
Hà Nội, ngày 12 tháng 10 năm 2020
NGHỊ QUYẾT
về thực hiện tám chương trình trọng tâm của ngành Thông tin và Truyền thông
(văn bản minh hoạ cho bản trình diễn)

Căn cứ Điều lệ Đảng Cộng sản Việt Nam;
Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ Bộ Thông tin và Truyền thông lần thứ V, nhiệm kỳ 2020 - 2025;
Căn cứ kết quả hội nghị Ban Chấp hành Đảng bộ Bộ,

ĐẢNG ỦY BỘ QUYẾT NGHỊ:

Ngành Thông tin và Truyền thông xác định sứ mệnh mới, định vị lại các định hướng cơ bản và mở ra các không gian mới cho ngành qua tám chương trình trọng tâm. Mỗi chi bộ, mỗi đảng viên quán triệt và tổ chức thực hiện các nhiệm vụ sau:

Thứ nhất, chuyển đổi bưu chính từ chuyển phát thư báo thành hạ tầng của dòng chảy vật chất của nền kinh tế số, bên cạnh dòng chảy dữ liệu.

Thứ hai, chuyển đổi hạ tầng viễn thông thành hạ tầng của nền kinh tế số: triển khai 5G, mỗi người một máy điện thoại thông minh, mỗi hộ gia đình một đường internet cáp quang.

Thứ ba, đưa Việt Nam thành cường quốc an ninh mạng, làm chủ hệ sinh thái sản phẩm an ninh mạng và bảo đảm chủ quyền không gian mạng.

Thứ tư, chuyển đổi từ Chính phủ điện tử thành Chính phủ số, đưa mọi hoạt động của Chính phủ lên môi trường số.

Thứ năm, chuyển đổi từ gia công lắp ráp thành phát triển sản phẩm theo chương trình Make in Vietnam.

Thứ sáu, phát triển các doanh nghiệp công nghệ số Việt Nam từ 50.000 lên 100.000 doanh nghiệp.

Thứ bảy, báo chí truyền thông bảo vệ chủ quyền quốc gia về thông tin, tạo đồng thuận và niềm tin xã hội.

Thứ tám, chuyển từ ứng dụng công nghệ thông tin sang chuyển đổi số, dẫn dắt và thúc đẩy chuyển đổi số quốc gia.

Các chi bộ trực thuộc xây dựng kế hoạch thực hiện, mang một vấn đề khó ra bàn tại sinh hoạt chi bộ và báo cáo kết quả với Đảng ủy Bộ hằng quý.

Nghị quyết này được phổ biến đến chi bộ và đảng viên, có hiệu lực từ ngày ký.

Nơi nhận:
- Các chi bộ, đảng bộ trực thuộc,
- Lưu Văn phòng Đảng ủy.

T/M ĐẢNG ỦY
BÍ THƯ
"""


def _bithu():
    """The `bithu` login and the cell she leads: the cell her Party membership makes her the
    secretary of (the rights follow it), or — in a demo loaded before they did — the cell of
    her Party secretary role."""
    membership = (
        secretary_memberships(timezone.localdate())
        .filter(person__user__username="bithu")
        .select_related("person__user", "organization")
        .first()
    )
    if membership is not None:
        return membership.person.user, membership.organization
    assignment = (
        RoleAssignment.objects.filter(
            user__username="bithu",
            role=Role.PARTY_SECRETARY,
            party_organization__isnull=False,
        )
        .select_related("user", "party_organization")
        .first()
    )
    return (assignment.user, assignment.party_organization) if assignment else (None, None)


def _committee_office(top: PartyOrganization):
    """The account holding a Party role over the whole Đảng bộ (the demo's committee office,
    `vanphongdanguy`): Party work is done by Party roles, not by the administrator."""
    assignment = (
        RoleAssignment.objects.filter(role=Role.PARTY_SECRETARY, party_organization=top)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _load_resolution(body: PartyOrganization, office) -> None:
    resolution = services.resolution_upload(
        actor=office,
        body=body,
        title=DEMO_TITLE,
        number=DEMO_NUMBER,
        issued_on=DEMO_ISSUED_ON,
        file_name="nghi-quyet-tam-chuong-trinh.txt",
        data=RESOLUTION_TEXT.encode(),
    )
    services.digest_approve(actor=office, digest=resolution.digests.get())


def _load_meetings(user, cell: PartyOrganization, today: date) -> None:
    members = list(
        PartyMembership.objects.as_of(today)
        .filter(organization=cell)
        .exclude(person__user=user)
        .select_related("person")
    )
    first = services.meeting_create(
        actor=user,
        cell=cell,
        held_on=today - timedelta(days=30),
        agenda="1. Quán triệt nghị quyết về tám chương trình trọng tâm.\n"
        "2. Bàn một vấn đề khó của phòng.\n3. Phân công thực hiện.",
        hard_problem="Rà soát lỗ hổng trên các hệ thống thông tin của Bộ mất nhiều ngày vì "
        "làm thủ công; cảnh báo đến đơn vị chậm.",
    )
    texts = [
        "Tự động hoá quét lỗ hổng hằng tuần và gửi cảnh báo thẳng đến đầu mối của đơn vị.",
        "Lập danh mục tài sản hệ thống thông tin dùng chung cho cả Bộ trước khi quét.",
        "Tổ chức diễn tập ứng cứu sự cố mỗi quý cùng các đơn vị.",
    ]
    proposals = [
        services.meeting_propose_solution(actor=user, meeting=first, text=text) for text in texts
    ]
    assignee = members[0].person if members else None
    services.meeting_choose_solution(
        actor=user,
        meeting=first,
        proposal=proposals[0],
        assignee=assignee,
        due_date=today + timedelta(days=30),
        votes=max(len(members), 1),
    )
    first.refresh_from_db()
    if first.task is not None:
        first.task.status = TaskStatus.DOING
        first.task.save(update_fields=["status"])
    services.meeting_create(
        actor=user,
        cell=cell,
        held_on=today + timedelta(days=5),
        agenda="1. Kiểm điểm việc tự động hoá quét lỗ hổng (kỳ trước).\n2. Bàn vấn đề khó mới.",
        hard_problem="Nhiều đơn vị chưa cử đầu mối an toàn thông tin nhận cảnh báo.",
    )


def _load_campaign(top: PartyOrganization, office) -> Campaign | None:
    """One campaign of the demo digest to the whole Đảng bộ (in-app and e-mail: the demo has
    no SMS gateway), sent as a real run sends it and then read as members would read it
    (`_send_now`, `_members_read`), so the progress and rates pages show real numbers."""
    resolution = Resolution.objects.filter(body=top, title=DEMO_TITLE).first()
    digest = resolution.digests.filter(status=DigestStatus.APPROVED).first() if resolution else None
    if office is None or digest is None or Campaign.objects.filter(digest=digest).exists():
        return None
    campaign = services.campaign_create(
        actor=office,
        digest=digest,
        audience=AudienceKind.COMMITTEE_SUBTREE,
        bodies=[top],
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    # No background job: `thidua demo` ends before a job thread could send it.
    campaign = services.campaign_send(actor=office, campaign=campaign, start=False)
    dispatch_id = campaign.dispatch_id
    if dispatch_id is not None:
        _send_now(dispatch_id)
        _members_read(dispatch_id, waiting=_secretary_cell_members())
        _backdate(campaign, dispatch_id)
    return campaign


def _send_now(dispatch_id: int) -> None:
    """Send the dispatch in this process through the messaging services. The demo's people
    are fictional (…@thidua.example): their e-mails go nowhere, not to the console."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        messaging_services.dispatch_send(dispatch_id=dispatch_id)


def _secretary_cell_members() -> list[int]:
    """The people of the `bithu` login's cell (the secretary included) today."""
    _user, cell = _bithu()
    if cell is None:
        return []
    return list(
        PartyMembership.objects.as_of(timezone.localdate())
        .filter(organization=cell)
        .values_list("person_id", flat=True)
    )


def _members_read(dispatch_id: int, *, waiting=()) -> None:
    """About 60 % of the members acknowledge ("Đã đọc và quán triệt") and 20 % only read the
    message in the app, chosen by person id; the `waiting` people (the secretary's cell,
    which studies it at its coming meeting) and every member with a demo login have not
    opened it yet, so acknowledging it is their work on the day the demo is loaded (issue
    12, point 1) whatever ids the database gave them (PostgreSQL's sequences run on between
    loads, so a login chosen by its id was sometimes left nothing to acknowledge). The
    others have no login in the demo, so their rows are written as the messaging services
    write them."""
    now = timezone.now()
    in_app = (
        Delivery.objects.filter(
            dispatch_id=dispatch_id, channel=Channel.IN_APP, status=DeliveryStatus.SENT
        )
        .exclude(person_id__in=list(waiting))
        .annotate(bucket=Mod(F("person_id"), 5))
    )
    others = in_app.filter(person__user__isnull=True)
    others.filter(bucket__lt=3).update(
        status=DeliveryStatus.ACKNOWLEDGED, read_at=now, acknowledged_at=now
    )
    others.filter(bucket=3).update(status=DeliveryStatus.READ, read_at=now)


def _backdate(campaign: Campaign, dispatch_id: int) -> None:
    """Move the campaign's times to SENT_DAYS_AGO, its readings to READ_DAYS_AGO and its
    acknowledgements to ACKNOWLEDGED_DAYS_AGO, as if it had gone out days ago."""
    now = timezone.now()
    sent = now - timedelta(days=SENT_DAYS_AGO)
    rows = Delivery.objects.filter(dispatch_id=dispatch_id)
    rows.filter(sent_at__isnull=False).update(sent_at=sent)
    rows.filter(read_at__isnull=False).update(read_at=now - timedelta(days=READ_DAYS_AGO))
    rows.filter(acknowledged_at__isnull=False).update(
        acknowledged_at=now - timedelta(days=ACKNOWLEDGED_DAYS_AGO)
    )
    Dispatch.objects.filter(pk=dispatch_id).update(
        started_at=sent, finished_at=sent + timedelta(minutes=2)
    )
    Campaign.objects.filter(pk=campaign.pk).update(sent_at=sent)


def _finish_earlier_demo(top: PartyOrganization) -> list[str]:
    """A demo loaded before these fixes: its campaign's e-mails were left queued (the job's
    thread ended with `thidua demo`), its resolution had no number or date, and the Đảng bộ
    kept its name from before the 2025 merger. Bring it to what a fresh load gives; returns
    what changed."""
    changed = []
    campaign = Campaign.objects.filter(
        digest__resolution__body=top, digest__resolution__title=DEMO_TITLE
    ).first()
    dispatch_id = campaign.dispatch_id if campaign is not None else None
    if dispatch_id is not None:
        pending = Delivery.objects.filter(
            dispatch_id=dispatch_id, status__in=DeliveryStatus.pending()
        )
        if pending.exists():
            _send_now(dispatch_id)
            changed.append("the campaign's queued messages were sent")
    if Resolution.objects.filter(body=top, title=DEMO_TITLE, number="").update(
        number=DEMO_NUMBER, issued_on=DEMO_ISSUED_ON
    ):
        changed.append(f"the resolution got its number {DEMO_NUMBER}")
    if top.name == PARTY_TOP_FORMER_NAME:
        PartyOrganization.objects.filter(pk=top.pk).update(name=PARTY_TOP_NAME)
        changed.append(f"the Party committee is named {PARTY_TOP_NAME}")
    if Inspection.objects.filter(
        by_body__path__startswith=top.path, findings__contains=FINDINGS_FORMER_WORD
    ).update(findings=Replace("findings", Value(FINDINGS_FORMER_WORD), Value(""))):
        changed.append("the inspections' conclusions are in Vietnamese only")
    return changed


def _load_inspections(top: PartyOrganization, seed: int) -> None:
    rng = random.Random(seed)
    bodies = list(
        PartyOrganization.objects.filter(
            path__startswith=top.path,
            kind__in=[PartyOrgKind.COMMITTEE, PartyOrgKind.GRASSROOTS_COMMITTEE],
        )
    )
    subjects = list(PartyOrganization.objects.filter(path__startswith=top.path).exclude(pk=top.pk))
    span = (TERM_END - TERM_START).days
    rows = []
    for (kind, by_commission), count in SEED_COUNTS.items():
        for _ in range(count):
            done_on = TERM_START + timedelta(days=rng.randrange(span))
            rows.append(
                Inspection(
                    kind=kind,
                    by_body=rng.choice(bodies),
                    by_commission=by_commission,
                    subject_org=rng.choice(subjects) if subjects else None,
                    planned_on=done_on - timedelta(days=rng.randrange(14, 60)),
                    done_on=done_on,
                    status=InspectionStatus.DONE,
                    findings="Số liệu minh hoạ: tổng số cuộc theo Báo cáo Đại "
                    "hội Đảng bộ Bộ lần thứ V; nội dung từng cuộc là giả định.",
                    follow_ups="Khắc phục hạn chế trong 3 tháng (minh hoạ).",
                )
            )
    Inspection.objects.bulk_create(rows)
    audit_record(
        actor=SYSTEM, action=PartyAudit.DEMO_INSPECTIONS_LOADED, target=top, rows=len(rows)
    )


def _plan_supervision(top: PartyOrganization, office, cell, today: date) -> None:
    """A supervision by the Đảng ủy Bộ of the secretary's cell (or the committee itself),
    planned for two days before the demo is loaded and not recorded yet: recording its
    findings is the committee office's work that day (issue 12, point 1)."""
    services.inspection_plan(
        actor=office,
        kind=InspectionKind.GIAM_SAT,
        by_body=top,
        planned_on=today - timedelta(days=SUPERVISION_DAYS_AGO),
        subject_org=cell,
        subject=f"Việc quán triệt, thực hiện Nghị quyết số {DEMO_NUMBER} (minh hoạ)",
    )


@transaction.atomic
def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    """The Party part of `thidua demo` (after org and goals). Idempotent."""
    top = PartyOrganization.objects.filter(code=BODY_CODE).first()
    if top is None:
        return "Party demo skipped: the demo ministry's Party bodies are not loaded."
    office = _committee_office(top)
    if Resolution.objects.filter(body=top, title=DEMO_TITLE).exists():
        if _load_campaign(top, office) is not None:
            return "Party demo: the campaign of the demo resolution was added."
        changed = _finish_earlier_demo(top)
        if changed:
            return "Party demo already present; " + "; ".join(changed) + "."
        return "Party demo already present; nothing changed."
    if office is not None:
        _load_resolution(top, office)
        _load_campaign(top, office)
    user, cell = _bithu()
    today = timezone.localdate()
    if user is not None and not CellMeeting.objects.filter(cell=cell).exists():
        _load_meetings(user, cell, today)
    _load_inspections(top, seed)
    if office is not None:
        _plan_supervision(top, office, cell, today)
    return (
        f"Party demo loaded: 1 resolution with approved key points and "
        f"{Campaign.objects.count()} campaign, "
        f"{CellMeeting.objects.count()} cell meetings, {Inspection.objects.count()} "
        f"inspections and supervisions (term {TERM_START.year}–{TERM_END.year})."
    )
