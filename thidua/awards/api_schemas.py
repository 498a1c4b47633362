"""Schemas the awards API's routers share (thidua/awards/api.py and the routers it mounts):
the yearly round and a proposal as the API shows them. A resource's ETag is the digest of its schema
(thidua/core/api_etag.py), so a resource has one output schema."""

from datetime import date

from django.utils import timezone
from ninja import Field, Schema

from . import authority
from .models import Decision


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


def granting_level(obj, context=None) -> str:
    """Who decides the proposal `obj`, as the proposals page says (selectors.granting): the
    authority of the decision that carries it, else the agency's split in force today — read
    once a request (the split and each decision's authority kept on the request) and once a
    proposal (kept on it)."""
    level = getattr(obj, "_granting_level", None)
    if level:
        return level
    request = (context or {}).get("request")
    memo = getattr(request, "_granting_memo", None)
    if memo is None:
        memo = {"on": timezone.localdate(), "decisions": {}}
        memo["split"] = authority.split_on(memo["on"])
        if request is not None:
            request._granting_memo = memo
    decided = memo["decisions"]
    if obj.decision_id and obj.decision_id not in decided:
        decided[obj.decision_id] = (
            Decision.objects.filter(pk=obj.decision_id).values_list("authority", flat=True).first()
        )
    level = (decided.get(obj.decision_id) if obj.decision_id else None) or (
        authority.decision_level_for(obj.code, memo["on"], memo["split"])
    )
    obj._granting_level = level
    return level


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
    granting_authority: str = Field(
        description="Cấp có thẩm quyền quyết định: minister, prime_minister, president — cấp "
        "của quyết định đã chứa đề nghị, nếu chưa có thì theo thiết lập của cơ quan hôm nay."
    )
    granting_authority_label: str = Field(
        description="Tên cấp bằng tiếng Việt: Bộ trưởng, Thủ tướng Chính phủ, Chủ tịch nước."
    )
    granting_authority_words: str = Field(
        description="Như cột của trang danh sách: “Bộ trưởng quyết định”, “Trình Thủ tướng "
        "Chính phủ”, “Trình Chủ tịch nước”."
    )

    @staticmethod
    def resolve_subject(obj):
        return str(obj.person or obj.unit or "")

    @staticmethod
    def resolve_granting_authority(obj, context):
        return granting_level(obj, context)

    @staticmethod
    def resolve_granting_authority_label(obj, context):
        return authority.NAMES_VI[granting_level(obj, context)]

    @staticmethod
    def resolve_granting_authority_words(obj, context):
        return authority.DECIDES_WORDS[granting_level(obj, context)]


class ProposalDetailOut(ProposalOut):
    achievements: str
    override_reason: str
    verdict: dict
