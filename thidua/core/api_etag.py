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
two writers holding the same ETag cannot both pass.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header
from pydantic import BaseModel

IF_MATCH_MAX = 400

# `If-Match` as an operation's header parameter (bounded, as every input).
IfMatch = Header(None, alias="If-Match", max_length=IF_MATCH_MAX, description="ETag")

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


def locked(obj: models.Model) -> models.Model:
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
