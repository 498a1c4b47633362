"""API of the audit log (issue 15, point 2), mounted at /api/v1/audit/ with the read-only
`audit` scope: the events the audit page shows (views/audit.py), to the same viewers and in
the same scope — administrators everything, a unit head the events on their units' people,
goals and ratings (each app's audit_scope.py), everyone else 403 — through the same selector
(audit.audit_events), written the same way: the actor by their person's name, the action in
words beside its code, each changed field's value before and after as the page shows it."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from .api_pagination import KeysetPagination
from .api_schemas import ERRORS, Day
from .audit import audit_events
from .audit_labels import ACTION_LABELS
from .forms import AuditFilterForm
from .models import AuditEvent
from .rules import can_view_some_audit
from .views.audit import _row as audit_row

router = Router(tags=["audit"])

_FORM = AuditFilterForm.base_fields


class AuditFilters(Schema):
    action: str = Field(
        "",
        max_length=80,
        description="Mã hành động (ví dụ `goal.approved`); bỏ trống: mọi hành động.",
    )
    target_type: str = Field(
        "",
        max_length=_FORM["target_type"].max_length,
        description="Loại đối tượng (`app.model`, ví dụ `goals.goal`).",
    )
    target_id: str = Field(
        "", max_length=_FORM["target_id"].max_length, description="Số của đối tượng."
    )
    actor: str = Field(
        "",
        max_length=_FORM["actor"].max_length,
        description="Tên đăng nhập của người thực hiện (không phân biệt hoa thường).",
    )
    since: Day | None = Field(None, description="Từ ngày (YYYY-MM-DD), tính cả ngày đó.")
    until: Day | None = Field(None, description="Đến ngày (YYYY-MM-DD), tính cả ngày đó.")


class ChangeOut(Schema):
    field: str = Field(description="Trường đã đổi, bằng lời.")
    before: str = Field(description="Giá trị trước, như trang nhật ký hiển thị.")
    after: str = Field(description="Giá trị sau, như trang nhật ký hiển thị.")


class DetailOut(Schema):
    name: str = Field(description="Thông tin kèm theo, bằng lời.")
    value: str = Field(description="Giá trị, như trang nhật ký hiển thị.")


class AuditEventOut(Schema):
    id: int
    created_at: datetime = Field(description="Thời điểm ghi nhận.")
    actor: str = Field(description="Họ tên người thực hiện; rỗng: hệ thống.")
    actor_login: str = Field(description="Tên đăng nhập của người thực hiện lúc đó.")
    action: str = Field(description="Mã hành động.")
    action_label: str = Field(description="Hành động bằng lời (tiếng Việt).")
    target_type: str = Field(description="Loại đối tượng (`app.model`); rỗng: không có.")
    target_id: str = Field(description="Số của đối tượng.")
    target: str = Field(description="Đối tượng bằng lời (loại và số).")
    changes: list[ChangeOut] = Field(description="Các trường đã đổi: trước → sau.")
    details: list[DetailOut] = Field(description="Các thông tin khác của sự kiện.")

    @staticmethod
    def _row(event: AuditEvent) -> dict[str, Any]:
        row = getattr(event, "_api_row", None)
        if row is None:
            row = event._api_row = audit_row(event)
        return row

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        return str(AuditEventOut._row(obj)["actor"] or "")

    @staticmethod
    def resolve_actor_login(obj: AuditEvent) -> str:
        return obj.actor_name

    @staticmethod
    def resolve_action_label(obj: AuditEvent) -> str:
        return str(AuditEventOut._row(obj)["label"])

    @staticmethod
    def resolve_target(obj: AuditEvent) -> str:
        return str(AuditEventOut._row(obj)["target"])

    @staticmethod
    def resolve_changes(obj: AuditEvent) -> list[dict[str, str]]:
        return [
            {"field": str(name), "before": old, "after": new}
            for name, old, new in AuditEventOut._row(obj)["changes"]
        ]

    @staticmethod
    def resolve_details(obj: AuditEvent) -> list[dict[str, str]]:
        return [
            {"name": str(name), "value": value}
            for name, value in AuditEventOut._row(obj)["details"]
        ]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@router.get(
    "/events",
    response={200: list[AuditEventOut], **ERRORS},
    summary="Nhật ký thay đổi",
    description=(
        "Như trang nhật ký: quản trị hệ thống xem mọi sự kiện; trưởng đơn vị xem các thay đổi "
        "về người, đơn vị, mục tiêu và xếp loại của đơn vị mình phụ trách; người khác: 403. "
        "Mới trước, phân trang bằng con trỏ. Lọc theo mã hành động (`action`), loại và số đối "
        "tượng (`target_type`, `target_id`), tên đăng nhập người thực hiện (`actor`) và khoảng "
        "ngày (`since`, `until`, tính cả hai ngày). Mỗi sự kiện: thời điểm, họ tên người thực "
        "hiện, mã hành động và tên tiếng Việt, đối tượng, giá trị trước và sau của từng trường "
        "như trang hiển thị. Mã hành động không có hoặc khoảng ngày ngược: 422."
    ),
)
@paginate(KeysetPagination, ordering=("-created_at", "-pk"))
def audit_event_list(request, filters: Query[AuditFilters]):
    if not can_view_some_audit(request.user):
        raise PermissionDenied(_("The audit log is for administrators and unit heads."))
    errors: dict[str, list[str]] = {}
    if filters.action and filters.action not in ACTION_LABELS:
        errors["action"] = [_("Unknown action: choose one of the audit log's actions.")]
    if filters.since and filters.until and filters.until < filters.since:
        errors["until"] = [_("The end date must not be before the start date.")]
    if errors:
        raise ValidationError(errors)
    events = audit_events(
        viewer=request.user,
        action=filters.action,
        target_type=filters.target_type.strip(),
        target_id=filters.target_id.strip(),
        actor=filters.actor.strip(),
    ).select_related("actor__person")
    if filters.since:
        events = events.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(created_at__lt=_day_start(filters.until + timedelta(days=1)))
    return events
