"""Emulation API, an external assessor's answer (issue 15, point 2): someone outside the agency,
invited by a one-time link to rate a director-level person for a year (POST
/people/{id}/records/{year}/invitations), sends the rating and an optional comment through the
API — the page's service (services.records.external_assessment_answer), its checks and its
anonymity (nothing identifying the assessor, nor the link an answer came through, is stored).

The assessor has no account: the link's token, sent in the body (not the path, so it stays out
of access logs), is the credential. The operation therefore also admits callers with neither a
session nor a bearer token (AssessmentLink); a token or a session that is sent is checked as
everywhere else. Mounted by thidua/emulation/api.py."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from thidua.accounts.api_auth import ApiScope
from thidua.core.api_schemas import ERRORS, InputSchema, MessageOut, model_field

from .models import ExternalAssessmentAnswer
from .selectors import records as selectors
from .selectors.records import AssessmentLinkError
from .services import records as services

TOKEN_MAX = 200  # the links' tokens are 43 characters; a longer one names no link

router = Router()


class AssessmentLink(ApiScope):
    """emulation:write for a bearer token or a session, as every emulation write; a caller with
    neither is let through, since the link's token in the body is what the operation checks."""

    def __call__(self, request: HttpRequest) -> Any:
        anonymous = not getattr(request.user, "is_authenticated", False)
        if anonymous and request.headers.get("Authorization") is None:
            return "assessment-link"
        return super().__call__(request)


class AssessmentAnswerIn(InputSchema):
    token: Annotated[str, Field(min_length=1, max_length=TOKEN_MAX)] = Field(
        description="Mã của đường dẫn mời: phần sau /emulation/assess/ (không kèm dấu /)."
    )
    score: model_field(ExternalAssessmentAnswer, "score") = Field(  # type: ignore[valid-type]
        description="Mức đánh giá từ 1 (thấp nhất) đến 5 (cao nhất)."
    )
    comment: model_field(  # type: ignore[valid-type]
        ExternalAssessmentAnswer, "comment", max_length=services.COMMENT_MAX_CHARS
    ) = Field("", description="Nhận xét (không bắt buộc).")


class AssessmentAnsweredOut(Schema):
    person_name: str = Field(description="Người được đánh giá.")
    position_name: str
    year: int


LINK_MESSAGES = {
    AssessmentLinkError.UNKNOWN: (
        404,
        gettext_lazy("This link is not valid. Check that you copied it completely."),
    ),
    AssessmentLinkError.USED: (
        410,
        gettext_lazy(
            "An answer has already been sent through this link. Each link works only once."
        ),
    ),
    AssessmentLinkError.EXPIRED: (
        410,
        gettext_lazy(
            "This link has expired. If you still wish to answer, ask the person who sent it "
            "for a new one."
        ),
    ),
}


def _link_refused(error: AssessmentLinkError) -> HttpError:
    status, message = LINK_MESSAGES[error.reason]
    return HttpError(status, str(message))


@router.post(
    "/assessments/answer",
    auth=AssessmentLink("emulation"),
    response={201: AssessmentAnsweredOut, **ERRORS, 410: MessageOut},
    summary="Người ngoài cơ quan gửi đánh giá qua đường dẫn mời",
    description=(
        "Không cần tài khoản: mã của đường dẫn mời (gửi trong nội dung, không trên đường dẫn) "
        "là quyền gửi. Như trang đánh giá: mức 1–5 và nhận xét không bắt buộc; mỗi đường dẫn "
        "chỉ dùng một lần. Mã không đúng: 404; đã dùng hoặc hết hạn: 410; mức ngoài 1–5 hoặc "
        "nhận xét quá dài: 422, không ghi gì. Không lưu gì cho biết ai đánh giá. Trả lại người, "
        "chức vụ và năm đã được đánh giá."
    ),
    # Anyone holding a link may call it: no credentials needed besides the token.
    openapi_extra={"security": [{}]},
)
def assessment_answer(request, payload: AssessmentAnswerIn):
    try:
        card = selectors.assessment_card(token=payload.token)
        services.external_assessment_answer(
            token=payload.token, score=payload.score, comment=payload.comment
        )
    except AssessmentLinkError as error:
        raise _link_refused(error) from None
    return Status(
        201,
        {"person_name": card.person_name, "position_name": card.position_name, "year": card.year},
    )
