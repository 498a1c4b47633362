"""Awards API, a proposal's path to the registry (issue 15, point 2), as on the pages
(thidua/awards/views/council.py) and through their services and rules: the proposals the
caller may see (the office: all; a head: those of their units' subtree; the council: those
brought before a session; filtered by year and status) and one with its ETag; a head of the
unit or the emulation office checks a proposal's eligibility before saving it, saves a draft,
submits it (judged again on the day it is received); the office accepts a proposal the
engine found not eligible with a reason, and checks the dossier (accepted or returned). The
office drafts a decision over approved proposals, signs it with the register's number and
date (the awards enter the registry), downloads it (DOCX, PDF when installed), and prints
certificates (each field's text and place on the blank, printer offsets included) and sets
a title's printer offsets.

A change to a proposal, a decision or a layout checks If-Match when it is sent (the ETag of
its GET); setting a layout's offsets replaces them and needs it. Mounted by
thidua/awards/api.py."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, check_if_match, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.org import selectors as org_selectors

from . import documents
from .api_schemas import ProposalDetailOut, ProposalOut
from .authority import NAMES_VI
from .certificates import certificate_values, placed
from .choices import AwardCode, GrantingAuthority, ProposalStatus
from .models import CertificateLayout, Decision, Proposal
from .rules import require_office
from .selectors import council as selectors
from .selectors import granting
from .services import council as services
from .services import proposals as proposal_services

YEAR_MIN, YEAR_MAX = 1945, 2100
IDS_MAX = 500
Code = Literal[tuple(AwardCode.values)]  # type: ignore[valid-type]
Status_ = Literal[tuple(ProposalStatus.values)]  # type: ignore[valid-type]
Authority = Literal[tuple(GrantingAuthority.values)]  # type: ignore[valid-type]
AUTHORITY_WORDS = (
    "Cấp có thẩm quyền quyết định: minister (Bộ trưởng: Bộ ký), prime_minister (Thủ tướng "
    "Chính phủ), president (Chủ tịch nước) — với hai cấp sau Bộ lập tờ trình và ghi nhận "
    "quyết định khi nhận được."
)

router = Router()


# ---------------------------------------------------------------- schemas
class SubjectIn(InputSchema):
    code: Code = Field(description="Danh hiệu hoặc hình thức khen thưởng.")
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description="Năm của thành tích.")
    person_id: Id | None = Field(None, description="Người được đề nghị (hoặc unit_id).")
    unit_id: Id | None = Field(None, description="Tập thể được đề nghị (hoặc person_id).")


class AwardProposalIn(SubjectIn):
    achievements: model_field(Proposal, "achievements", max_length=8000) = ""
    override_reason: model_field(Proposal, "override_reason", max_length=4000) = Field(
        "",
        description=(
            "Chỉ cần khi cùng thành tích năm đó đã có hình thức khác (Giấy khen, Bằng khen) "
            "được đề nghị hoặc khen thưởng (một thành tích, một hình thức)."
        ),
    )


class ProposalPreviewOut(Schema):
    verdict: dict
    same_achievement: list[str]


class SubmitIn(InputSchema):
    override_reason: model_field(Proposal, "override_reason", max_length=4000) = ""


class SendIn(InputSchema):
    proposal_ids: list[Id] = Field(
        min_length=1,
        max_length=IDS_MAX,
        description="Các bản nháp hoặc đề nghị bị trả lại cần gửi cùng lúc.",
    )


class OverrideIn(InputSchema):
    reason: model_field(Proposal, "override_reason", max_length=4000)


class CheckIn(InputSchema):
    accept: bool = Field(description="true: hồ sơ đạt; false: trả lại đơn vị (cần lý do).")
    reason: model_field(Proposal, "override_reason", max_length=4000) = ""


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: date | None
    issuer: str
    authority: Authority = Field(description=AUTHORITY_WORDS)
    authority_label: str = Field(
        description="Tên cấp bằng tiếng Việt: Bộ trưởng, Thủ tướng Chính phủ, Chủ tịch nước."
    )
    submission_number: str = Field(
        description="Số Tờ trình của Bộ gửi cấp trên, số/ký hiệu (vd. 15/TTr-BKHCN), cấp một "
        "lần khi lập tờ trình; rỗng với quyết định của Bộ trưởng."
    )
    summary: str
    signer_name: str
    signer_title: str
    n_awards: int = Field(description="Số khen thưởng đã vào sổ theo quyết định.")

    @staticmethod
    def resolve_authority_label(obj):
        level = obj["authority"] if isinstance(obj, dict) else obj.authority  # the detail's dict
        return NAMES_VI.get(level, level)


class DecisionAwardOut(Schema):
    id: int
    code: str
    year: int
    person_id: int | None
    unit_id: int | None
    subject: str


class DecisionDetailOut(DecisionOut):
    proposal_ids: list[int]
    awards: list[DecisionAwardOut]


class DecisionIn(InputSchema):
    proposal_ids: list[Id] = Field(
        min_length=1, max_length=IDS_MAX, description="Đề nghị đã được hội đồng thông qua."
    )
    summary: model_field(Decision, "summary")
    issuer: model_field(Decision, "issuer")
    signer_name: model_field(Decision, "signer_name") = ""
    signer_title: model_field(Decision, "signer_title") = ""
    authority: Authority | None = Field(
        None,
        description=AUTHORITY_WORDS + " Bỏ trống: cấp mà các đề nghị cần; đề nghị mà cấp đã "
        "chọn không có thẩm quyền quyết định: 422, nêu tên từng đề nghị.",
    )


class SignIn(InputSchema):
    number: model_field(Decision, "number") = Field(description="Số quyết định trong sổ văn bản.")
    signed_on: Day
    issuer: model_field(Decision, "issuer") = Field(
        "",
        description="Cơ quan, người ban hành quyết định của cấp trên (bỏ trống: giữ như bản nháp).",
    )


class FieldOut(Schema):
    name: str
    text: str
    x: float
    y: float
    w: float
    size: float


class CertificateOut(Schema):
    award_id: int
    code: str
    page_width_mm: int
    page_height_mm: int
    fields: list[FieldOut]


class LayoutOut(Schema):
    code: str
    page_width_mm: int
    page_height_mm: int
    offset_x_mm: Decimal
    offset_y_mm: Decimal
    fields: dict


class LayoutIn(InputSchema):
    offset_x: model_field(CertificateLayout, "offset_x_mm") = Field(description="mm, -50 đến 50.")
    offset_y: model_field(CertificateLayout, "offset_y_mm") = Field(description="mm, -50 đến 50.")


# ---------------------------------------------------------------- helpers
def _subject(request, payload: SubjectIn) -> dict:
    """The proposal's subject, exactly one of a person and a collective (404: no such one)."""
    if (payload.person_id is None) == (payload.unit_id is None):
        raise ValidationError(_("Propose either a person or a collective."))
    if payload.person_id is not None:
        return {"person": org_selectors.person_get(viewer=request.user, pk=payload.person_id)}
    return {"unit": org_selectors.unit_get(viewer=request.user, pk=payload.unit_id)}


def _proposal_for_update(request, proposal_id: int, if_match: str | None) -> Proposal:
    return for_update(
        selectors.proposal_get(viewer=request.user, pk=proposal_id),
        schema=ProposalDetailOut,
        if_match=if_match,
        required=False,
    )


def _proposal(request, proposal_id: int) -> Proposal:
    return selectors.proposal_get(viewer=request.user, pk=proposal_id)


def _decision_detail(decision: Decision) -> dict:
    return {
        **DecisionOut.model_validate(decision, from_attributes=True).model_dump(),
        "proposal_ids": selectors.decision_proposal_ids(decision),
        "awards": [
            {
                "id": a.pk,
                "code": a.code,
                "year": a.year,
                "person_id": a.person_id,
                "unit_id": a.unit_id,
                "subject": str(a.person or a.unit or ""),
            }
            for a in decision.awards.select_related("person", "unit").order_by("pk")
        ],
    }


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_response(content_type: str, what: str) -> dict:
    return {
        "responses": {
            200: {"description": what, "content": {content_type: {"schema": {"type": "string"}}}}
        }
    }


def _layout(code: str) -> CertificateLayout:
    if code not in AwardCode.values:
        raise Http404
    return selectors.layout_for(code)


# ---------------------------------------------------------------- proposals
@router.post(
    "/proposals/preview",
    response={200: ProposalPreviewOut, **ERRORS},
    summary="Xét điều kiện trước khi lập đề nghị",
    description=(
        "Thủ trưởng đơn vị có người/tập thể được đề nghị, hoặc bộ phận thi đua (khác: 403): "
        "kết quả xét điều kiện đề nghị sẽ mang, và các hình thức khác cùng thành tích năm đó "
        "(một thành tích, một hình thức). Không ghi gì."
    ),
)
def proposal_preview(request, payload: SubjectIn):
    subject = _subject(request, payload)
    verdict = services.proposal_preview(
        actor=request.user, code=payload.code, year=payload.year, **subject
    )
    others = selectors.same_achievement_others(year=payload.year, code=payload.code, **subject)
    return {"verdict": verdict, "same_achievement": [selectors.describe_other(r) for r in others]}


@router.get(
    "/proposals",
    operation_id="thidua_awards_api_proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Đề nghị khen thưởng tôi được xem",
    description=(
        "Bộ phận thi đua: tất cả; thủ trưởng: đề nghị của các đơn vị mình phụ trách; thành "
        "viên hội đồng: đề nghị đã đưa ra phiên họp. Lọc theo năm, trạng thái và cấp có thẩm "
        "quyền quyết định (authority, như trang danh sách; giá trị khác: 422); mới trước. Không "
        "kèm thành tích (xem từng đề nghị)."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def proposals(
    request,
    year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None,
    status: Status_ | None = None,
    authority: Authority | None = None,
):
    found = selectors.proposal_list(viewer=request.user, filters={"status": status, "year": year})
    return found.filter(granting.decided_by(authority)) if authority else found


@router.post(
    "/proposals",
    response={201: ProposalDetailOut, **ERRORS},
    summary="Lập đề nghị khen thưởng (bản nháp)",
    description=(
        "Thủ trưởng đơn vị có người/tập thể được đề nghị, hoặc bộ phận thi đua (khác: 403). "
        "Đề nghị mang kết quả xét điều kiện; cùng thành tích đã có hình thức khác thì cần lý "
        "do (override_reason), không có: 422. Người có vụ việc đang xử lý: 422."
    ),
)
def proposal_create(request, payload: AwardProposalIn):
    created = services.proposal_create(
        actor=request.user,
        code=payload.code,
        year=payload.year,
        achievements=payload.achievements,
        override_reason=payload.override_reason,
        **_subject(request, payload),
    )
    return Status(201, _proposal(request, created.pk))


@router.post(
    "/proposals/send",
    response={200: list[ProposalOut], **ERRORS},
    summary="Gửi nhiều đề nghị lên bộ phận thi đua cùng lúc",
    description=(
        "Như nút “Gửi các đề nghị đã chọn” của danh sách: mỗi đề nghị được gửi như khi gửi "
        "riêng (kết quả xét tính lại theo ngày nhận hồ sơ, ghi nhật ký từng đề nghị), trong "
        "một giao dịch. Đề nghị không xem được: 404; không có quyền gửi đề nghị nào trong số "
        "đó: 403; một đề nghị bị từ chối (vd. người có vụ việc đang xử lý, cùng thành tích đã "
        "có hình thức khác): 422 nêu lý do của từng đề nghị (loc: proposal_ids, id), không gửi "
        "đề nghị nào."
    ),
)
def proposals_send(request, payload: SendIn):
    try:
        found = selectors.proposals_chosen(viewer=request.user, pks=set(payload.proposal_ids))
    except Proposal.DoesNotExist:
        raise Http404 from None
    try:
        sent = proposal_services.proposals_submit(actor=request.user, proposals=found)
    except proposal_services.ProposalsRefused as exc:
        return Status(
            422,
            {
                "detail": [
                    {"loc": ["body", "proposal_ids", p.pk], "msg": reason, "type": "value_error"}
                    for p, reasons in exc.refusals
                    for reason in reasons
                ]
            },
        )
    return list(selectors.proposal_list(viewer=request.user).filter(pk__in=[p.pk for p in sent]))


# After the paths under /proposals/ that are words (preview), which it would take.
@router.get(
    "/proposals/{proposal_id}",
    operation_id="thidua_awards_api_proposal",
    response={200: ProposalDetailOut, **ERRORS},
    summary="Một đề nghị khen thưởng",
    description=(
        "Với thành tích tóm tắt và kết quả xét điều kiện; chỉ người được xem (khác: 404). Kèm "
        "ETag (gửi trong If-Match khi gửi, chấp nhận ngoại lệ hoặc thẩm định)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def proposal(request, proposal_id: Id, response: HttpResponse):
    return set_etag(
        response, ProposalDetailOut, selectors.proposal_get(viewer=request.user, pk=proposal_id)
    )


@router.post(
    "/proposals/{proposal_id}/submit",
    response={200: ProposalDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Gửi đề nghị (hồ sơ) lên bộ phận thi đua",
    description=(
        "Thủ trưởng đơn vị hoặc bộ phận thi đua, với bản nháp hoặc đề nghị bị trả lại: kết quả "
        "xét được tính lại theo ngày nhận hồ sơ (hôm nay). If-Match (ETag của GET "
        "/proposals/{id}) được kiểm tra khi có gửi."
    ),
)
def proposal_submit(request, proposal_id: Id, payload: SubmitIn, if_match: str | None = IfMatch):
    found = _proposal_for_update(request, proposal_id, if_match)
    services.proposal_submit(
        actor=request.user, proposal=found, override_reason=payload.override_reason
    )
    return _proposal(request, proposal_id)


@router.post(
    "/proposals/{proposal_id}/override",
    response={200: ProposalDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Chấp nhận đề nghị chưa đủ điều kiện, kèm lý do",
    description=(
        "Bộ phận thi đua, trước khi hội đồng quyết định; lý do bắt buộc và được ghi lại. "
        "If-Match được kiểm tra khi có gửi."
    ),
)
def proposal_override(
    request, proposal_id: Id, payload: OverrideIn, if_match: str | None = IfMatch
):
    require_office(request.user, explain=True)
    found = _proposal_for_update(request, proposal_id, if_match)
    services.proposal_override(actor=request.user, proposal=found, reason=payload.reason)
    return _proposal(request, proposal_id)


@router.post(
    "/proposals/{proposal_id}/check",
    response={200: ProposalDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Thẩm định hồ sơ đề nghị",
    description=(
        "Bộ phận thi đua, với đề nghị đã gửi: đạt (đưa ra hội đồng được) hoặc trả lại đơn vị "
        "kèm lý do. Đề nghị chưa đủ điều kiện cần được chấp nhận ngoại lệ trước. If-Match "
        "được kiểm tra khi có gửi."
    ),
)
def proposal_check(request, proposal_id: Id, payload: CheckIn, if_match: str | None = IfMatch):
    require_office(request.user, explain=True)
    found = _proposal_for_update(request, proposal_id, if_match)
    services.proposal_check(
        actor=request.user, proposal=found, accept=payload.accept, reason=payload.reason
    )
    return _proposal(request, proposal_id)


# ---------------------------------------------------------------- decisions
@router.get(
    "/decisions",
    response={200: list[DecisionOut], **ERRORS},
    summary="Các quyết định khen thưởng",
    description="Bộ phận thi đua (khác: 403): bản nháp và đã ký; mới trước.",
)
@paginate(KeysetPagination, ordering=("-created_at", "-pk"))
def decisions(request):
    return selectors.decision_list(viewer=request.user)


@router.post(
    "/decisions",
    response={201: DecisionDetailOut, **ERRORS},
    summary="Soạn quyết định khen thưởng (bản nháp)",
    description=(
        "Bộ phận thi đua, với các đề nghị đã được hội đồng thông qua, chưa ở bản nháp quyết "
        "định khác và đều thuộc thẩm quyền của cấp đã chọn (authority) — khác: 422 nêu tên "
        "từng đề nghị, không ghi gì. Số và ngày lấy từ sổ văn bản khi ký (cấp trên: khi nhận "
        "được quyết định)."
    ),
)
def decision_create(request, payload: DecisionIn):
    require_office(request.user, explain=True)
    ids = set(payload.proposal_ids)
    approved = list(selectors.approved_proposals(viewer=request.user).filter(pk__in=ids))
    if len(approved) != len(ids):
        raise ValidationError(
            {"proposal_ids": _("Only proposals approved by the council can be decided.")}
        )
    created = services.decision_create(
        actor=request.user,
        proposals=approved,
        summary=payload.summary,
        issuer=payload.issuer,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        authority=payload.authority,
    )
    return Status(201, _decision_detail(selectors.decision_get(viewer=request.user, pk=created.pk)))


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Một quyết định khen thưởng",
    description=(
        "Bộ phận thi đua: các đề nghị của quyết định và (khi đã ký) các khen thưởng vào sổ; "
        "kèm ETag (gửi trong If-Match khi ký)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def decision(request, decision_id: Id, response: HttpResponse):
    detail = _decision_detail(selectors.decision_get(viewer=request.user, pk=decision_id))
    return set_etag(response, DecisionDetailOut, detail)


@router.post(
    "/decisions/{decision_id}/sign",
    response={200: DecisionDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Ký (ban hành) hoặc ghi nhận quyết định khen thưởng",
    description=(
        "Bộ phận thi đua ghi số và ngày của sổ văn bản — với quyết định của Thủ tướng Chính "
        "phủ, Chủ tịch nước: số, ngày và cơ quan ban hành của quyết định nhận được —, một lần: "
        "các khen thưởng vào sổ theo quyết định, các đề nghị thành đã quyết định. If-Match "
        "được kiểm tra khi có gửi."
    ),
)
def decision_sign(request, decision_id: Id, payload: SignIn, if_match: str | None = IfMatch):
    require_office(request.user, explain=True)
    found = selectors.decision_get(viewer=request.user, pk=decision_id)
    Decision.objects.select_for_update().filter(pk=found.pk).first()
    check_if_match(if_match, schema=DecisionDetailOut, obj=_decision_detail(found), required=False)
    services.decision_sign(
        actor=request.user,
        decision=found,
        number=payload.number,
        signed_on=payload.signed_on,
        issuer=payload.issuer,
    )
    return _decision_detail(selectors.decision_get(viewer=request.user, pk=decision_id))


@router.get(
    "/decisions/{decision_id}/docx",
    response={200: None, **ERRORS},
    summary="Quyết định khen thưởng (DOCX)",
    description="Bộ phận thi đua; tệp Word như trên trang.",
    openapi_extra=_file_response(documents.DOCX_CONTENT_TYPE, "Quyết định"),
)
def decision_docx(request, decision_id: Id):
    found = selectors.decision_get(viewer=request.user, pk=decision_id)
    content = documents.decision_docx(found, selectors.decision_proposals(found))
    return _download(content, documents.DOCX_CONTENT_TYPE, f"quyet-dinh-{found.pk}.docx")


@router.get(
    "/decisions/{decision_id}/pdf",
    response={200: None, **ERRORS},
    summary="Quyết định khen thưởng (PDF)",
    description="Bộ phận thi đua; 404 khi máy chủ chưa cài công cụ xuất PDF.",
    openapi_extra=_file_response(documents.PDF_CONTENT_TYPE, "Quyết định"),
)
def decision_pdf(request, decision_id: Id):
    found = selectors.decision_get(viewer=request.user, pk=decision_id)
    if not documents.pdf_available():
        raise Http404
    content = documents.decision_pdf(found, selectors.decision_proposals(found))
    return _download(content, documents.PDF_CONTENT_TYPE, f"quyet-dinh-{found.pk}.pdf")


# ---------------------------------------------------------------- certificates
@router.get(
    "/certificates/{award_id}",
    response={200: CertificateOut, **ERRORS},
    summary="Giấy chứng nhận của một khen thưởng (để in)",
    description=(
        "Bộ phận thi đua: khổ giấy và từng trường (nội dung, vị trí x/y và bề rộng theo mm, cỡ "
        "chữ theo pt) đã cộng độ lệch của máy in — như trang in."
    ),
)
def certificate(request, award_id: Id):
    award = selectors.award_get(viewer=request.user, pk=award_id)
    layout = selectors.layout_for(award.code)
    return {
        "award_id": award.pk,
        "code": award.code,
        "page_width_mm": layout.page_width_mm,
        "page_height_mm": layout.page_height_mm,
        "fields": placed(layout, certificate_values(award)),
    }


@router.get(
    "/certificate-layouts/{code}",
    response={200: LayoutOut, **ERRORS},
    summary="Bố cục giấy chứng nhận của một danh hiệu/hình thức",
    description="Bộ phận thi đua: khổ giấy, vị trí các trường, độ lệch máy in; kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def certificate_layout(request, code: Code, response: HttpResponse):
    require_office(request.user, explain=True)
    return set_etag(response, LayoutOut, _layout(code))


@router.put(
    "/certificate-layouts/{code}",
    response={200: LayoutOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đặt độ lệch máy in cho giấy chứng nhận (cần If-Match)",
    description=(
        "Bộ phận thi đua; độ lệch theo mm (âm: sang trái/lên trên). Bắt buộc If-Match bằng "
        "ETag của GET: thiếu → 428, đã có người đổi → 412."
    ),
)
def certificate_layout_set(request, code: Code, payload: LayoutIn, if_match: str | None = IfMatch):
    require_office(request.user, explain=True)
    # Not api_etag.for_update: a layout never saved has no row (its GET shows the defaults).
    CertificateLayout.objects.select_for_update().filter(code=code).first()
    check_if_match(if_match, schema=LayoutOut, obj=_layout(code))
    services.layout_save(
        actor=request.user, code=code, offset_x=payload.offset_x, offset_y=payload.offset_y
    )
    return _layout(code)
