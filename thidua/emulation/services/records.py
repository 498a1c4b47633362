"""Writes for records: the initiatives register (sáng kiến), value-created records (hồ sơ
thành tích) per person, year and post, and the anonymous external assessment of
director-level people through one-time links.

Decision numbers are entered from the agency's document register (văn thư) and kept exactly
as typed, never generated. External assessors have no account and nothing that identifies
them is stored: not their name, not their e-mail, not the plain token of their link.
"""

import os
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.numbers import parse_number
from thidua.emulation import rules
from thidua.emulation.choices import InitiativeKind, InitiativeScope
from thidua.emulation.models import (
    ExternalAssessment,
    ExternalAssessmentAnswer,
    Initiative,
    ValueRecord,
)
from thidua.emulation.selectors.records import (
    AssessmentLinkError,
    assessment_by_token,
    linkable_goals,
    person_posts_in_year,
    token_hash,
)
from thidua.goals.models import Goal, KeyResult
from thidua.org.models import Person, PersonPosition, Unit

from ..choices import EmulationAudit

EARLIEST_YEAR = 1990
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".txt")
VALUE_LIMIT = Decimal("1e12")  # ValueRecord.value_quantity: 14 digits, 2 decimals
TEXT_MAX_CHARS = 20_000
INVITATION_DAYS_DEFAULT = 30
INVITATION_DAYS_MAX = 90
INVITATIONS_PER_CALL_MAX = 10
COMMENT_MAX_CHARS = 2_000


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_year(year: Any, *, field: str = "year") -> int:
    latest = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not EARLIEST_YEAR <= year <= latest:
        raise ValidationError(
            {
                field: _("The year must be between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": latest}
            }
        )
    return year


# ---------------------------------------------------------------- initiatives register
def _initiative_clean(
    *,
    title: str,
    kind: str,
    scope: str,
    year: int,
    authors: Iterable[Person],
    decision_number: str,
    decision_date: date | None,
    recognized_by: str,
    unit: Unit | None,
) -> tuple[dict, list[Person]]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter the title of the initiative.")
    elif len(title) > 400:
        errors["title"] = _("The title is too long (400 characters at most).")
    if kind not in InitiativeKind.values:
        errors["kind"] = _("Choose whether this is an initiative or a research topic.")
    if scope not in InitiativeScope.values:
        errors["scope"] = _("Choose the scope of effect: unit, ministry or nationwide.")
    try:
        _check_year(year)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    # Kept exactly as entered from the document register: only the edges are trimmed.
    decision_number = (decision_number or "").strip()
    if not decision_number:
        errors["decision_number"] = _(
            "Enter the number of the recognition decision as it stands in the document register."
        )
    elif len(decision_number) > 120:
        errors["decision_number"] = _("The decision number is too long (120 characters at most).")
    if decision_date is not None:
        if decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date is in the future.")
        elif isinstance(year, int) and decision_date.year < year:
            errors["decision_date"] = _("The decision is dated before the year of recognition.")
    recognized_by = (recognized_by or "").strip()
    if len(recognized_by) > 255:
        errors["recognized_by"] = _("The issuer is too long (255 characters at most).")
    people = list({p.pk: p for p in authors}.values())
    if not people:
        errors["authors"] = _("An initiative has at least one author.")
    if errors:
        raise ValidationError(errors)
    fields = {
        "title": title,
        "kind": kind,
        "scope": scope,
        "year": year,
        "decision_number": decision_number,
        "decision_date": decision_date,
        "recognized_by": recognized_by,
        "unit": unit,
    }
    return fields, people


def _require_office(actor) -> None:
    if actor is None or not rules.can_manage_initiatives(actor):
        raise PermissionDenied(_("Only the emulation office keeps the initiatives register."))


@transaction.atomic
def initiative_register(
    *,
    actor,
    title: str,
    scope: str,
    year: int,
    authors: Iterable[Person],
    decision_number: str,
    kind: str = InitiativeKind.INITIATIVE,
    decision_date: date | None = None,
    recognized_by: str = "",
    unit: Unit | None = None,
) -> Initiative:
    """Enter a recognised initiative or research topic in the register (the office)."""
    _require_office(actor)
    fields, people = _initiative_clean(
        title=title,
        kind=kind,
        scope=scope,
        year=year,
        authors=authors,
        decision_number=decision_number,
        decision_date=decision_date,
        recognized_by=recognized_by,
        unit=unit,
    )
    initiative = Initiative.objects.create(**fields)
    initiative.authors.set(people)
    audit_record(
        actor=actor,
        action=EmulationAudit.INITIATIVE_REGISTERED,
        target=initiative,
        title=initiative.title,
        kind=initiative.kind,
        scope=initiative.scope,
        year=initiative.year,
        decision_number=initiative.decision_number,
        authors=sorted(p.pk for p in people),
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor,
    initiative: Initiative,
    title: str,
    scope: str,
    year: int,
    authors: Iterable[Person],
    decision_number: str,
    kind: str = InitiativeKind.INITIATIVE,
    decision_date: date | None = None,
    recognized_by: str = "",
    unit: Unit | None = None,
) -> Initiative:
    """Correct an entry of the register (the office); the audit event keeps what changed."""
    _require_office(actor)
    fields, people = _initiative_clean(
        title=title,
        kind=kind,
        scope=scope,
        year=year,
        authors=authors,
        decision_number=decision_number,
        decision_date=decision_date,
        recognized_by=recognized_by,
        unit=unit,
    )
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    changes = {}
    for name, value in fields.items():
        old = getattr(initiative, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(initiative, name, value)
    old_authors = set(initiative.authors.values_list("pk", flat=True))
    new_authors = {p.pk for p in people}
    if old_authors != new_authors:
        changes["authors"] = [sorted(old_authors), sorted(new_authors)]
        initiative.authors.set(people)
    if changes:
        initiative.save()
        audit_record(
            actor=actor,
            action=EmulationAudit.INITIATIVE_UPDATED,
            target=initiative,
            changes=changes,
        )
    return initiative


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


# ---------------------------------------------------------------- value-created records
def _check_evidence(evidence: UploadedFile) -> None:
    """At most 10 MB, and a PDF, PNG, JPEG, Word, Excel or text file by its name and by its
    first bytes (a renamed executable is refused)."""
    wrong_type = ValidationError(
        {"evidence": _("Evidence must be a PDF, image, Word, Excel or text file.")}
    )
    if evidence.size is None or evidence.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The evidence file is larger than 10 MB.")})
    extension = os.path.splitext(evidence.name or "")[1].lower()
    if extension not in EVIDENCE_TYPES:
        raise wrong_type
    evidence.seek(0)
    head = evidence.read(8192)
    evidence.seek(0)
    if extension == ".pdf":
        ok = b"%PDF-" in head[:1024]
    elif extension == ".png":
        ok = head.startswith(b"\x89PNG\r\n\x1a\n")
    elif extension in (".jpg", ".jpeg"):
        ok = head.startswith(b"\xff\xd8\xff")
    elif extension in (".docx", ".xlsx"):
        ok = _is_office_file(evidence, "word/" if extension == ".docx" else "xl/")
    else:
        ok = b"\x00" not in head
    if not ok:
        raise wrong_type


def _is_office_file(evidence: UploadedFile, folder: str) -> bool:
    """An Office Open XML file is a ZIP with its part folder; only the directory is read."""
    try:
        evidence.seek(0)
        with zipfile.ZipFile(evidence) as archive:
            return any(name.startswith(folder) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        evidence.seek(0)


def _quantity(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        try:
            number = parse_number(str(value), language=get_language() or "vi")
        except ValueError:
            raise ValidationError({"value_quantity": _("Enter a number.")}) from None
    if not number.is_finite() or abs(number) >= VALUE_LIMIT:
        raise ValidationError({"value_quantity": _("The number is too large.")})
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_links(
    *,
    person: Person,
    year: int,
    post: PersonPosition,
    goals: Iterable[Goal],
    key_results: Iterable[KeyResult],
) -> tuple[list[int], list[int]]:
    goal_ids = sorted({g.pk for g in goals})
    kr_ids = sorted({kr.pk for kr in key_results})
    allowed = linkable_goals(person=person, year=year, post=post)
    if goal_ids and allowed.filter(pk__in=goal_ids).count() != len(goal_ids):
        raise ValidationError(
            {
                "goals": _(
                    "A record links only to the person's own goals or their unit's goals "
                    "for that year."
                )
            }
        )
    if kr_ids and KeyResult.objects.filter(
        pk__in=kr_ids, goal__in=allowed.values("pk")
    ).count() != len(kr_ids):
        raise ValidationError(
            {
                "key_results": _(
                    "A record links only to key results of the person's own goals or their "
                    "unit's goals for that year."
                )
            }
        )
    return goal_ids, kr_ids


@transaction.atomic
def value_record_save(
    *,
    actor,
    person: Person,
    year: int,
    post: PersonPosition,
    achievements: str = "",
    products: str = "",
    value_created: str = "",
    value_quantity: Decimal | int | str | None = None,
    value_unit: str = "",
    goals: Iterable[Goal] = (),
    key_results: Iterable[KeyResult] = (),
    evidence: UploadedFile | None = None,
    remove_evidence: bool = False,
) -> ValueRecord:
    """Create or update the person's record for a year and one of the posts they held that
    year: what they achieved, the products, the value created (quantified where possible),
    the goals and key results it served and one evidence file."""
    if actor is None or not rules.can_edit_value_record(actor, person):
        raise PermissionDenied(_("You may not edit this person's record."))
    _check_year(year)
    _check_post_held(person=person, year=year, post=post)
    texts = _record_texts(achievements=achievements, products=products, value_created=value_created)
    quantity = _quantity(value_quantity)
    value_unit = (value_unit or "").strip()
    if len(value_unit) > 64:
        raise ValidationError({"value_unit": _("The unit is too long (64 characters at most).")})
    goal_ids, kr_ids = _check_links(
        person=person, year=year, post=post, goals=goals, key_results=key_results
    )
    if evidence is not None:
        _check_evidence(evidence)

    record = (
        ValueRecord.objects.select_for_update().filter(person=person, year=year, post=post).first()
    )
    created = record is None
    if record is None:
        record = ValueRecord(person=person, year=year, post=post)
    for name, text in texts.items():
        setattr(record, name, text)
    record.value_quantity = quantity
    record.value_unit = value_unit
    old_file = _set_evidence(record, evidence=evidence, remove=remove_evidence)
    record.save()
    record.goals.set(goal_ids)
    record.key_results.set(kr_ids)
    _delete_replaced_file(record, old_file=old_file)
    audit_record(
        actor=actor,
        action=(
            EmulationAudit.VALUE_RECORD_CREATED if created else EmulationAudit.VALUE_RECORD_UPDATED
        ),
        target=record,
        person=person.pk,
        year=year,
        post=post.pk,
        goals=goal_ids,
        key_results=kr_ids,
        value_quantity=str(quantity) if quantity is not None else None,
        evidence=record.evidence.name or "",
    )
    return record


def _check_post_held(*, person: Person, year: int, post: PersonPosition | None) -> None:
    """A record is kept for a post the person held in that year."""
    if (
        post is None
        or post.person_id != person.pk
        or not person_posts_in_year(person=person, year=year).filter(pk=post.pk).exists()
    ):
        raise ValidationError(
            {"post": _("The person did not hold this post in %(year)s.") % {"year": year}}
        )


def _record_texts(*, achievements: str, products: str, value_created: str) -> dict[str, str]:
    """The record's three texts, trimmed: each within TEXT_MAX_CHARS, at least one given."""
    texts = {
        "achievements": (achievements or "").strip(),
        "products": (products or "").strip(),
        "value_created": (value_created or "").strip(),
    }
    for name, text in texts.items():
        if len(text) > TEXT_MAX_CHARS:
            raise ValidationError({name: _("The text is too long.")})
    if not any(texts.values()):
        raise ValidationError(_("Describe at least one achievement, product or value created."))
    return texts


def _set_evidence(record: ValueRecord, *, evidence: UploadedFile | None, remove: bool) -> str:
    """Put the new evidence file on the record (stored now, saved with the record), or take
    it off; returns the name of the file the record had ("" for none)."""
    old_file = record.evidence.name if record.evidence else ""
    if evidence is not None:
        record.evidence.save(os.path.basename(evidence.name or ""), evidence, save=False)
    elif remove:
        record.evidence = ""
    return old_file


def _delete_replaced_file(record: ValueRecord, *, old_file: str) -> None:
    """The file the record no longer points to is deleted once the transaction commits."""
    if old_file and old_file != (record.evidence.name or ""):
        storage = record.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))


# ---------------------------------------------------------------- external assessments
@dataclass(frozen=True)
class Invitation:
    """A link made for one assessor. The plain token lives only here, handed to the inviter
    once; the database keeps its SHA-256."""

    assessment: ExternalAssessment
    token: str = field(repr=False)
    path: str = field(repr=False)


@transaction.atomic
def external_assessment_invite(
    *,
    actor,
    person: Person,
    year: int,
    count: int = 1,
    valid_days: int = INVITATION_DAYS_DEFAULT,
) -> list[Invitation]:
    """Make `count` one-time links for assessors outside the agency to rate a director-level
    person for a year. Nothing about the assessors is stored."""
    position = person.position
    if position is None or position.level < rules.DIRECTOR_LEVEL:
        raise ValidationError(_("External assessment is for people at director level and above."))
    if actor is None or not rules.can_invite_assessors(actor, person):
        raise PermissionDenied(_("You may not invite assessors for this person."))
    _check_year(year)
    if not isinstance(count, int) or not 1 <= count <= INVITATIONS_PER_CALL_MAX:
        raise ValidationError(
            {
                "count": _("Make between 1 and %(max)s links at a time.")
                % {"max": INVITATIONS_PER_CALL_MAX}
            }
        )
    if not isinstance(valid_days, int) or not 1 <= valid_days <= INVITATION_DAYS_MAX:
        raise ValidationError(
            {
                "valid_days": _("A link is valid for 1 to %(max)s days.")
                % {"max": INVITATION_DAYS_MAX}
            }
        )
    expires_at = timezone.now() + timedelta(days=valid_days)
    tokens = [secrets.token_urlsafe(32) for _i in range(count)]
    assessments = ExternalAssessment.objects.bulk_create(
        ExternalAssessment(
            person=person,
            year=year,
            token_hash=token_hash(token),
            invited_by=_user(actor),
            expires_at=expires_at,
        )
        for token in tokens
    )
    audit_record(
        actor=actor,
        action=EmulationAudit.EXTERNAL_ASSESSMENT_INVITED,
        target=person,
        year=year,
        count=count,
        expires_at=expires_at.isoformat(),
    )
    return [
        Invitation(
            assessment=assessment,
            token=token,
            path=reverse("emulation:assessment_answer", kwargs={"token": token}),
        )
        for assessment, token in zip(assessments, tokens, strict=True)
    ]


@transaction.atomic
def external_assessment_answer(*, token: str, score: Any, comment: str = "") -> None:
    """An assessor's answer through their link (no account). A link works once; an unknown,
    used or expired link raises AssessmentLinkError with the reason."""
    assessment = assessment_by_token(token=token, for_update=True)
    if isinstance(score, str) and score.strip().isascii() and score.strip().isdigit():
        score = int(score.strip())
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a rating from 1 to 5.")})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {
                "comment": _("The comment is too long (%(max)s characters at most).")
                % {"max": COMMENT_MAX_CHARS}
            }
        )
    now = timezone.now()
    # The conditional update is what makes the link single-use, even under a race.
    answered = ExternalAssessment.objects.filter(
        pk=assessment.pk, answered_at__isnull=True, expires_at__gt=now
    ).update(answered_at=now)
    if not answered:
        raise AssessmentLinkError(AssessmentLinkError.USED)
    ExternalAssessmentAnswer.objects.create(
        person_id=assessment.person_id, year=assessment.year, score=score, comment=comment
    )
    # Not the invitation's id, nor the score: the log must not tie an answer to a link.
    audit_record(
        actor=None,  # an outsider through a one-time link: no account, and not the system
        action=EmulationAudit.EXTERNAL_ASSESSMENT_ANSWERED,
        target=assessment.person,
        year=assessment.year,
    )
