"""The one NinjaAPI (OpenAPI at /api/v1/docs); one router per app, each mounted with the
token scope its operations need (`ApiScope("goals")`: reads need goals:read, writes
goals:write). The API's own default auth refuses every call, so an operation cannot be
reached without a declared scope (tests/api/test_api_tokens.py checks each one has one).

Callers sign in with the browser's session (+ the CSRF header on writes) or send a personal
access token: `Authorization: Bearer td_...` (made on /accounts/tokens/). docs/API.md.

Every error is answered in django-ninja's format with a Vietnamese message: `{"detail":
"..."}` for 400/401/403/404, `{"detail": [{"loc", "msg", "type"}, ...]}` for 422 (bad
input, from the schemas or from a service's ValidationError). A write whose answer is an
error leaves nothing behind (each non-GET call runs in one transaction, rolled back on
any error answer)."""

import functools
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security.base import AuthBase

from thidua.accounts.api_auth import ApiScope, BearerRefused
from thidua.accounts.tokens import READ
from thidua.assistant import api_descriptions as assistant_descriptions
from thidua.assistant.api import router as assistant_router
from thidua.awards import api_descriptions as awards_descriptions
from thidua.awards.api import router as awards_router
from thidua.core import api_descriptions as core_descriptions
from thidua.core import openapi_descriptions
from thidua.core.api_audit import router as audit_router
from thidua.core.api_etag import PreconditionFailed, PreconditionRequired
from thidua.core.api_schemas import validation_error_items
from thidua.core.api_settings import router as settings_router
from thidua.core.numbers import format_number
from thidua.emulation import api_descriptions as emulation_descriptions
from thidua.emulation.api import router as emulation_router
from thidua.goals import api_descriptions as goals_descriptions
from thidua.goals.api import router as goals_router
from thidua.meetings import api_descriptions as meetings_descriptions
from thidua.meetings.api import router as meetings_router
from thidua.messaging import api_descriptions as messaging_descriptions
from thidua.messaging.api import router as messaging_router
from thidua.org import api_descriptions as org_descriptions
from thidua.org.api import router as org_router
from thidua.party import api_descriptions as party_descriptions
from thidua.party.api import router as party_router
from thidua.teams import api_descriptions as teams_descriptions
from thidua.teams.api import router as teams_router

DESCRIPTION = """API của Thi Đua: cùng các nghiệp vụ và cùng quyền như trên trang web.

Xác thực: phiên đăng nhập của trình duyệt (ghi cần header X-CSRFToken), hoặc mã truy cập cá
nhân `Authorization: Bearer td_...` tạo tại /accounts/tokens/ — mã chỉ dùng được trong phạm vi
đã chọn (`goals:read`, `party:write`, ...; quyền ghi gồm cả quyền đọc của cùng phân hệ) và
đến ngày hết hạn. Mã đã thu hồi hoặc hết hạn: 401; thiếu phạm vi: 403.

Danh sách phân trang bằng con trỏ: `?limit=` (1–200) và `?cursor=` lấy từ `next_cursor`.
Cập nhật (PUT/PATCH) cần `If-Match` bằng ETag của lần GET gần nhất: thiếu → 428, đã cũ → 412.
Lỗi theo dạng `{"detail": "..."}` hoặc `{"detail": [{"loc", "msg", "type"}]}` (422)."""


class NoScopeDeclared(AuthBase):
    """The API's default auth: refuses every call. An operation is reachable only through
    the ApiScope its router is mounted with (or its own)."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        raise PermissionDenied(_("This API operation declares no access scope."))


class ScopedOpenAPISchema(OpenAPISchema):
    """OpenAPI whose operations name their scope: `x-scope` and the bearer scheme's scopes,
    the session as the other way in; every property and parameter described in Vietnamese
    (thidua/core/openapi_descriptions.py)."""

    def __init__(self, api, path_prefix):
        super().__init__(api, path_prefix)
        self.unused_descriptions = openapi_descriptions.describe(
            self,
            properties=[module.properties for module in DESCRIPTIONS],
            parameters=[module.parameters for module in DESCRIPTIONS],
        )

    def operation_security(self, operation):
        scopes = operation_scopes(operation)
        self.securitySchemes["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã truy cập cá nhân (td_...), tạo tại /accounts/tokens/.",
        }
        self.securitySchemes["session"] = {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Phiên đăng nhập của trình duyệt; ghi cần header X-CSRFToken.",
        }
        return [{"bearer": scopes}, {"session": []}] if scopes else []

    def operation_details(self, operation):
        details = super().operation_details(operation)
        details["x-scope"] = operation_scopes(operation)
        # One tag once: ninja adds a mounted router's tags to its parent's, so an area router
        # that repeats its app's tag would show it twice (tests/api/test_api_tags.py).
        if details.get("tags"):
            details["tags"] = list(dict.fromkeys(details["tags"]))
        summary = SUMMARIES_VI.get(details["operationId"])
        if summary:
            details["summary"] = summary
        return details


def operation_scopes(operation) -> list[str]:
    """The scopes an operation needs, from its ApiScope auth ([] when it declares none)."""
    return sorted(
        {
            auth.scope_for(method)
            for auth in operation.auth_callbacks
            if isinstance(auth, ApiScope)
            for method in operation.methods
        }
    )


class ThiDuaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ScopedOpenAPISchema(self, path_prefix)


# Vietnamese summaries of the operations of routers written before the API had them
# (their apps' own api.py is not changed here).
SUMMARIES_VI = {
    "thidua_awards_api_eligibility": "Xét điều kiện khen thưởng theo quy định pháp luật",
    "thidua_awards_api_round_detail": "Đợt khen thưởng năm: các bước, số liệu, vượt trần",
    "thidua_assistant_api_ask": "Hỏi trợ lý (trả lời kèm căn cứ)",
    "thidua_assistant_api_history": "Lịch sử hỏi đáp của tôi",
    "thidua_assistant_api_feedback": "Đánh giá một câu trả lời",
    "thidua_org_api_units": "Cây đơn vị (theo ngày)",
    "thidua_org_api_person": "Thông tin một người (riêng tư khi được phép)",
}

# Each app's descriptions of its own fields and parameters (`properties()`, `parameters()`).
DESCRIPTIONS = [
    org_descriptions,
    goals_descriptions,
    awards_descriptions,
    assistant_descriptions,
    messaging_descriptions,
    emulation_descriptions,
    party_descriptions,
    teams_descriptions,
    meetings_descriptions,
    core_descriptions,
]

api = ThiDuaAPI(title="Thi Đua API", version="1", description=DESCRIPTION, auth=NoScopeDeclared())

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _atomic_writes(run):
    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        if request.method in READ_METHODS:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    return wrapper


api.add_decorator(_atomic_writes, mode="view")
api.add_router("/org/", org_router, auth=ApiScope("org"))
api.add_router("/goals/", goals_router, auth=ApiScope("goals"))
api.add_router("/awards/", awards_router, auth=ApiScope("awards"))
api.add_router("/assistant/", assistant_router, auth=ApiScope("assistant"))
api.add_router("/messaging/", messaging_router, auth=ApiScope("messaging"))
api.add_router("/emulation/", emulation_router, auth=ApiScope("emulation"))
api.add_router("/party/", party_router, auth=ApiScope("party"))
api.add_router("/teams/", teams_router, auth=ApiScope("teams"))
api.add_router("/meetings/", meetings_router, auth=ApiScope("meetings"))
api.add_router("/settings/", settings_router, auth=ApiScope("settings"))
api.add_router("/audit/", audit_router, auth=ApiScope("audit", access=READ))


def _detail(request, status: int, message: str):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc):
    if isinstance(exc, BearerRefused):
        response = _detail(request, 401, exc.message)
        response["WWW-Authenticate"] = (
            f'Bearer error="invalid_token", error_description="{exc.reason}"'
        )
        return response
    return _detail(request, 401, _("Sign in to use the API."))


@api.exception_handler(PreconditionFailed)
def precondition_failed(request, exc):
    return _detail(request, 412, str(exc))


@api.exception_handler(PreconditionRequired)
def precondition_required(request, exc):
    return _detail(request, 428, str(exc))


@api.exception_handler(HttpError)
def http_error(request, exc):
    known = {
        "CSRF check Failed": _(
            "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
        ),
        "Cannot parse request body": _("The request body is not valid JSON."),
    }
    message = known.get(str(exc).split(" (")[0], str(exc))
    return _detail(request, exc.status_code, message)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return _detail(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _detail(request, 404, _("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def object_not_found(request, exc):
    return _detail(request, 404, _("Not found."))


# Vietnamese messages for pydantic's error types (English msgids, as everywhere); the
# context's numbers are written the Vietnamese way (1.000, 0,5) by _message_context.
SCHEMA_MESSAGES = {
    "missing": lambda c: _("This field is required."),
    "string_too_long": lambda c: _("At most %(max_length)s characters.") % c,
    "string_too_short": lambda c: _("At least %(min_length)s characters.") % c,
    "string_pattern_mismatch": lambda c: _("The value does not have the expected form."),
    "too_long": lambda c: _("At most %(max_length)s items.") % c,
    "too_short": lambda c: _("At least %(min_length)s items.") % c,
    "decimal_max_digits": lambda c: _("At most %(max_digits)s digits in all.") % c,
    "decimal_max_places": lambda c: (
        _("At most %(decimal_places)s digits after the decimal point.") % c
    ),
    "decimal_whole_digits": lambda c: (
        _("At most %(whole_digits)s digits before the decimal point.") % c
    ),
    "finite_number": lambda c: _("Enter a finite number."),
    "greater_than_equal": lambda c: _("The value must be at least %(ge)s.") % c,
    "greater_than": lambda c: _("The value must be greater than %(gt)s.") % c,
    "less_than_equal": lambda c: _("The value must be at most %(le)s.") % c,
    "less_than": lambda c: _("The value must be less than %(lt)s.") % c,
    "literal_error": lambda c: _("Choose one of: %(expected)s.") % c,
    "enum": lambda c: _("Choose one of: %(expected)s.") % c,
    "int_parsing": lambda c: _("Enter a whole number."),
    "int_from_float": lambda c: _("Enter a whole number."),
    "int_parsing_size": lambda c: _("Enter a whole number."),
    "bool_parsing": lambda c: _("Enter true or false."),
    "bool_type": lambda c: _("Enter true or false."),
    "dict_type": lambda c: _("Send a JSON object."),
    "model_type": lambda c: _("Send a JSON object."),
    "model_attributes_type": lambda c: _("Send a JSON object."),
    "list_type": lambda c: _("Send a list."),
    "string_type": lambda c: _("Enter text."),
    "string_blank": lambda c: _("Enter a value, not only spaces."),
    "string_null_character": lambda c: _("Null characters are not allowed."),
    "string_unicode": lambda c: _("Enter text."),
    "json_invalid": lambda c: _("The request body is not valid JSON."),
    "cursor_invalid": lambda c: _("This cursor is not valid: use next_cursor of a page."),
}

# Counts (characters, items, digits): always grouped, "1.000 ký tự".
COUNT_KEYS = ("max_length", "min_length", "max_digits", "decimal_places", "whole_digits")
# A field's bounds: grouped too, except a year's ("từ 2000", not "từ 2.000").
BOUND_KEYS = ("ge", "gt", "le", "lt")


def _is_year(loc) -> bool:
    names = [part for part in loc if isinstance(part, str)]
    return bool(names) and "year" in names[-1].lower()


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with the language's word for "or" (the values stay the
    codes a caller sends)."""
    first, sep, last = expected.rpartition(" or ")
    if not sep:
        return expected
    return _("%(first)s or %(last)s") % {"first": first, "last": last}


def _message_context(error: dict) -> dict:
    """The error's context, numbers and lists of choices as the active language writes them."""
    context = dict(error.get("ctx") or {})
    for key in COUNT_KEYS + BOUND_KEYS:
        value = context.get(key)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            grouping = key in COUNT_KEYS or not _is_year(error.get("loc", ()))
            context[key] = format_number(value, grouping=grouping)
    if isinstance(context.get("expected"), str):
        context["expected"] = _choices(context["expected"])
    return context


def _schema_message(error: dict) -> str:
    kind = error.get("type", "")
    try:
        return SCHEMA_MESSAGES[kind](_message_context(error))
    except KeyError:
        pass
    if kind.startswith(("int_", "decimal_", "float_")):
        return _("Enter a number.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a valid date (YYYY-MM-DD).")
    return _("The value is not valid.")


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc):
    items = [
        {"loc": list(error.get("loc", ())), "msg": _schema_message(error), "type": error["type"]}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": items}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": validation_error_items(exc)}, status=422)
