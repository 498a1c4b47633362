"""Party API (issue 15, point 2): bodies, members, resolutions and their digests, campaigns
and their acknowledgements, cell meetings, inspections — through the same selectors,
services and rules as the pages (thidua/party/views.py).

Party data is scoped by Party roles only: a state role (administrator, emulation office,
leadership) or a superuser account gets empty lists and 404s here, as on the pages (issue
10). A classified resolution's title and text are shown only to those who may read the
resolution itself (its body's secretary, a committee office above); a cell's secretary who
follows a campaign that reached her cell sees the campaign without them. A member who
received a campaign reads its key points and answers their questions (the audience).

A single resource's GET answers an ETag; PATCH/PUT need If-Match (428 without, 412 when
stale); the POST actions that change a resource check If-Match when it is sent.
"""

from datetime import date, datetime
from pathlib import PurePath
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    model_field,
)
from thidua.goals.models import GoodPractice
from thidua.messaging.choices import Channel
from thidua.org.choices import PartyRole
from thidua.org.selectors import party_members_in_subtree, person_get

from . import exchange, rules, selectors, services
from .choices import DigestStatus
from .constants import ANSWER_MAX_CHARS, MAX_UPLOAD_BYTES
from .models import (
    Campaign,
    CellMeeting,
    DigestPoint,
    Inspection,
    PointAnswer,
    Resolution,
    SolutionProposal,
)

router = Router(tags=["party"])

BODIES_MAX = 200
POINTS_MAX = 30  # key points in one digest (the page shows 5–6)
SENTENCES_MAX = 50  # source sentences one point cites
SENTENCE_INDEX_MAX = 1_000_000
FILE_NAME_MAX = 80  # the stored name (the original's full name is kept in original_name)
REMIND_DAYS_MAX = 366
VOTES_MAX = 1_000_000

# An uploaded file (multipart/form-data), bounded as every input: what extract() accepts.
UPLOAD = File(..., description="Tệp (tối đa 10 MB).", max_length=MAX_UPLOAD_BYTES)


# ------------------------------------------------------------------ schemas
class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    unit_id: int | None
    path: str


class MemberOut(Schema):
    id: int
    full_name: str
    employee_code: str
    unit_id: int


def _may_read(request, resolution: Resolution) -> bool:
    """Whether the caller may read the resolution itself (the page's rule)."""
    return rules.can_manage_resolution(request.user, resolution)


class ResolutionOut(Schema):
    id: int
    body_id: int
    number: str
    title: str
    issued_on: date | None
    pages: int | None
    classification: str
    classification_detected: str
    original_name: str


class PointOut(Schema):
    order: int
    text: str
    question: str
    sentences: list[int]


class DigestOut(Schema):
    id: int
    resolution_id: int
    status: str
    approved_at: datetime | None
    points: list[PointOut]

    @staticmethod
    def resolve_points(obj):
        return list(obj.points.all())


class ResolutionDetailOut(ResolutionOut):
    text: str
    digest: DigestOut | None


class CampaignStateOut(Schema):
    """What a campaign's ETag is computed from (its state, without the per-caller title)."""

    id: int
    resolution_id: int
    classified: bool
    digest_id: int
    audience: str
    body_ids: list[int]
    roles: list[str]
    channels: list[str]
    channels_note: str
    sent_at: datetime | None
    dispatch_id: int | None

    @staticmethod
    def resolve_resolution_id(obj):
        return obj.digest.resolution_id

    @staticmethod
    def resolve_classified(obj):
        return obj.digest.resolution.is_classified

    @staticmethod
    def resolve_body_ids(obj):
        return sorted(b.pk for b in obj.bodies.all())


class CampaignOut(CampaignStateOut):
    resolution_title: str | None = Field(
        description="Tên nghị quyết; null với nghị quyết mật khi người gọi không được đọc nó."
    )

    @staticmethod
    def resolve_resolution_title(obj, context):
        resolution = obj.digest.resolution
        if resolution.is_classified and not _may_read(context["request"], resolution):
            return None
        return str(resolution)


class CellRateOut(Schema):
    cell_id: int
    code: str
    name: str
    members: int
    read: int
    acknowledged: int
    rate: float


class ProposalOut(Schema):
    id: int
    author_id: int
    text: str
    votes: int


class MeetingOut(Schema):
    id: int
    cell_id: int
    held_on: date
    agenda: str
    hard_problem: str
    status: str
    chosen_solution_id: int | None
    task_id: int | None


class MeetingDetailOut(MeetingOut):
    proposals: list[ProposalOut]

    @staticmethod
    def resolve_proposals(obj):
        return list(obj.proposals.all())


class InspectionOut(Schema):
    id: int
    kind: str
    by_body_id: int
    by_commission: bool
    subject_org_id: int | None
    subject_person_id: int | None
    subject: str
    planned_on: date
    done_on: date | None
    findings: str
    follow_ups: str
    status: str


# ------------------------------------------------------------------ inputs
class CampaignIn(InputSchema):
    audience: model_field(Campaign, "audience")
    body_ids: list[Id] = Field(min_length=1, max_length=BODIES_MAX)
    roles: list[Literal[tuple(PartyRole.values)]] = Field([], max_length=len(PartyRole.values))
    channels: list[Literal[tuple(Channel.values)]] = Field([], max_length=len(Channel.values))
    sms_without_diacritics: bool = False


class MeetingIn(InputSchema):
    cell_id: Id
    held_on: Day
    agenda: model_field(CellMeeting, "agenda")
    hard_problem: model_field(CellMeeting, "hard_problem")


class ProposalIn(InputSchema):
    text: model_field(SolutionProposal, "text")


class InspectionIn(InputSchema):
    kind: model_field(Inspection, "kind")
    by_body_id: Id
    planned_on: Day
    by_commission: bool = False
    subject_org_id: Id | None = None
    subject_person_id: Id | None = None
    subject: model_field(Inspection, "subject") = ""


class InspectionDoneIn(InputSchema):
    done_on: Day
    findings: model_field(Inspection, "findings", max_length=10_000)
    follow_ups: model_field(Inspection, "follow_ups") = ""


class ResolutionUploadIn(Schema):
    body_id: Id = Field(description="Tổ chức đảng ban hành (trong phạm vi người gọi).")
    title: model_field(Resolution, "title")
    number: model_field(Resolution, "number") = ""
    issued_on: Day | None = None
    classification: model_field(Resolution, "classification") | None = Field(
        None,
        description=(
            "Độ mật do người gửi xác định (none: không mật; mat: Mật; toi_mat: Tối mật; "
            "tuyet_mat: Tuyệt mật). Bỏ trống để dùng độ mật hệ thống nhận ra từ văn bản."
        ),
    )


class ClassificationIn(InputSchema):
    classification: model_field(Resolution, "classification")


class PointIn(InputSchema):
    text: model_field(DigestPoint, "text")
    question: model_field(DigestPoint, "question") = ""
    sentences: list[Annotated[int, Field(ge=0, le=SENTENCE_INDEX_MAX)]] = Field(
        [], max_length=SENTENCES_MAX
    )


class DigestIn(InputSchema):
    points: list[PointIn] = Field(min_length=1, max_length=POINTS_MAX)


class RemindIn(InputSchema):
    after_days: int = Field(
        ge=1, le=REMIND_DAYS_MAX, description="Nhắc người chưa xác nhận sau N ngày."
    )


class ReminderOut(Schema):
    dispatch_id: int
    recipients: int


class QuestionOut(Schema):
    point_id: int
    order: int
    text: str
    question: str
    my_answer: str


class AnswerIn(InputSchema):
    point_id: Id
    answer: model_field(PointAnswer, "answer")


class AnswerOut(Schema):
    point_id: int
    answer: str
    updated_at: datetime


class ChoiceIn(InputSchema):
    proposal_id: Id
    assignee_id: Id | None = Field(
        None, description="Đảng viên của chi bộ nhận việc; mặc định bí thư."
    )
    due_date: Day | None = None
    votes: int | None = Field(None, ge=0, le=VOTES_MAX)


class PracticeIn(InputSchema):
    text: model_field(GoodPractice, "text")


class PracticeOut(Schema):
    id: int
    text: str
    unit_id: int
    found_on: date
    found_by: str
    status: str


class MembersImportOut(Schema):
    created: int
    updated: int
    unchanged: int


# ------------------------------------------------------------------ helpers
def _get(queryset, pk: int):
    """One row of a selector's (already scoped) queryset, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _stored_name(name: str) -> str:
    """An uploaded file's name as stored: its last path part, the suffix kept, bounded (the
    file field holds 100 characters with its folder)."""
    name = PurePath(name.replace("\\", "/")).name.replace("\x00", "") or "file"
    if len(name) <= FILE_NAME_MAX:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: FILE_NAME_MAX - len(suffix)] + suffix


def _resolution(request, pk: int) -> Resolution:
    return _get(selectors.resolution_list(viewer=request.user), pk)


def _campaign(request, pk: int) -> Campaign:
    return _get(selectors.campaign_list(viewer=request.user), pk)


def _inspection(request, pk: int) -> Inspection:
    inspection = _get(selectors.inspection_list(viewer=request.user), pk)
    if not rules.can_view_inspection(request.user, inspection):
        raise Http404
    return inspection


def _bodies(request, ids: list[int]) -> list:
    """The caller's covered bodies named by `ids`; one unknown or not covered: 403, as the
    services refuse a body the caller does not cover."""
    found = {
        b.pk: b for b in selectors.party_bodies_covered(viewer=request.user).filter(pk__in=ids)
    }
    missing = [pk for pk in dict.fromkeys(ids) if pk not in found]
    if missing:
        raise PermissionDenied(
            _("Unknown Party body or one you do not cover: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))}
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


# ------------------------------------------------------------------ bodies and members
@router.get(
    "/bodies",
    response={200: list[BodyOut], **ERRORS},
    summary="Các tổ chức đảng tôi phụ trách",
    description=(
        "Các tổ chức đảng thuộc phạm vi vai trò Đảng của người gọi (bí thư, văn phòng đảng ủy "
        "cấp trên), theo cây. Vai trò chính quyền (quản trị, thi đua, lãnh đạo) không có."
    ),
)
@paginate(KeysetPagination, ordering=("path", "pk"))
def bodies(request):
    return selectors.party_bodies_covered(viewer=request.user)


@router.get(
    "/bodies/{body_id}/members",
    response={200: list[MemberOut], **ERRORS},
    summary="Đảng viên của một tổ chức đảng",
    description=(
        "Đảng viên hiện tại của tổ chức đảng và các tổ chức trực thuộc; chỉ với tổ chức người "
        "gọi phụ trách (khác: 404). Phân trang con trỏ theo họ tên."
    ),
)
@paginate(KeysetPagination, ordering=("full_name", "pk"))
def members(request, body_id: Id):
    body = _get(selectors.party_bodies_covered(viewer=request.user), body_id)
    return party_members_in_subtree(organization=body).only(
        "id", "full_name", "employee_code", "unit_id"
    )


# ------------------------------------------------------------------ resolutions and digests
@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], **ERRORS},
    summary="Nghị quyết của các tổ chức đảng tôi phụ trách",
    description=(
        "Nghị quyết của tổ chức đảng người gọi là bí thư hoặc văn phòng cấp trên, mới trước "
        "(không kèm toàn văn). Nghị quyết mật chỉ hiện với người được đọc nó."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def resolutions(request):
    return selectors.resolution_list(viewer=request.user)


@router.get(
    "/resolutions/{resolution_id}",
    response={200: ResolutionDetailOut, **ERRORS},
    summary="Một nghị quyết: toàn văn và bản ý chính hiện tại",
    description=(
        "Chỉ người phụ trách tổ chức đảng ban hành nghị quyết (khác: 404). ETag của nghị "
        "quyết (không gồm bản ý chính, có ETag riêng) dùng để đổi độ mật."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def resolution(request, resolution_id: Id, response: HttpResponse):
    found = _resolution(request, resolution_id)
    found.digest = selectors.digest_current(resolution=found)
    set_etag(response, ResolutionOut, found)
    return found


@router.post(
    "/resolutions",
    response={201: ResolutionDetailOut, **ERRORS},
    summary="Tải lên nghị quyết (tệp .docx, .pdf, .txt)",
    description=(
        "multipart/form-data: tệp `file` (tối đa 10 MB, có lớp chữ) và các trường. Hệ thống "
        "trích văn bản, nhận ra độ mật (Mật, Tối mật, Tuyệt mật) và đề xuất 5–6 ý chính (bản "
        "nháp). `classification` ghi đè độ mật nhận ra. Nghị quyết mật không bao giờ được sao "
        "sang trợ lý và chỉ người phụ trách tổ chức đảng được đọc. Chỉ tổ chức đảng người gọi "
        "phụ trách (khác: 403)."
    ),
)
def resolution_upload(request, payload: Form[ResolutionUploadIn], file: UploadedFile = UPLOAD):
    body = _bodies(request, [payload.body_id])[0]
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}}
        )
    created = services.resolution_upload(
        actor=request.user,
        body=body,
        title=payload.title,
        number=payload.number,
        issued_on=payload.issued_on,
        file_name=_stored_name(file.name or ""),
        data=file.read(),
    )
    if payload.classification is not None and payload.classification != created.classification:
        # The same transaction: a resolution declared classified is removed from the
        # assistant's store before anything is committed (assistant/signals.py).
        created = services.resolution_set_classification(
            actor=request.user, resolution=created, classification=payload.classification
        )
    found = _resolution(request, created.pk)
    found.digest = selectors.digest_current(resolution=found)
    return Status(201, found)


@router.patch(
    "/resolutions/{resolution_id}",
    response={200: ResolutionOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi độ mật của nghị quyết (cần If-Match)",
    description=(
        "Người phụ trách tổ chức đảng xác định độ mật. Khi thành mật: bản sao ở trợ lý bị xoá, "
        "các đợt quán triệt chưa gửi chỉ gửi trong ứng dụng. Bắt buộc If-Match bằng ETag của "
        "GET /resolutions/{id}: thiếu → 428, đã có người đổi → 412."
    ),
)
def resolution_classify(
    request, resolution_id: Id, payload: ClassificationIn, if_match: str | None = IfMatch
):
    found = for_update(_resolution(request, resolution_id), schema=ResolutionOut, if_match=if_match)
    return services.resolution_set_classification(
        actor=request.user, resolution=found, classification=payload.classification
    )


@router.get(
    "/resolutions/{resolution_id}/file",
    response={200: bytes, **ERRORS},
    summary="Tệp gốc của nghị quyết",
    description="Tệp đã tải lên; chỉ người phụ trách tổ chức đảng ban hành (khác: 404).",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp gốc",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def resolution_file(request, resolution_id: Id):
    found = _resolution(request, resolution_id)
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type="application/octet-stream",
    )


def _digest(request, resolution_id: int):
    return selectors.digest_current(resolution=_resolution(request, resolution_id))


@router.get(
    "/resolutions/{resolution_id}/digest",
    response={200: DigestOut, **ERRORS},
    summary="Bản ý chính hiện tại của một nghị quyết",
    description=(
        "Các ý chính (5–6 ý) do hệ thống đề xuất, bí thư sửa và duyệt trước khi gửi. Kèm ETag "
        "để sửa."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def digest(request, resolution_id: Id, response: HttpResponse):
    found = _digest(request, resolution_id)
    if found is None:
        raise Http404
    return set_etag(response, DigestOut, found)


@router.put(
    "/resolutions/{resolution_id}/digest",
    response={200: DigestOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Sửa các ý chính của bản nháp (cần If-Match)",
    description=(
        "Thay toàn bộ các ý chính theo thứ tự gửi lên (mỗi ý tối đa 300 ký tự, câu hỏi tối đa "
        "200). Chỉ bản nháp; bản đã duyệt: 422. Bắt buộc If-Match bằng ETag của GET "
        ".../digest: thiếu → 428, đã có người sửa → 412."
    ),
)
def digest_edit(request, resolution_id: Id, payload: DigestIn, if_match: str | None = IfMatch):
    found = for_update(_digest(request, resolution_id), schema=DigestOut, if_match=if_match)
    points = [point.dict() for point in payload.points]
    return services.digest_edit(actor=request.user, digest=found, points=points)


@router.post(
    "/resolutions/{resolution_id}/digest/approve",
    response={200: DigestOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Duyệt bản ý chính",
    description=(
        "Bí thư của tổ chức đảng (hoặc văn phòng cấp trên) duyệt bản ý chính; chỉ bản đã "
        "duyệt mới được gửi. Bản đã duyệt hoặc chưa có ý nào: 422. If-Match (ETag của GET "
        ".../digest) được kiểm tra khi có gửi: duyệt đúng bản đã đọc."
    ),
)
def digest_approve(request, resolution_id: Id, if_match: str | None = IfMatch):
    found = for_update(
        _digest(request, resolution_id), schema=DigestOut, if_match=if_match, required=False
    )
    return services.digest_approve(actor=request.user, digest=found)


@router.get(
    "/digests/to-approve",
    response={200: list[DigestOut], **ERRORS},
    summary="Bản ý chính chờ tôi duyệt",
    description="Bản nháp của các nghị quyết người gọi phụ trách, cũ trước.",
)
@paginate(KeysetPagination, ordering=("created_at", "pk"))
def digests_to_approve(request):
    return selectors.digests_to_approve(viewer=request.user).prefetch_related("points")


# ------------------------------------------------------------------ campaigns
@router.get(
    "/campaigns",
    response={200: list[CampaignOut], **ERRORS},
    summary="Các đợt quán triệt nghị quyết",
    description=(
        "Đợt quán triệt của nghị quyết người gọi phụ trách, hoặc đã gửi tới tổ chức đảng "
        "trong phạm vi của họ; mới trước."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def campaigns(request):
    return selectors.campaign_list(viewer=request.user).prefetch_related("bodies")


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignOut, **ERRORS},
    summary="Một đợt quán triệt",
    description="Kèm ETag (trạng thái của đợt: đối tượng, kênh, đã gửi hay chưa).",
    openapi_extra=ETAG_RESPONSE,
)
def campaign(request, campaign_id: Id, response: HttpResponse):
    return set_etag(response, CampaignStateOut, _campaign(request, campaign_id))


@router.post(
    "/resolutions/{resolution_id}/campaigns",
    response={201: CampaignOut, **ERRORS},
    summary="Tạo đợt quán triệt từ bản ý chính đã duyệt",
    description=(
        "Đối tượng: cả cây dưới một đảng ủy, các chi bộ được chọn, hoặc các vai trò trong các "
        "tổ chức được chọn (đều trong phạm vi người gọi). Nghị quyết mật chỉ gửi trong ứng "
        "dụng. Tạo xong chưa gửi: gọi .../send."
    ),
)
def campaign_create(request, resolution_id: Id, payload: CampaignIn):
    found = _resolution(request, resolution_id)
    current = selectors.digest_current(resolution=found)
    if not rules.can_manage_resolution(request.user, found):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    if current is None or current.status != DigestStatus.APPROVED:
        raise ValidationError(_("Only approved key points are sent."))
    bodies = _bodies(request, payload.body_ids)
    created = services.campaign_create(
        actor=request.user,
        digest=current,
        audience=payload.audience,
        bodies=bodies,
        roles=list(payload.roles),
        channels=list(payload.channels),
        sms_without_diacritics=payload.sms_without_diacritics,
    )
    return Status(201, _campaign(request, created.pk))


@router.post(
    "/campaigns/{campaign_id}/send",
    response={200: CampaignOut, **ERRORS},
    summary="Gửi đợt quán triệt",
    description=(
        "Gửi tới các đảng viên của đối tượng đã chọn; đã gửi rồi hoặc không có ai: 422. "
        "If-Match (ETag của GET /campaigns/{id}) được kiểm tra khi có gửi."
    ),
)
def campaign_send(request, campaign_id: Id, if_match: str | None = IfMatch):
    found = _campaign(request, campaign_id)
    if not rules.can_manage_resolution(request.user, found.digest.resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    found = for_update(found, schema=CampaignStateOut, if_match=if_match, required=False)
    services.campaign_send(actor=request.user, campaign=found)
    return _campaign(request, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/reminders",
    response={201: ReminderOut, **ERRORS},
    summary="Nhắc các đảng viên chưa xác nhận",
    description=(
        "Gửi lại (qua các kênh của đợt; nghị quyết mật: chỉ trong ứng dụng) tới người chưa "
        "xác nhận sau `after_days` ngày kể từ khi gửi. Chưa gửi, chưa đủ ngày, đã nhắc mốc "
        "này hoặc mọi người đã xác nhận: 422. Chỉ người phụ trách nghị quyết."
    ),
)
def campaign_remind(request, campaign_id: Id, payload: RemindIn):
    found = _campaign(request, campaign_id)
    dispatch = services.campaign_remind(
        actor=request.user, campaign=found, after_days=payload.after_days
    )
    recipients = dispatch.deliveries.values("person_id").distinct().count()
    return Status(201, ReminderOut(dispatch_id=dispatch.pk, recipients=recipients))


def _campaign_received(request, pk: int) -> tuple[Campaign, object]:
    """A campaign sent to the caller (the audience), and the caller's person; else 404."""
    found = Campaign.objects.select_related("digest__resolution").filter(pk=pk).first()
    person = selectors.person_of(request.user)
    if found is None or person is None or not selectors.campaign_sent_to(found, person):
        raise Http404
    return found, person


@router.get(
    "/campaigns/{campaign_id}/questions",
    response={200: list[QuestionOut], **ERRORS},
    summary="Các ý chính và câu hỏi của đợt quán triệt gửi tới tôi",
    description=(
        "Cho đảng viên đã nhận đợt quán triệt (người khác: 404): mỗi ý chính, câu hỏi (nếu có) "
        "và câu trả lời của tôi. Nghị quyết mật cũng chỉ tới người nhận."
    ),
)
def campaign_questions(request, campaign_id: Id):
    found, person = _campaign_received(request, campaign_id)
    answers = selectors.answers_of(found, person)
    return [
        QuestionOut(
            point_id=p.pk,
            order=p.order,
            text=p.text,
            question=p.question,
            my_answer=answers.get(p.pk, ""),
        )
        for p in found.digest.points.all()
    ]


@router.post(
    "/campaigns/{campaign_id}/answers",
    response={200: AnswerOut, **ERRORS},
    summary="Trả lời câu hỏi của một ý chính",
    description=(
        f"Đảng viên đã nhận đợt quán triệt trả lời (tối đa {ANSWER_MAX_CHARS} ký tự); gửi lại "
        "thì sửa câu trả lời. Ý không có câu hỏi: 422."
    ),
)
def campaign_answer(request, campaign_id: Id, payload: AnswerIn):
    found, _person = _campaign_received(request, campaign_id)
    point = found.digest.points.filter(pk=payload.point_id).first()
    if point is None:
        raise Http404
    row = services.point_answer_save(
        actor=request.user, campaign=found, point=point, answer=payload.answer
    )
    return AnswerOut(point_id=point.pk, answer=row.answer, updated_at=row.updated_at)


@router.get(
    "/campaigns/{campaign_id}/acknowledgements",
    response={200: list[CellRateOut], **ERRORS},
    summary="Tỷ lệ đọc và xác nhận quán triệt theo chi bộ",
    description=(
        "Mỗi chi bộ trong phạm vi người gọi: số đảng viên nhận, đã đọc, đã xác nhận và tỷ lệ. "
        "Bí thư chi bộ chỉ thấy chi bộ của mình. Đợt chưa gửi: danh sách rỗng."
    ),
)
def acknowledgements(request, campaign_id: Id):
    found = _campaign(request, campaign_id)
    if found.dispatch_id is None:
        return []
    return selectors.acknowledgement_rates(found, request.user)


# ------------------------------------------------------------------ cell meetings
@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Sinh hoạt chi bộ",
    description=(
        "Các buổi sinh hoạt của chi bộ người gọi là đảng viên, hoặc phụ trách; mới trước. "
        "Lọc theo chi bộ bằng cell_id."
    ),
)
@paginate(KeysetPagination, ordering=("-held_on", "-pk"))
def meetings(request, cell_id: Id | None = None):
    found = selectors.meeting_list(viewer=request.user)
    return found.filter(cell_id=cell_id) if cell_id is not None else found


def _meeting(request, pk: int) -> CellMeeting:
    return _get(selectors.meeting_list(viewer=request.user), pk)


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="Một buổi sinh hoạt chi bộ với các giải pháp đề xuất",
    description="Kèm ETag: gửi lại trong If-Match khi ghi nhận lựa chọn của chi bộ.",
    openapi_extra=ETAG_RESPONSE,
)
def meeting(request, meeting_id: Id, response: HttpResponse):
    return set_etag(response, MeetingDetailOut, _meeting(request, meeting_id))


@router.post(
    "/meetings",
    response={201: MeetingDetailOut, **ERRORS},
    summary="Lên lịch sinh hoạt chi bộ",
    description="Chỉ bí thư chi bộ; mỗi buổi giải quyết một vấn đề khó.",
)
def meeting_create(request, payload: MeetingIn):
    cell = selectors.cells_managed(viewer=request.user).filter(pk=payload.cell_id).first()
    if cell is None:
        raise PermissionDenied(_("Only the cell's secretary organises its meetings."))
    data = payload.dict(exclude={"cell_id"})
    created = services.meeting_create(actor=request.user, cell=cell, **data)
    return Status(201, _get(selectors.meeting_list(viewer=request.user), created.pk))


@router.post(
    "/meetings/{meeting_id}/proposals",
    response={201: ProposalOut, **ERRORS},
    summary="Đề xuất giải pháp cho vấn đề khó",
    description="Đảng viên của chi bộ (và bí thư) đề xuất trước khi chi bộ chọn giải pháp.",
)
def proposal_create(request, meeting_id: Id, payload: ProposalIn):
    found = _meeting(request, meeting_id)
    return Status(
        201,
        services.meeting_propose_solution(actor=request.user, meeting=found, text=payload.text),
    )


@router.post(
    "/meetings/{meeting_id}/choice",
    response={200: MeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận giải pháp chi bộ chọn (thành nhiệm vụ)",
    description=(
        "Chỉ bí thư chi bộ. Giải pháp được chọn thành nhiệm vụ của một đảng viên chi bộ (mặc "
        "định bí thư), có hạn nếu gửi. Đã chọn rồi, giải pháp của buổi khác hoặc người nhận "
        "không thuộc chi bộ: 422. If-Match (ETag của GET /meetings/{id}) kiểm tra khi có gửi."
    ),
)
def meeting_choose(request, meeting_id: Id, payload: ChoiceIn, if_match: str | None = IfMatch):
    found = _meeting(request, meeting_id)
    if not rules.can_manage_meeting(request.user, found):  # before the version: a 403, not 412
        raise PermissionDenied(_("Only the cell's secretary records the cell's choice."))
    found = for_update(found, schema=MeetingDetailOut, if_match=if_match, required=False)
    proposal = found.proposals.filter(pk=payload.proposal_id).first()
    if proposal is None:
        raise ValidationError({"proposal_id": _("This solution was not proposed at this meeting.")})
    assignee = (
        person_get(viewer=request.user, pk=payload.assignee_id) if payload.assignee_id else None
    )
    services.meeting_choose_solution(
        actor=request.user,
        meeting=found,
        proposal=proposal,
        assignee=assignee,
        due_date=payload.due_date,
        votes=payload.votes,
    )
    return _meeting(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/held",
    response={200: MeetingDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận buổi sinh hoạt đã diễn ra",
    description="Chỉ bí thư chi bộ. If-Match (ETag của GET /meetings/{id}) kiểm tra khi có gửi.",
)
def meeting_held(request, meeting_id: Id, if_match: str | None = IfMatch):
    found = _meeting(request, meeting_id)
    if not rules.can_manage_meeting(request.user, found):
        raise PermissionDenied(_("Only the cell's secretary records its meetings."))
    found = for_update(found, schema=MeetingDetailOut, if_match=if_match, required=False)
    services.meeting_mark_held(actor=request.user, meeting=found)
    return _meeting(request, meeting_id)


# ------------------------------------------------------------------ inspections
@router.get(
    "/inspections",
    response={200: list[InspectionOut], **ERRORS},
    summary="Kiểm tra, giám sát",
    description=(
        "Các cuộc kiểm tra, giám sát của tổ chức đảng người gọi phụ trách (cả cây dưới), "
        "mới trước. Vai trò chính quyền không có."
    ),
)
@paginate(KeysetPagination, ordering=("-planned_on", "-pk"))
def inspections(request):
    return selectors.inspection_list(viewer=request.user)


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, **ERRORS},
    summary="Một cuộc kiểm tra, giám sát",
    description="Kèm ETag: gửi lại trong If-Match khi ghi nhận đã thực hiện.",
    openapi_extra=ETAG_RESPONSE,
)
def inspection(request, inspection_id: Id, response: HttpResponse):
    return set_etag(response, InspectionOut, _inspection(request, inspection_id))


@router.post(
    "/inspections",
    response={201: InspectionOut, **ERRORS},
    summary="Lập kế hoạch kiểm tra, giám sát",
    description=(
        "Của tổ chức đảng người gọi phụ trách, đối với tổ chức đảng hoặc đảng viên trong "
        "phạm vi đó (hoặc ghi nội dung)."
    ),
)
def inspection_plan(request, payload: InspectionIn):
    by_body = _bodies(request, [payload.by_body_id])[0]
    subject_org = _bodies(request, [payload.subject_org_id])[0] if payload.subject_org_id else None
    subject_person = (
        person_get(viewer=request.user, pk=payload.subject_person_id)
        if payload.subject_person_id
        else None
    )
    created = services.inspection_plan(
        actor=request.user,
        kind=payload.kind,
        by_body=by_body,
        planned_on=payload.planned_on,
        by_commission=payload.by_commission,
        subject_org=subject_org,
        subject_person=subject_person,
        subject=payload.subject,
    )
    return Status(201, created)


@router.post(
    "/inspections/{inspection_id}/done",
    response={200: InspectionOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ghi nhận đã kiểm tra, giám sát xong",
    description=(
        "Ngày thực hiện (không ở tương lai) và kết luận; đã ghi nhận rồi: 422. If-Match (ETag "
        "của GET /inspections/{id}) được kiểm tra khi có gửi."
    ),
)
def inspection_done(
    request, inspection_id: Id, payload: InspectionDoneIn, if_match: str | None = IfMatch
):
    found = for_update(
        _inspection(request, inspection_id), schema=InspectionOut, if_match=if_match, required=False
    )
    return services.inspection_done(actor=request.user, inspection=found, **payload.dict())


@router.post(
    "/inspections/{inspection_id}/practices",
    response={201: PracticeOut, **ERRORS},
    summary="Đề xuất cách làm hay từ kết luận kiểm tra, giám sát",
    description=(
        "Từ cuộc kiểm tra, giám sát đã thực hiện: đề xuất với cơ quan thi đua thành bài học "
        "kinh nghiệm. Chỉ nội dung ghi ở đây và đơn vị được chia sẻ, không gì khác của cuộc "
        "kiểm tra. Chưa thực hiện: 422."
    ),
)
def inspection_practice(request, inspection_id: Id, payload: PracticeIn):
    found = _inspection(request, inspection_id)
    created = services.inspection_propose_practice(
        actor=request.user, inspection=found, text=payload.text
    )
    return Status(201, created)


# ------------------------------------------------------------------ members
@router.post(
    "/members/import",
    response={200: MembersImportOut, **ERRORS},
    summary="Nhập đảng viên từ tệp CSV/JSON",
    description=(
        "multipart/form-data, tệp `file` theo mẫu xuất của Thi Đua. Mỗi dòng: người gọi phải "
        "phụ trách cả tổ chức đảng đích và nơi sinh hoạt hiện tại của người đó. Có lỗi ở bất "
        "kỳ dòng nào: 422 liệt kê mọi lỗi, không ghi gì."
    ),
)
def members_import(request, file: UploadedFile = UPLOAD):
    if not selectors.party_bodies_covered(viewer=request.user).exists():
        raise PermissionDenied(_("Only a Party role imports Party members."))
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}}
        )
    data = file.read()
    if b"\x00" in data:  # no text file holds one (and PostgreSQL refuses it in a value)
        raise ValidationError({"file": _("The file is not UTF-8 text.")})
    try:
        result = exchange.members_import(
            actor=request.user, name=_stored_name(file.name or ""), data=data
        )
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text.")}) from None
    return MembersImportOut(**result)
