"""ETag / If-Match for the API, so two clients cannot overwrite each other.

A resource's ETag is a digest of its JSON representation (the same `...Out` schema its GET
answers with), so any change another client made — to the row or to what the answer shows —
gives a new ETag. The rules (docs/API.md):

- GET of a single resource answers with `ETag: "<digest>"`.
- PUT/PATCH requires `If-Match` with that ETag: missing → 428 Precondition Required;
  another value → 412 Precondition Failed (fetch again, re-apply, send again). `*` matches
  any current version.
- The older POST actions that change a resource (e.g. a key result's target) check
  `If-Match` when it is sent, and work as before without it.
The check and the write run in one transaction with the row locked (select_for_update), so
two writers holding the same ETag cannot both pass. A write operation does all three — find
the row in the caller's scope (404), lock it, check If-Match — with `for_update(...)`.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header
from pydantic import BaseModel

IF_MATCH_MAX = 400

M = TypeVar("M", bound=models.Model)

# `If-Match` as an operation's header parameter (bounded, as every input).
IfMatch = Header(
    None,
    alias="If-Match",
    max_length=IF_MATCH_MAX,
    description=(
        "ETag nhận ở lần GET gần nhất của tài nguyên này. PUT/PATCH: bắt buộc (thiếu: 428; "
        "đã cũ: 412); POST: kiểm tra khi có gửi."
    ),
)

# OpenAPI for a GET answering with an ETag (openapi_extra=ETAG_RESPONSE).
ETAG_RESPONSE: dict[str, Any] = {
    "responses": {
        200: {
            "headers": {
                "ETag": {
                    "description": "Phiên bản hiện tại; gửi lại trong If-Match khi cập nhật.",
                    "schema": {"type": "string"},
                }
            }
        }
    }
}


class PreconditionFailed(Exception):
    """412: the client's version is not the current one."""


class PreconditionRequired(Exception):
    """428: an update sent without If-Match."""


def etag_of(schema: type[BaseModel], obj: Any) -> str:
    """The ETag of `obj` as `schema` shows it."""
    body = schema.model_validate(obj, from_attributes=True).model_dump_json()
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'


def set_etag(response: HttpResponse, schema: type[BaseModel], obj: Any) -> Any:
    response["ETag"] = etag_of(schema, obj)
    return obj


def _tags(header: str) -> list[str]:
    tags = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):  # a weak tag compares by its value
            part = part[2:]
        tags.append(part)
    return tags


def locked(obj: M) -> M:
    """The same row again, locked until the transaction ends (the API's writes run in one)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def check_if_match(
    if_match: str | None, *, schema: type[BaseModel], obj: Any, required: bool = True
) -> None:
    """Refuse the write unless `if_match` names the current version of `obj`."""
    if if_match is None or not if_match.strip():
        if required:
            raise PreconditionRequired(
                _("Send If-Match with the ETag of your last GET of this resource.")
            )
        return
    tags = _tags(if_match)
    if "*" in tags:
        return
    if etag_of(schema, obj) not in tags:
        raise PreconditionFailed(
            _("Someone changed this resource since you read it: read it again and resend.")
        )


def for_update(
    found: models.QuerySet[M] | M | None,
    *,
    schema: type[BaseModel],
    if_match: str | None,
    pk: int | None = None,
    required: bool = True,
) -> M:
    """The row a write changes: found in the caller's scope, locked, at the client's version.

    `found` is what the caller may see — a model instance from a selector (which raises its
    own 404/403), a scoped queryset with `pk` (no such row in it: 404), or None (404). The
    row is read again with `select_for_update` (the API's writes run in one transaction, so
    the lock holds until the write is saved), then If-Match is checked against it: missing
    and `required` → 428, another version → 412. Use it instead of writing the lookup, lock
    and check one after the other in each router.
    """
    if isinstance(found, models.QuerySet):
        if pk is None:
            raise TypeError("for_update(queryset) needs pk")
        found = found.filter(pk=pk).first()
    if found is None:
        raise Http404
    row = locked(found)
    check_if_match(if_match, schema=schema, obj=row, required=required)
    return row
