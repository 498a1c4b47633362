"""Party API, memberships: one membership with its ETag, for who covers its body; a new
membership (a new member, a move), another Party role from a date and the end of a
membership, through thidua/party/services/org.py (the actor manages both the person's
current Party place and the target body); and Party members imported from our CSV/JSON
export (every row checked, nothing written when one is wrong). Mounted by
thidua/party/api.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status, UploadedFile

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.org.choices import MembershipStatus
from thidua.org.models import PartyMembership
from thidua.org.selectors import person_get

from . import exchange, selectors
from .api_base import UPLOAD, PartyRouter, bodies_covered, get_one, refuse_too_large, stored_name
from .services import org as services_org

router = PartyRouter()


class MembershipOut(Schema):
    id: int
    person_id: int
    full_name: str
    employee_code: str
    organization_id: int
    role: str
    status: str
    joined_party_on: date
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_full_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_employee_code(obj):
        return obj.person.employee_code


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    summary="Một lần sinh hoạt đảng của một đảng viên",
    description=(
        "Tổ chức đảng, vai trò, trạng thái, ngày vào Đảng và thời gian sinh hoạt; chỉ người "
        "phụ trách tổ chức đảng đó (khác: 404). Kèm ETag."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def membership(request, membership_id: Id, response: HttpResponse):
    return set_etag(response, MembershipOut, get_one(_memberships(request), membership_id))


def _memberships(request):
    """The memberships of the bodies the caller covers (the pages' Party scope)."""
    covered = selectors.party_bodies_covered(viewer=request.user)
    return PartyMembership.objects.select_related("person").filter(organization__in=covered)


def _membership_for_update(request, membership_id: int, if_match: str | None):
    found = for_update(
        _memberships(request),
        pk=membership_id,
        schema=MembershipOut,
        if_match=if_match,
        required=False,
    )
    return PartyMembership.objects.select_related("person", "organization").get(pk=found.pk)


class MembershipIn(InputSchema):
    person_id: Id
    organization_id: Id = Field(description="Tổ chức đảng sinh hoạt (người gọi phụ trách).")
    role: model_field(PartyMembership, "role") = "member"
    status: model_field(PartyMembership, "status") = "official"
    joined_party_on: Day
    valid_from: Day = Field(description="Sinh hoạt tại tổ chức này từ ngày.")


class MembershipRoleIn(InputSchema):
    role: model_field(PartyMembership, "role")
    valid_from: Day = Field(description="Giữ vai trò mới từ ngày (sau ngày bắt đầu hiện tại).")


class MembershipEndIn(InputSchema):
    valid_to: Day = Field(description="Thôi sinh hoạt tại tổ chức từ ngày.")
    status: model_field(PartyMembership, "status") = Field(
        MembershipStatus.TRANSFERRED.value,
        description="transferred: chuyển sinh hoạt đi; ended: thôi (các giá trị khác: 422).",
    )


@router.post(
    "/memberships",
    response={201: MembershipOut, **ERRORS},
    summary="Kết nạp, chuyển sinh hoạt đảng vào một tổ chức đảng",
    description=(
        "Từ ngày `valid_from`, người đó sinh hoạt tại tổ chức đảng này (lần sinh hoạt đang mở "
        "kết thúc cùng ngày). Người gọi phải phụ trách cả tổ chức đảng đích và nơi sinh hoạt "
        "hiện tại của người đó (khác: 403). Ngày không sau lần hiện tại, ngày vào Đảng sau "
        "ngày bắt đầu, trạng thái đã thôi, tổ chức chưa/không còn hoạt động: 422, không ghi "
        "gì. Ghi nhật ký."
    ),
)
def membership_create(request, payload: MembershipIn):
    (body,) = bodies_covered(request, [payload.organization_id])
    person = person_get(viewer=request.user, pk=payload.person_id)
    created = services_org.membership_set(
        actor=request.user,
        person=person,
        organization=body,
        **payload.dict(exclude={"person_id", "organization_id"}),
    )
    return Status(201, created)


@router.post(
    "/memberships/{membership_id}/role",
    response={201: MembershipOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi vai trò đảng (bí thư, phó bí thư, cấp ủy viên, đảng viên) từ một ngày",
    description=(
        "Lần sinh hoạt đang mở kết thúc vào ngày `valid_from`, một lần mới cùng tổ chức với "
        "vai trò mới bắt đầu (lịch sử giữ nguyên). Cùng quyền như kết nạp; ngoài phạm vi: 404; "
        "lần sinh hoạt đã kết thúc, vai trò không đổi hay ngày không sau ngày bắt đầu: 422. "
        "If-Match (ETag của GET /memberships/{id}) được kiểm tra khi có gửi."
    ),
)
def membership_role(
    request, membership_id: Id, payload: MembershipRoleIn, if_match: str | None = IfMatch
):
    found = _membership_for_update(request, membership_id, if_match)
    created = services_org.membership_role_change(
        actor=request.user, membership=found, **payload.dict()
    )
    return Status(201, created)


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Kết thúc sinh hoạt đảng tại một tổ chức (chuyển đi, thôi)",
    description=(
        "Lần sinh hoạt đang mở kết thúc vào ngày `valid_to` với trạng thái chuyển sinh hoạt "
        "đi hoặc thôi. Người gọi phải phụ trách nơi sinh hoạt của người đó (ngoài phạm vi: "
        "404). Đã kết thúc, ngày không sau ngày bắt đầu: 422, không ghi gì. If-Match (ETag "
        "của GET /memberships/{id}) được kiểm tra khi có gửi. Ghi nhật ký."
    ),
)
def membership_end(
    request, membership_id: Id, payload: MembershipEndIn, if_match: str | None = IfMatch
):
    found = _membership_for_update(request, membership_id, if_match)
    return services_org.membership_end(actor=request.user, membership=found, **payload.dict())


class MembersImportOut(Schema):
    created: int
    updated: int
    unchanged: int


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
    refuse_too_large(file)
    data = file.read()
    if b"\x00" in data:  # no text file holds one (and PostgreSQL refuses it in a value)
        raise ValidationError({"file": _("The file is not UTF-8 text.")})
    try:
        result = exchange.members_import(
            actor=request.user, name=stored_name(file.name or ""), data=data
        )
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text.")}) from None
    return MembersImportOut(**result)
