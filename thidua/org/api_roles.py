"""Organisation API, role assignments: state roles granted and ended by administrators,
Party secretary roles only by a Party role over the body (the services check it). A role's
GET answers an ETag; ending it checks If-Match when sent. Mounted by thidua/org/api.py.

Who holds which rights includes the Party secretary's rights a membership carries (a cell's
secretary or deputy secretary holds them without a role row: org.rules): listed and read
beside the role rows, `source: "membership"`, with the membership's id negated as their id
(so ids stay unique and the keyset order — newest first, then by id — spans both), seen by
whoever sees the Party secretary roles of that body. They are ended by changing the
membership, never here (409)."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, for_update, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import (
    ERRORS,
    ID_MAX,
    PRECONDITION_ERRORS,
    Day,
    Id,
    InputSchema,
    MessageOut,
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
    source: Literal["assignment", "membership"] = Field(
        description=(
            "assignment: vai trò đã giao (kết thúc bằng POST /roles/{id}/end); membership: "
            "quyền bí thư có từ vai trò bí thư, phó bí thư trong lần sinh hoạt đảng (id âm, "
            "chỉ đọc: đổi hoặc kết thúc lần sinh hoạt đảng đó để kết thúc quyền)."
        )
    )
    membership_id: int | None = Field(
        description="Lần sinh hoạt đảng cho quyền (source = membership); null với vai trò đã giao."
    )

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_source(obj):
        return getattr(obj, "source", "assignment")

    @staticmethod
    def resolve_membership_id(obj):
        return getattr(obj, "membership_id", None)

    @staticmethod
    def resolve_person_id(obj):
        person = getattr(obj.user, "person", None)
        return person.pk if person is not None else None


# A role's id in a path: a role assignment's (positive) or a right held by membership's
# (the membership's id negated).
RoleId = Annotated[int, Field(ge=-ID_MAX, le=ID_MAX)]


@dataclass(frozen=True)
class RoleRows:
    """The role rows and the rights by membership a list shows, paged together."""

    assignments: QuerySet
    memberships: QuerySet


class RolesPagination(KeysetPagination):
    """KeysetPagination over RoleRows: each source filtered after the cursor and cut to a
    page in SQL, the two pages merged in the list's order (-valid_from, -id). The cursor is
    the same [day, id] as for one queryset."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request, **params: Any) -> Any:
        if not isinstance(queryset, RoleRows):
            return super().paginate_queryset(queryset, pagination, request, **params)
        after = self.decode(pagination.cursor) if pagination.cursor else None
        rows: list[Any] = []
        for qs, key in ((queryset.assignments, "pk"), (queryset.memberships, "right_id")):
            qs = qs.order_by("-valid_from", f"-{key}")
            try:
                if after is not None:
                    day, last = after
                    qs = qs.filter(
                        Q(valid_from__lt=day) | Q(valid_from=day, **{f"{key}__lt": last})
                    )
                page = list(qs[: pagination.limit + 1])
            except (ValueError, TypeError, ValidationError):  # a value of the wrong type
                raise self._invalid() from None
            rows += selectors.as_membership_rights(page) if key == "right_id" else page
        rows.sort(key=lambda r: (r.valid_from, r.pk), reverse=True)
        items = rows[: pagination.limit]
        more = len(rows) > pagination.limit
        return {"items": items, "next_cursor": self.encode(items[-1]) if more else None}


def _membership_right(request, role_id: int) -> selectors.MembershipRight:
    found = selectors.membership_rights(viewer=request.user).filter(pk=-role_id)
    rights = selectors.as_membership_rights(found)
    if not rights:
        raise Http404
    return rights[0]


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
        "chức đảng mình phụ trách (quản trị không thấy vai trò Đảng), kèm quyền bí thư mà bí "
        "thư, phó bí thư có từ lần sinh hoạt đảng (`source: membership`, id âm, chỉ đọc). "
        "Lọc theo người, vai trò, và `on` (chỉ vai trò, quyền còn hiệu lực vào ngày đó). Mới "
        "trước (ngày bắt đầu, rồi id)."
    ),
)
@paginate(RolesPagination, ordering=("-valid_from", "-pk"))
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
            return RoleRows(
                selectors.role_assignment_list(viewer=request.user).none(),
                selectors.membership_rights(viewer=request.user).none(),
            )
        user_id = person.user_id
    filters = {"viewer": request.user, "user_id": user_id, "role": role, "on": on}
    return RoleRows(
        selectors.role_assignment_list(**filters), selectors.membership_rights(**filters)
    )


@router.get(
    "/roles/{role_id}",
    response={200: RoleOut, **ERRORS},
    summary="Một vai trò đã giao",
    description=(
        "Kèm ETag; chỉ người quản lý vai trò đó (khác: 404). Id âm: quyền bí thư có từ lần "
        "sinh hoạt đảng có id đó (dương), cùng người được xem."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def role(request, role_id: RoleId, response: HttpResponse):
    if role_id < 0:
        return set_etag(response, RoleOut, _membership_right(request, role_id))
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
    response={200: RoleOut, **ERRORS, 409: MessageOut, **PRECONDITION_ERRORS},
    summary="Kết thúc một vai trò từ một ngày",
    description=(
        "Vai trò hết hiệu lực từ ngày `valid_to` (sau ngày bắt đầu). Cùng quyền như giao vai "
        "trò. If-Match (ETag của GET /roles/{id}) được kiểm tra khi có gửi. Quyền có từ lần "
        "sinh hoạt đảng (id âm, `source: membership`): 409, không ghi gì — đổi vai trò hoặc "
        "kết thúc lần sinh hoạt đó (POST /api/v1/party/memberships/{id}/role, /end)."
    ),
)
def role_end(request, role_id: RoleId, payload: RoleEndIn, if_match: str | None = IfMatch):
    if role_id < 0:
        right = _membership_right(request, role_id)  # unseen: 404, as a role
        raise HttpError(
            409,
            _(
                "These Party secretary rights come from the person's Party membership "
                "(membership %(membership)s), not from a role granted: to end them, change the "
                "Party role of that membership or end it (POST "
                "/api/v1/party/memberships/%(membership)s/role or /end)."
            )
            % {"membership": right.membership_id},
        )
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
