"""Organisation API, role assignments: state roles granted and ended by administrators,
Party secretary roles only by a Party role over the body (the services check it). A role's
GET answers an ETag; ending it checks If-Match when sent. Mounted by thidua/org/api.py."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
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

from . import selectors, services
from .api_base import OrgRouter, require_admin
from .choices import Role
from .models import RoleAssignment

router = OrgRouter()


class RoleOut(Schema):
    id: int
    user_id: int
    username: str
    person_id: int | None
    role: str
    unit_id: int | None
    unit_group_id: int | None
    party_organization_id: int | None
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_person_id(obj):
        person = getattr(obj.user, "person", None)
        return person.pk if person is not None else None


class RoleIn(InputSchema):
    person_id: Id = Field(description="Người nhận vai trò (phải có tài khoản).")
    role: model_field(RoleAssignment, "role")
    valid_from: Day
    unit_id: Id | None = None
    unit_group_id: Id | None = None
    party_organization_id: Id | None = None


class RoleEndIn(InputSchema):
    valid_to: Day


@router.get(
    "/roles",
    response={200: list[RoleOut], **ERRORS},
    summary="Các vai trò đã giao",
    description=(
        "Quản trị: các vai trò chính quyền; người giữ vai trò Đảng: vai trò bí thư của các tổ "
        "chức đảng mình phụ trách (quản trị không thấy vai trò Đảng). Lọc theo người, vai trò, "
        "và `on` (chỉ vai trò còn hiệu lực vào ngày đó)."
    ),
)
@paginate(KeysetPagination, ordering=("-valid_from", "-pk"))
def roles(
    request,
    person_id: Id | None = None,
    role: model_field(RoleAssignment, "role") | None = None,
    on: Day | None = None,
):
    user_id = None
    if person_id is not None:
        person = selectors.person_get(viewer=request.user, pk=person_id)
        if person.user_id is None:
            return selectors.role_assignment_list(viewer=request.user).none()
        user_id = person.user_id
    return selectors.role_assignment_list(viewer=request.user, user_id=user_id, role=role, on=on)


@router.get(
    "/roles/{role_id}",
    response={200: RoleOut, **ERRORS},
    summary="Một vai trò đã giao",
    description="Kèm ETag; chỉ người quản lý vai trò đó (khác: 404).",
    openapi_extra=ETAG_RESPONSE,
)
def role(request, role_id: Id, response: HttpResponse):
    return set_etag(
        response, RoleOut, selectors.role_assignment_get(viewer=request.user, pk=role_id)
    )


@router.post(
    "/roles",
    response={201: RoleOut, **ERRORS},
    summary="Giao vai trò",
    description=(
        "Vai trò chính quyền: chỉ quản trị (thủ trưởng cần đơn vị). Vai trò bí thư: chỉ người "
        "giữ vai trò Đảng đối với tổ chức đảng đó — không phải quản trị (403)."
    ),
)
def role_create(request, payload: RoleIn):
    if payload.role == Role.PARTY_SECRETARY:
        if payload.party_organization_id is None:
            raise ValidationError(
                {"party_organization_id": _("A Party secretary role needs a Party body.")}
            )
        try:
            body = selectors.party_body_get(viewer=request.user, pk=payload.party_organization_id)
        except ObjectDoesNotExist:
            raise PermissionDenied(
                _("Only someone holding a Party role over this Party body may change it.")
            ) from None
        scope = {"party_organization": body}
    else:
        require_admin(request)
        if payload.party_organization_id is not None:
            raise ValidationError(
                {"party_organization_id": _("Only a Party secretary role has a Party body.")}
            )
        scope = {
            "unit": selectors.unit_get(viewer=request.user, pk=payload.unit_id)
            if payload.unit_id
            else None,
            "unit_group": selectors.unit_group_get(viewer=request.user, pk=payload.unit_group_id)
            if payload.unit_group_id
            else None,
        }
    person = selectors.person_get(viewer=request.user, pk=payload.person_id)
    if person.user_id is None:
        raise ValidationError({"person_id": _("This person has no account to give a role to.")})
    created = services.role_grant(
        actor=request.user,
        user=get_user_model()._default_manager.get(pk=person.user_id),
        role=payload.role,
        valid_from=payload.valid_from,
        **scope,
    )
    return Status(201, selectors.role_assignment_get(viewer=request.user, pk=created.pk))


@router.post(
    "/roles/{role_id}/end",
    response={200: RoleOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Kết thúc một vai trò từ một ngày",
    description=(
        "Vai trò hết hiệu lực từ ngày `valid_to` (sau ngày bắt đầu). Cùng quyền như giao vai "
        "trò. If-Match (ETag của GET /roles/{id}) được kiểm tra khi có gửi."
    ),
)
def role_end(request, role_id: Id, payload: RoleEndIn, if_match: str | None = IfMatch):
    found = for_update(
        selectors.role_assignment_list(viewer=request.user),
        pk=role_id,
        schema=RoleOut,
        if_match=if_match,
        required=False,
    )
    if payload.valid_to <= found.valid_from:
        raise ValidationError({"valid_to": _("A role ends after the day it began.")})
    services.role_revoke(actor=request.user, assignment=found, valid_to=payload.valid_to)
    return selectors.role_assignment_get(viewer=request.user, pk=role_id)
