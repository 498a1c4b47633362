"""Awards API: eligibility by law (the same `evaluate()` as the yearly review and the CLI)
and the yearly round (the emulation office) — through the pages' selectors. The round's
steps (api_round.py), the council's sessions and ballots (api_council.py), the proposals
with their decisions and certificates (api_proposals.py), the registry and statistics
(api_registry.py), and the yearly review and eligibility settings (api_review.py) are mounted
on this router."""

from django.http import HttpResponse
from ninja import Field, Path, Router, Schema, Status

from thidua.core.api_etag import ETAG_RESPONSE, set_etag
from thidua.core.api_schemas import ERRORS, Day, InputSchema, ValidationErrorOut

from . import api_proposal_edit  # noqa: F401 (PATCH /proposals/{id} on the proposals router)
from .api_council import router as council_router
from .api_proposals import router as proposals_router
from .api_registry import router as registry_router
from .api_review import router as review_router
from .api_round import router as round_router
from .api_schemas import RoundOut
from .eligibility import HistoryError, evaluate
from .selectors.round import round_get, round_summary
from .selectors.settings import eligibility_settings

router = Router(tags=["awards"])

# The years a history may be judged for (the emulation law's span, with room on both sides).
YEAR_MIN, YEAR_MAX = 1945, 2100


class EligibilityIn(InputSchema):
    history: dict
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    received_on: Day
    settings: dict | None = None


class VerdictOut(Schema):
    code: str
    name: str
    eligible: bool
    already_granted: bool
    basis: str
    confidence: str
    rule_version: str
    reasons: list[str]


class ProblemOut(Schema):
    path: str
    message: str
    message_en: str


class ProblemsOut(Schema):
    detail: str
    problems: list[ProblemOut]


@router.post(
    "/eligibility",
    response={200: list[VerdictOut], **ERRORS, 422: ProblemsOut | ValidationErrorOut},
    description=(
        "Xét mọi danh hiệu và hình thức khen thưởng cho một quá trình theo quy định có hiệu "
        "lực vào ngày `received_on` (thiết lập của cơ quan vào ngày đó nếu không gửi)."
    ),
)
def eligibility(request, payload: EligibilityIn):
    """Judge every title and form for one history by the rules in force on `received_on`."""
    try:
        verdicts = evaluate(
            payload.history,
            year=payload.year,
            received_on=payload.received_on,
            # the agency's settings in force on the receipt date unless the caller gives some
            settings=(
                payload.settings
                if payload.settings is not None
                else eligibility_settings(on=payload.received_on)
            ),
        )
    except HistoryError as exc:
        return Status(422, exc.to_dict())
    return [verdict.to_dict() for verdict in verdicts]


@router.get(
    "/rounds/{year}",
    response={200: RoundOut, **ERRORS},
    summary="Đợt khen thưởng năm: các bước, số liệu, vượt trần",
    description=(
        "Bộ phận thi đua: trạng thái và số liệu từng bước, những người vượt trần CSTĐCS và mọi "
        "lựa chọn khác kết quả xét kèm lý do. Kèm ETag (gửi trong If-Match khi chạy, chốt "
        "bước hoặc tạo đề nghị)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def round_detail(request, response: HttpResponse, year: int = Path(..., ge=YEAR_MIN, le=YEAR_MAX)):
    """The yearly commendation round (emulation office): each step's status and counts, the
    people over the CSTĐCS cap and every override with its reason."""
    round_ = round_get(viewer=request.user, year=year)
    return set_etag(response, RoundOut, round_summary(viewer=request.user, round_=round_))


# The round's steps, the council, the proposals' writes with decisions and certificates
# (their own modules).
router.add_router("", round_router)
router.add_router("", council_router)
router.add_router("", proposals_router)
router.add_router("", registry_router)
router.add_router("", review_router)
