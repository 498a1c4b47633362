"""Schemas the emulation API's routers share (thidua/emulation/api.py and the routers it
mounts): a movement, an annual rating, a value-created record and an initiative as the API
shows them. A resource's ETag is the digest of its schema (thidua/core/api_etag.py), so each
resource has one output schema."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


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
    updated_at: datetime = Field(description="Lần sửa gần nhất (mọi thay đổi đổi cả ETag).")

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
    agency_criteria: dict[str, bool]
    self_assessment: str
    head_comment: str
    task_group: str
    published_at: datetime | None
    appeal_until: date | None


class RecordOut(Schema):
    id: int
    person_id: int
    year: int
    post_id: int | None
    achievements: str
    products: str
    value_created: str
    value_quantity: Decimal | None
    value_unit: str
    goal_ids: list[int]
    key_result_ids: list[int]
    has_evidence: bool

    @staticmethod
    def resolve_goal_ids(obj):
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_key_result_ids(obj):
        return sorted(k.pk for k in obj.key_results.all())

    @staticmethod
    def resolve_has_evidence(obj):
        return bool(obj.evidence)


class InitiativeOut(Schema):
    id: int
    kind: str
    title: str
    scope: str
    year: int
    decision_number: str
    decision_date: date | None
    recognized_by: str
    unit_id: int | None
    author_ids: list[int]

    @staticmethod
    def resolve_author_ids(obj):
        return [a.pk for a in obj.authors.all()]
