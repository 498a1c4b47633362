"""Awards API: eligibility by law (the same `evaluate()` as the yearly review and the CLI)."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.security import django_auth

from .eligibility import HistoryError, evaluate

router = Router(tags=["awards"], auth=django_auth)


class EligibilityIn(Schema):
    history: dict
    year: int
    received_on: date
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


@router.post("/eligibility", response={200: list[VerdictOut], 422: ProblemsOut})
def eligibility(request, payload: EligibilityIn):
    """Judge every title and form for one history by the rules in force on `received_on`."""
    try:
        verdicts = evaluate(
            payload.history,
            year=payload.year,
            received_on=payload.received_on,
            settings=payload.settings,
        )
    except HistoryError as exc:
        return Status(422, exc.to_dict())
    return [verdict.to_dict() for verdict in verdicts]
