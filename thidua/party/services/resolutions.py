"""Resolutions and their digests: a resolution uploaded (its text extracted, its marking
detected, its key points drafted), its classification changed, its digest edited and approved.
"""

import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_change, audit_record
from thidua.core.transitions import Flow, transition
from thidua.core.webhooks import webhook_publish
from thidua.org.models import PartyOrganization

from .. import rules
from ..choices import Classification, DigestStatus, PartyAudit
from ..constants import POINT_MAX_CHARS, QUESTION_MAX_CHARS
from ..digest_points import draft_points
from ..events import resolution_payload
from ..extract import _n, extract, stronger_classification
from ..models import Digest, DigestPoint, Resolution
from .campaigns import _campaigns_go_in_app_only
from .numbers import resolution_number_free

# The steps of a digest, with its audit event.
DIGEST_FLOW = Flow(
    "party.Digest", {(DigestStatus.DRAFT, DigestStatus.APPROVED): PartyAudit.DIGEST_APPROVED}
)


@transaction.atomic
def resolution_upload(
    *,
    actor,
    body: PartyOrganization,
    title: str,
    file_name: str,
    data: bytes,
    number: str = "",
    issued_on: date | None = None,
    classification: str | None = None,
    classification_at_least: str = Classification.NONE,
) -> Resolution:
    """Store the original, extract its text, detect its marking and draft the key points.

    `classification`, when given, is the marking the uploader declares: it replaces the
    detected one (kept in classification_detected) before the resolution is first saved, so
    a resolution declared classified is never copied to the assistant, not even briefly.
    `classification_at_least` (the upload page's "Độ mật") is declared too but never lowers
    the detected marking: the stronger of the two applies, from the first save as well."""
    if not rules.covers_party_body(actor, body):
        raise PermissionDenied(_("You may only upload resolutions of your own Party body."))
    for declared in (classification, classification_at_least):
        if declared is not None and declared not in Classification.values:
            raise ValidationError({"classification": _("Unknown classification.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A resolution needs a title.")})
    extracted = extract(name=file_name, data=data)
    marking = extracted.classification if classification is None else classification
    marking = stronger_classification(marking, classification_at_least)
    resolution = Resolution(
        body=body,
        title=title,
        number=resolution_number_free(body=body, number=number, issued_on=issued_on),
        issued_on=issued_on,
        original_name=file_name[-255:],
        pages=extracted.pages,
        text=extracted.text,
        classification=marking,
        classification_detected=extracted.classification,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    resolution.file.save(file_name, ContentFile(data), save=False)
    resolution.save()
    digest = Digest.objects.create(resolution=resolution)
    points = draft_points(extracted.text)
    DigestPoint.objects.bulk_create(
        DigestPoint(
            digest=digest, order=i, text=p.text[:POINT_MAX_CHARS], sentences=list(p.sentences)
        )
        for i, p in enumerate(points, start=1)
    )
    audit_record(
        actor=actor,
        action=PartyAudit.RESOLUTION_UPLOADED,
        target=resolution,
        kind=extracted.kind,
        pages=extracted.pages,
        classification=resolution.classification,
        classification_detected=extracted.classification,
        points=len(points),
    )
    return resolution


@transaction.atomic
def resolution_set_classification(
    *, actor, resolution: Resolution, classification: str
) -> Resolution:
    if not rules.can_manage_resolution(actor, resolution):
        raise PermissionDenied(_("You may not change this resolution."))
    if classification not in Classification.values:
        raise ValidationError({"classification": _("Unknown classification.")})
    previous = resolution.classification
    resolution.classification = classification
    resolution.save(update_fields=["classification", "updated_at"])
    if resolution.is_classified:
        _campaigns_go_in_app_only(resolution)
    audit_record(
        actor=actor,
        action=PartyAudit.RESOLUTION_CLASSIFICATION_SET,
        target=resolution,
        previous=previous,
        classification=classification,
    )
    return resolution


def _clean_points(points: list[dict]) -> list[dict]:
    cleaned = []
    for i, point in enumerate(points, start=1):
        text = " ".join(str(point.get("text", "")).split())
        question = " ".join(str(point.get("question", "") or "").split())
        if not text:
            continue
        if len(text) > POINT_MAX_CHARS:
            raise ValidationError(
                _("Point %(n)d has %(len)s characters; at most %(max)s are allowed.")
                % {"n": i, "len": _n(len(text)), "max": _n(POINT_MAX_CHARS)}
            )
        if len(question) > QUESTION_MAX_CHARS:
            raise ValidationError(
                _("The question of point %(n)d is longer than %(max)s characters.")
                % {"n": i, "max": _n(QUESTION_MAX_CHARS)}
            )
        sentences = point.get("sentences") or []
        cleaned.append({"text": text, "question": question, "sentences": list(sentences)})
    if not cleaned:
        raise ValidationError(
            _("A digest needs at least one key point. Restore or write a point before saving.")
        )
    return cleaned


def _points_fingerprint(points) -> list[str]:
    """One short hash per point (text + question): the audit shows which points changed
    without copying a resolution's text, which may be classified, into the audit log."""
    return [
        hashlib.sha256(f"{p['text']}\n{p.get('question') or ''}".encode()).hexdigest()[:12]
        for p in points
    ]


@transaction.atomic
def digest_edit(*, actor, digest: Digest, points: list[dict]) -> Digest:
    """Replace the digest's points with `points`, in that order (each a dict with text,
    optional question and sentences). Only a draft may be edited."""
    digest = Digest.objects.select_for_update().select_related("resolution__body").get(pk=digest.pk)
    if not rules.can_manage_resolution(actor, digest.resolution):
        raise PermissionDenied(_("You may not edit this digest."))
    if digest.status != DigestStatus.DRAFT:
        raise ValidationError(_("An approved digest can no longer be edited."))
    cleaned = _clean_points(points)
    before = {
        "points": _points_fingerprint(digest.points.order_by("order").values("text", "question"))
    }
    digest.points.all().delete()
    DigestPoint.objects.bulk_create(
        DigestPoint(digest=digest, order=i, **point) for i, point in enumerate(cleaned, start=1)
    )
    digest.save(update_fields=["updated_at"])
    audit_change(
        actor=actor,
        action=PartyAudit.DIGEST_EDITED,
        target=digest,
        before=before,
        after={"points": _points_fingerprint(cleaned)},
        points=len(cleaned),
    )
    return digest


@transaction.atomic
def digest_approve(*, actor, digest: Digest) -> Digest:
    digest = Digest.objects.select_for_update().select_related("resolution__body").get(pk=digest.pk)
    if not rules.can_manage_resolution(actor, digest.resolution):
        raise PermissionDenied(_("Only the body's secretary or its committee office approves."))
    if digest.status == DigestStatus.APPROVED:
        raise ValidationError(_("This digest is already approved."))
    count = digest.points.count()
    if count == 0:
        raise ValidationError(_("A digest needs at least one key point before approval."))
    transition(
        digest,
        flow=DIGEST_FLOW,
        to=DigestStatus.APPROVED,
        actor=actor,
        also={"approved_by": actor, "approved_at": timezone.now()},
        audited=["status"],
        points=count,
    )
    webhook_publish(
        event="party.digest.approved",
        payload={
            "digest": {"id": digest.pk, "points": count, "approved_at": digest.approved_at},
            "resolution": resolution_payload(digest.resolution),
        },
    )
    return digest
