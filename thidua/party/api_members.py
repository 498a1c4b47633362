"""Party API, memberships: Party members imported from our CSV/JSON export (every row
checked, nothing written when one is wrong). Mounted by thidua/party/api.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Schema, UploadedFile

from thidua.core.api_schemas import ERRORS

from . import exchange, selectors
from .api_base import UPLOAD, PartyRouter, refuse_too_large, stored_name

router = PartyRouter()


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
