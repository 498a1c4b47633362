"""Schemas the emulation API's routers share (thidua/emulation/api.py and the routers it
mounts): a movement and an annual rating as the API shows them. A resource's ETag is the
digest of its schema (thidua/core/api_etag.py), so each resource has one output schema."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class MovementOut(Schema):
    id: int
    name: str
    kind: str
    objectives: str
    period_start: date
    period_end: date
    status: str
    launched_by_id: int
    registration_count: int
    results_published: bool

    @staticmethod
    def resolve_results_published(obj):
        return obj.results_published_at is not None


class RatingOut(Schema):
    id: int
    person_id: int
    year: int
    unit_id: int
    status: str
    score: Decimal | None
    computed_level: str
    proposed_level: str
    level: str
    reasons: list
    self_assessment: str
    head_comment: str
    task_group: str
    published_at: datetime | None
    appeal_until: date | None
