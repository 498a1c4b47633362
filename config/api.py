"""The one NinjaAPI (OpenAPI at /api/v1/docs); one router per app."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.security import django_auth

from thidua.assistant.api import router as assistant_router
from thidua.awards.api import router as awards_router
from thidua.goals.api import router as goals_router
from thidua.org.api import router as org_router

api = NinjaAPI(title="Thi Đua API", version="1", auth=django_auth)
api.add_router("/org/", org_router)
api.add_router("/goals/", goals_router)
api.add_router("/awards/", awards_router)
api.add_router("/assistant/", assistant_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "permission denied"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)
