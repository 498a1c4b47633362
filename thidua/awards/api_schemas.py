"""Schemas the awards API's routers share (thidua/awards/api.py and the routers it mounts):
the yearly round and a proposal as the API shows them. A resource's ETag is the digest of its schema
(thidua/core/api_etag.py), so a resource has one output schema."""

from datetime import date

from ninja import Field, Schema


class RoundStepOut(Schema):
    step: str
    label: str
    status: str
    counts: dict
    error: str


class RoundSettingOut(Schema):
    key: str
    label: str = Field(description="Tên thiết lập bằng lời.")
    value: str = Field(description="Giá trị đang áp dụng vào ngày nhận hồ sơ, bằng lời.")
    valid_from: str | None = Field(description="Áp dụng từ ngày; null: mặc định theo luật.")


class RoundOut(Schema):
    year: int
    received_on: str
    settings_from: str | None
    settings_in_force: list[RoundSettingOut]
    steps: list[RoundStepOut]
    capped: list[dict]
    overrides: list[dict]


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
