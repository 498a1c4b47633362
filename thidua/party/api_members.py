"""Party API, memberships: one membership with its ETag, for who covers its body, and Party
members imported from our CSV/JSON export (every row checked, nothing written when one is
wrong). Mounted by thidua/party/api.py."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema, UploadedFile

from thidua.core.api_etag import ETAG_RESPONSE, set_etag
from thidua.core.api_schemas import ERRORS, Id
from thidua.org.models import PartyMembership

from . import exchange, selectors
from .api_base import UPLOAD, PartyRouter, get_one, refuse_too_large, stored_name

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
    covered = selectors.party_bodies_covered(viewer=request.user)
    memberships = PartyMembership.objects.select_related("person")
    found = get_one(memberships.filter(organization__in=covered), membership_id)
    return set_etag(response, MembershipOut, found)


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
