"""Awards API: eligibility by law (the same `evaluate()` as the yearly review and the CLI),
the yearly round (the emulation office) and the commendation proposals the caller may see
(the office: all; a head: those of their units' subtree; the council: those brought before
a session) — through the pages' selectors."""

from datetime import date
from typing import Annotated

from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Day, Id, InputSchema, ValidationErrorOut

from .eligibility import HistoryError, evaluate
from .selectors.council import proposal_get, proposal_list
from .selectors.round import round_get, round_summary
from .selectors.settings import eligibility_settings

router = Router(tags=["awards"], auth=django_auth)

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


class RoundStepOut(Schema):
    step: str
    label: str
    status: str
    counts: dict
    error: str


class RoundOut(Schema):
    year: int
    received_on: str
    settings_from: str | None
    steps: list[RoundStepOut]
    capped: list[dict]
    overrides: list[dict]


@router.get("/rounds/{year}", response={200: RoundOut, **ERRORS})
def round_detail(request, year: int = Path(..., ge=YEAR_MIN, le=YEAR_MAX)):
    """The yearly commendation round (emulation office): each step's status and counts, the
    people over the CSTĐCS cap and every override with its reason."""
    round_ = round_get(viewer=request.user, year=year)
    return round_summary(viewer=request.user, round_=round_)


class ProposalOut(Schema):
    id: int
    code: str
    year: int
    status: str
    proposing_unit_id: int
    person_id: int | None
    unit_id: int | None
    subject: str
    received_on: date | None
    override: bool

    @staticmethod
    def resolve_subject(obj):
        return str(obj.person or obj.unit or "")


class ProposalDetailOut(ProposalOut):
    achievements: str
    override_reason: str
    verdict: dict


@router.get(
    "/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Đề nghị khen thưởng tôi được xem",
    description=(
        "Bộ phận thi đua: tất cả; thủ trưởng: đề nghị của các đơn vị mình phụ trách; thành "
        "viên hội đồng: đề nghị đã đưa ra phiên họp. Lọc theo năm; mới trước. Không kèm "
        "thành tích (xem từng đề nghị)."
    ),
)
@paginate(KeysetPagination, ordering=("-pk",))
def proposals(request, year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None):
    found = proposal_list(viewer=request.user)
    return found.filter(year=year) if year is not None else found


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalDetailOut, **ERRORS},
    summary="Một đề nghị khen thưởng",
    description="Với thành tích tóm tắt và kết quả xét điều kiện; chỉ người được xem (khác: 404).",
)
def proposal(request, proposal_id: Id):
    return proposal_get(viewer=request.user, pk=proposal_id)
