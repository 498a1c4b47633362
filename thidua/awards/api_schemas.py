"""Schemas the awards API's routers share (thidua/awards/api.py and the routers it mounts):
the yearly round as the API shows it. A resource's ETag is the digest of its schema
(thidua/core/api_etag.py), so a resource has one output schema."""

from ninja import Schema


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
