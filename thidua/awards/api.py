"""Awards API: eligibility by law (the same `evaluate()` as the yearly review and the CLI)."""

from ninja import Field, Path, Router, Schema, Status
from ninja.security import django_auth

from thidua.core.api_schemas import ERRORS, Day, InputSchema, ValidationErrorOut

from .eligibility import HistoryError, evaluate
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
