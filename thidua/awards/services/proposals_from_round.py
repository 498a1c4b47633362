"""Draft proposals created in bulk from the verdicts a yearly round kept, in one
transaction and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, jsonable
from thidua.core.models import AuditEvent
from thidua.emulation.models import PendingCase
from thidua.org.models import Person, Unit

from .. import law_settings  # noqa: F401  (declares the awards.* settings)
from ..choices import AwardCode, ProposalStatus
from ..models import Proposal
from ..rules import heads_unit, is_emulation_office
from ..selectors import council as selectors
from .proposals import (
    _check_subject,
    _refuse_override_by_head,
    _same_achievement_refusal,
    _subject_name,
)

# ---------------------------------------------------------------- proposals from a round
BULK_BATCH = 1000


def _bulk_subject(item: dict, index: int) -> tuple[Person | None, Unit | None, str]:
    person, unit, code = item.get("person"), item.get("unit"), str(item.get("code") or "")
    try:
        _check_subject(code=code, person=person, unit=unit)
    except ValidationError as exc:
        name = _subject_name(person=person, unit=unit) if (person or unit) else f"#{index + 1}"
        raise ValidationError(f"{name}: {' '.join(exc.messages)}") from None
    return person, unit, code


@transaction.atomic
def proposals_create_from_verdicts(
    *, actor, year: int, received_on: date, items: list[dict]
) -> list[Proposal]:
    """Draft proposals from verdicts a round already judged, in one transaction.

    Each item is {"code", "person" | "unit", "verdict" (Verdict.to_dict() + "received_on"),
    "override_reason" (optional)}. The verdict is stored as given: the round judged it with
    this round's facts, so nothing is evaluated again. Permissions are proposal_create's (the
    office, or a head whose subtree holds the subject). An item whose subject already has a
    live proposal (not rejected) for the same code and year — or that repeats an earlier
    item — is skipped. Refused as a whole, with nothing written, when any item is not
    eligible without an override reason, carries a second form for the same achievement
    (ONE_ACHIEVEMENT) without one, or concerns a person with a case being handled.

    A fixed number of queries whatever the number of items; one audit event per proposal
    plus one summary event. Returns the created proposals."""
    office = is_emulation_office(actor)
    parsed = [_bulk_subject(item, i) for i, item in enumerate(items)]
    if not parsed:
        return []
    names = dict(AwardCode.choices)

    # Where each subject sits: one query for the people's units.
    unit_ids = {p.unit_id for p, _u, _c in parsed if p is not None}
    units = Unit.objects.in_bulk(unit_ids) if unit_ids else {}
    if not office:
        for person, unit, _code in parsed:
            where = units.get(person.unit_id) if person is not None else unit
            if not heads_unit(actor, where):
                raise PermissionDenied(
                    _("%(name)s: you may propose only people and collectives of your units.")
                    % {"name": _subject_name(person=person, unit=unit)}
                )

    problems: list[str] = []
    # No proposal while a case is being handled (Decree 98/2023, art. 4): one query.
    person_ids = {p.pk for p, _u, _c in parsed if p is not None}
    if person_ids:
        today = timezone.localdate()
        # Open cases are few: read them all rather than pass thousands of ids.
        pending = person_ids & set(
            PendingCase.objects.filter(opened_on__lte=today)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
            .values_list("person_id", flat=True)
        )
        for person in sorted(
            {p for p, _u, _c in parsed if p is not None and p.pk in pending}, key=lambda p: p.pk
        ):
            problems.append(
                _("%(name)s has a case being handled: no proposal while it is open.")
                % {"name": person.full_name}
            )

    # What exists already for the year: live proposals of these codes and of the
    # same-achievement forms, granted awards of those forms — two queries.
    forms = selectors.same_achievement_forms(on=received_on)
    codes = {c for _p, _u, c in parsed}
    existing: set[tuple] = {
        (row["person_id"], row["unit_id"], row["code"])
        for row in Proposal.objects.filter(year=year, code__in=sorted(codes))
        .exclude(status=ProposalStatus.REJECTED)
        .values("person_id", "unit_id", "code")
    }
    taken: dict[tuple, list[dict]] = {}
    if codes & forms:
        for row in selectors.same_achievement_awards(year=year, forms=forms):
            taken.setdefault((row["person_id"], row["unit_id"]), []).append(row)

    user = actor if getattr(actor, "is_authenticated", False) else None
    new: list[Proposal] = []
    extras: list[dict] = []
    skipped = 0
    for item, (person, unit, code) in zip(items, parsed, strict=True):
        key = (person.pk if person else None, cast(Unit, unit).pk if person is None else None)
        if (*key, code) in existing:
            skipped += 1
            continue
        existing.add((*key, code))
        name = _subject_name(person=person, unit=unit)
        form = names.get(code, code)
        verdict = item.get("verdict")
        if not isinstance(verdict, dict) or verdict.get("code", code) != code:
            problems.append(
                _("%(name)s: the verdict given is not the verdict for %(form)s.")
                % {"name": name, "form": form}
            )
            continue
        reason = str(item.get("override_reason") or "").strip()
        others = [r for r in taken.get(key, []) if r["code"] != code] if code in forms else []
        if others and not reason:
            problems.append(
                _same_achievement_refusal(
                    person=person, unit=unit, code=code, year=year, others=others
                )
            )
        eligible = bool(verdict.get("eligible"))
        if not eligible and not reason:
            problems.append(
                _(
                    "%(name)s: the engine found %(form)s not eligible; proposing it needs an "
                    "override with a written reason."
                )
                % {"name": name, "form": form}
            )
        if not eligible and reason and not office:
            _refuse_override_by_head(actor=actor, name=name, form=form)
        override = bool(reason) and (bool(others) or not eligible)
        subject_unit = units.get(person.unit_id) if person is not None else unit
        proposal = Proposal(
            proposing_unit=subject_unit,
            person=person,
            unit=unit if person is None else None,
            code=code,
            year=year,
            verdict={"received_on": received_on.isoformat(), **verdict},
            created_by=user,
            override=override,
            override_reason=reason if override else "",
            override_by=user if override else None,
        )
        new.append(proposal)
        extra: dict[str, Any] = {"override_reason": reason} if override else {}
        if others:
            extra["same_achievement"] = [selectors.describe_other(r) for r in others]
            extra["same_achievement_ids"] = [[r["kind"], r["pk"]] for r in others]
        extras.append(extra)
        if code in forms:
            taken.setdefault(key, []).append(
                {"kind": "new", "pk": None, "code": code, "person_id": key[0], "unit_id": key[1]}
            )
    if problems:
        raise ValidationError(problems)
    if not new:
        audit_record(
            actor=actor,
            action="proposals.created_from_round",
            year=year,
            received_on=received_on,
            created=0,
            skipped=skipped,
        )
        return []
    created = Proposal.objects.bulk_create(new, batch_size=BULK_BATCH)
    if any(p.pk is None for p in created):  # a backend that returns no ids
        raise RuntimeError("bulk_create returned no primary keys")
    actor_name = actor.get_username()[:150] if user is not None else ""
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=user,
                actor_name=actor_name,
                action="proposal.created_from_round",
                target_type=proposal._meta.label_lower,
                target_id=str(proposal.pk),
                data=jsonable(
                    {
                        "code": proposal.code,
                        "year": year,
                        "eligible": bool(proposal.verdict.get("eligible")),
                        "round_year": year,
                        **extra,
                    }
                ),
            )
            for proposal, extra in zip(created, extras, strict=True)
        ),
        batch_size=BULK_BATCH,
    )
    audit_record(
        actor=actor,
        action="proposals.created_from_round",
        year=year,
        received_on=received_on,
        created=len(created),
        skipped=skipped,
        overridden=sum(1 for p in created if p.override),
    )
    return created
