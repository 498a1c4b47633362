"""Party API, campaigns: a resolution's approved key points sent to members (the list, one
campaign with its ETag, creating and sending one, reminders), each cell's acknowledgement
rates, and for a member the campaign received: its questions and their answers. A
classified resolution's title is shown only to who may read the resolution itself. Mounted
by thidua/party/api.py."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    Id,
    InputSchema,
    model_field,
)
from thidua.messaging.choices import Channel
from thidua.org.choices import PartyRole

from . import exchange, rules, selectors, services
from .api_base import PartyRouter, bodies_covered, get_one, resolution_of
from .choices import DigestStatus
from .constants import ANSWER_MAX_CHARS
from .models import Campaign, PointAnswer, Resolution

router = PartyRouter()

BODIES_MAX = 200
REMIND_DAYS_MAX = 366


def _may_read(request, resolution: Resolution) -> bool:
    """Whether the caller may read the resolution itself (the page's rule)."""
    return rules.can_manage_resolution(request.user, resolution)


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


class CampaignIn(InputSchema):
    audience: model_field(Campaign, "audience")
    body_ids: list[Id] = Field(min_length=1, max_length=BODIES_MAX)
    roles: list[Literal[tuple(PartyRole.values)]] = Field([], max_length=len(PartyRole.values))
    channels: list[Literal[tuple(Channel.values)]] = Field([], max_length=len(Channel.values))
    sms_without_diacritics: bool = False


class CampaignPreviewIn(CampaignIn):
    resolution_id: Id = Field(description="Nghị quyết có bản ý chính đã duyệt.")


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


class SmsVariantOut(Schema):
    text: str
    encoding: str
    chars: int
    parts: int
    cost: Decimal


class PreviewOut(Schema):
    recipients: int
    per_channel: dict[str, int] = Field(description="Số người nhận theo kênh sẽ gửi thật.")
    price_per_part: Decimal
    sms: dict[str, SmsVariantOut] = Field(
        description="Hai bản SMS: as_written (như đã viết, có dấu), no_diacritics (không dấu)."
    )
    sms_chosen: SmsVariantOut
    sms_unavailable: str
    email_unavailable: str


# Before the routes of /campaigns/{campaign_id}, which would take `preview` for an id (405).
def _draft(request, payload: CampaignPreviewIn) -> tuple[Campaign, list]:
    """The campaign `campaign_create` would make from the same input, checked by the same
    service, not saved: (the draft, its bodies)."""
    found = resolution_of(request, payload.resolution_id)
    current = selectors.digest_current(resolution=found)
    if current is None:
        raise ValidationError(_("Only approved key points are sent."))
    return services.campaign_draft(
        actor=request.user,
        digest=current,
        audience=payload.audience,
        bodies=bodies_covered(request, payload.body_ids),
        roles=payload.roles,
        channels=payload.channels,
        sms_without_diacritics=payload.sms_without_diacritics,
    )


@router.post(
    "/campaigns/preview",
    response={200: PreviewOut, **ERRORS},
    summary="Xem trước một đợt quán triệt chưa tạo",
    description=(
        "Như nút Xem trước của trang tạo đợt: cùng dữ liệu như khi tạo (POST "
        "/resolutions/{id}/campaigns) kèm `resolution_id`, kiểm tra như khi tạo (403, 404, "
        "422 như nhau) rồi trả số đảng viên nhận, theo từng kênh sẽ gửi thật (SMS cần cổng "
        "gửi; nghị quyết mật chỉ trong ứng dụng), nội dung tin SMS và chi phí — không ghi gì."
    ),
)
def campaign_draft_preview(request, payload: CampaignPreviewIn):
    draft, bodies = _draft(request, payload)
    return services.campaign_preview(draft, bodies=bodies)


def _campaign(request, pk: int) -> Campaign:
    return get_one(selectors.campaign_list(viewer=request.user), pk)


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
    found = resolution_of(request, resolution_id)
    current = selectors.digest_current(resolution=found)
    if not rules.can_manage_resolution(request.user, found):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    if current is None or current.status != DigestStatus.APPROVED:
        raise ValidationError(_("Only approved key points are sent."))
    bodies = bodies_covered(request, payload.body_ids)
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
        "này hoặc mọi người đã xác nhận: 422. Người phụ trách nghị quyết nhắc mọi người; bí "
        "thư chi bộ mà đợt đã đến chỉ nhắc đảng viên của chi bộ mình."
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


@router.get(
    "/campaigns/{campaign_id}/preview",
    response={200: PreviewOut, **ERRORS},
    summary="Xem trước đợt quán triệt: số người nhận, theo kênh, tin nhắn và chi phí SMS",
    description=(
        "Như trang của đợt: số đảng viên nhận, theo từng kênh sẽ gửi thật (SMS cần cổng gửi; "
        "nghị quyết mật chỉ trong ứng dụng), nội dung tin SMS (có dấu, không dấu), số phần và "
        "chi phí. Chỉ người phụ trách nghị quyết (khác: 403)."
    ),
)
def campaign_preview(request, campaign_id: Id):
    found = _campaign(request, campaign_id)
    if not rules.can_manage_resolution(request.user, found.digest.resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office sends it."))
    return services.campaign_preview(found)


@router.get(
    "/campaigns/{campaign_id}/results",
    response={200: bytes, **ERRORS},
    summary="Tải kết quả quán triệt (xlsx, csv, json)",
    description=(
        "Như trang của đợt: mỗi đảng viên nhận trong phạm vi người gọi (bí thư chi bộ: chi bộ "
        "mình) với chi bộ, lần đọc, xác nhận đầu tiên và câu trả lời. `format`: xlsx (mặc "
        "định), csv, json. Tên nghị quyết mật không có trong tệp json khi người gọi không "
        "được đọc nghị quyết."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp kết quả",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in exchange.RESULT_CONTENT_TYPES.values()
                },
            }
        }
    },
)
def campaign_results(request, campaign_id: Id, format: Literal["xlsx", "csv", "json"] = "xlsx"):
    found = _campaign(request, campaign_id)
    data = exchange.results_export(campaign=found, viewer=request.user, fmt=format)
    response = HttpResponse(data, content_type=exchange.RESULT_CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="campaign-{found.pk}.{format}"'
    return response
