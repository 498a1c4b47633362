"""API of the agency settings (issue 11, point 2), mounted at /api/v1/settings/ with the
`settings` scope: every setting as in force on a day, and a dated change of one — the page's
selector and service (thidua/core/agency_settings.py, views/agency_settings.py), for the
emulation office and administrators only (core.rules.can_manage_agency_settings). One setting
answers with an ETag (thidua/core/api_etag.py) of it as in force today with every change
recorded for it, and a change checks If-Match against it when sent (two offices changing the
same setting cannot overwrite each other)."""

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from . import agency_settings
from .api_etag import ETAG_RESPONSE, IfMatch, check_if_match, set_etag
from .api_schemas import ERRORS, PRECONDITION_ERRORS, Day, InputSchema, model_field
from .models import AgencySetting
from .rules import can_manage_agency_settings

router = Router(tags=["settings"])

Key = Annotated[str, Path(max_length=120, pattern=r"^[a-z0-9_.]+$", description="Mã thiết lập.")]


class ScheduledOut(Schema):
    valid_from: date = Field(description="Ngày thay đổi bắt đầu áp dụng.")
    value: Any = Field(description="Giá trị từ ngày đó.")
    reason: str


class AgencySettingOut(Schema):
    key: str = Field(description="Mã thiết lập.")
    description: str = Field(description="Thiết lập là gì (tiếng Việt).")
    basis: str = Field(description="Căn cứ pháp lý của giá trị mặc định.")
    confidence: str = Field(description="Mức chắc chắn của cách đọc căn cứ, bằng lời.")
    default: Any = Field(description="Giá trị mặc định theo quy định.")
    value: Any = Field(description="Giá trị đang áp dụng vào ngày `on`.")
    value_words: str = Field(description="Giá trị đang áp dụng, bằng lời.")
    valid_from: date | None = Field(
        description="Ngày giá trị đang áp dụng bắt đầu có hiệu lực; null: mặc định."
    )
    is_default: bool = Field(description="Đang dùng giá trị mặc định theo quy định.")
    reason: str = Field(description="Lý do của thay đổi đang áp dụng.")
    changed_by: str = Field(description="Người ghi thay đổi đang áp dụng.")
    scheduled: list[ScheduledOut] = Field(
        description="Các thay đổi đã ghi cho những ngày sau `on`, sớm nhất trước."
    )


class SettingChangeOut(Schema):
    valid_from: date = Field(description="Ngày thay đổi bắt đầu áp dụng.")
    value: Any = Field(description="Giá trị từ ngày đó.")
    reason: str = Field(description="Lý do của thay đổi.")
    changed_at: datetime = Field(description="Lúc ghi (hoặc ghi lại) thay đổi.")


class AgencySettingDetailOut(AgencySettingOut):
    changes: list[SettingChangeOut] = Field(
        description="Mọi thay đổi đã ghi cho thiết lập, ngày áp dụng muộn nhất trước."
    )


class AgencySettingsOut(Schema):
    on: date = Field(description="Ngày xem thiết lập.")
    items: list[AgencySettingOut]


class AgencySettingIn(InputSchema):
    value: Any = Field(description="Giá trị mới, cùng dạng với `default`.")
    reason: model_field(AgencySetting, "reason") = Field(description="Lý do thay đổi (bắt buộc).")
    valid_from: Day | None = Field(
        None, description="Áp dụng từ ngày (YYYY-MM-DD); bỏ trống: hôm nay."
    )


def _require_manager(request) -> None:
    if not can_manage_agency_settings(request.user):
        raise PermissionDenied(
            _(
                "Only the emulation & commendation office and administrators manage the agency settings."
            )
        )


def _out(row: agency_settings.SettingRow) -> dict:
    spec = row.spec
    return {
        "key": spec.key,
        "description": spec.description,
        "basis": spec.basis,
        "confidence": row.confidence,
        "default": spec.default,
        "value": row.value,
        "value_words": row.value_words,
        "valid_from": row.valid_from,
        "is_default": not row.changed,
        "reason": row.reason,
        "changed_by": row.changed_by,
        "scheduled": [
            {"valid_from": c.valid_from, "value": c.value, "reason": c.reason}
            for c in row.scheduled
        ],
    }


@router.get(
    "/agency",
    response={200: AgencySettingsOut, **ERRORS},
    summary="Thiết lập của cơ quan vào một ngày",
    description=(
        "Bộ phận thi đua – khen thưởng và quản trị hệ thống (khác: 403): mọi thiết lập của cơ "
        "quan với mô tả, căn cứ pháp lý, mức chắc chắn bằng lời, giá trị mặc định, giá trị "
        "áp dụng vào ngày `on` (mặc định hôm nay) và ngày bắt đầu áp dụng, cùng các thay đổi "
        "đã ghi cho những ngày sau."
    ),
)
def agency_settings_list(request, on: Day | None = None):
    _require_manager(request)
    on = on or timezone.localdate()
    rows = agency_settings.settings_table(viewer=request.user, on=on)
    return {"on": on, "items": [_out(row) for row in rows]}


def _detail(request, key: str) -> dict:
    """The setting `key` as in force today with every change recorded for it (404: no such
    setting); what GET agency/{key} answers and its ETag is a digest of."""
    if key not in {spec.key for spec in agency_settings.specs()}:
        raise Http404
    shown = agency_settings.settings_table(viewer=request.user, on=timezone.localdate())
    changes = AgencySetting.objects.filter(key=key).order_by("-valid_from")
    return {
        **_out(next(r for r in shown if r.spec.key == key)),
        "changes": [
            {
                "valid_from": c.valid_from,
                "value": c.value,
                "reason": c.reason,
                "changed_at": c.updated_at,
            }
            for c in changes
        ],
    }


@router.get(
    "/agency/{key}",
    response={200: AgencySettingDetailOut, **ERRORS},
    summary="Một thiết lập của cơ quan",
    description=(
        "Bộ phận thi đua – khen thưởng và quản trị hệ thống (khác: 403): thiết lập `key` như "
        "đang áp dụng hôm nay, cùng mọi thay đổi đã ghi cho nó; mã không có: 404. Trả kèm "
        "ETag để gửi lại trong If-Match khi đổi thiết lập."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def agency_setting(request, key: Key, response: HttpResponse):
    _require_manager(request)
    return set_etag(response, AgencySettingDetailOut, _detail(request, key))


@router.post(
    "/agency/{key}",
    response={200: AgencySettingOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi một thiết lập của cơ quan từ một ngày",
    description=(
        "Bộ phận thi đua – khen thưởng và quản trị hệ thống (khác: 403): giá trị mới của thiết "
        "lập `key`, áp dụng từ `valid_from` (mặc định hôm nay; ngày đã qua cũng được, lý do "
        "nói vì sao), kèm lý do bắt buộc. Những gì đã xét trước ngày đó giữ giá trị cũ. Ghi "
        "lại cho cùng một ngày thì thay giá trị của ngày đó. Mã không có, giá trị sai hoặc "
        "thiếu lý do: 422 với lời báo tiếng Việt, không ghi gì. Trả về thiết lập vào ngày "
        "`valid_from`. If-Match (ETag của GET agency/{key}) được kiểm tra khi có gửi: thiết "
        "lập đã có người đổi từ lần đọc đó → 412, không ghi gì."
    ),
)
def agency_setting_change(
    request, key: Key, payload: AgencySettingIn, if_match: str | None = IfMatch
):
    _require_manager(request)
    agency_settings.spec_of(key)  # an unknown key: 422, with If-Match or without
    if if_match is not None and if_match.strip():
        # the setting's changes locked: two writers check and write one after the other
        list(AgencySetting.objects.select_for_update().filter(key=key).values_list("pk"))
        check_if_match(
            if_match,
            schema=AgencySettingDetailOut,
            obj=_detail(request, key),
            required=False,
        )
    row = agency_settings.setting_override(
        actor=request.user,
        key=key,
        value=payload.value,
        reason=payload.reason,
        valid_from=payload.valid_from,
    )
    shown = agency_settings.settings_table(viewer=request.user, on=row.valid_from)
    return _out(next(r for r in shown if r.spec.key == key))
