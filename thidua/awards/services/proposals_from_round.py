"""Draft proposals created in bulk from the verdicts a yearly round kept, in one
transaction and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, jsonable
from thidua.core.models import AuditEvent
from thidua.org.models import Person, Unit

from .. import law_settings  # noqa: F401  (declares the awards.* settings)
from ..choices import AwardCode, AwardsAudit, ProposalStatus
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
    (ONE_ACHIEVEMENT) without one, or concerns a person with a case being handled. A reason
    the office gives is recorded as the proposal's override whatever the verdict (a round's
    choice to keep someone over a cap); a head's, only where an override is needed.

    A fixed number of queries whatever the number of items; one audit event per proposal
    plus one summary event. Returns the created proposals."""
    office = is_emulation_office(actor)
    parsed = [_bulk_subject(item, i) for i, item in enumerate(items)]
    if not parsed:
        return []
    # Where each subject sits: one query for the people's units.
    unit_ids = {p.unit_id for p, _u, _c in parsed if p is not None}
    units = Unit.objects.in_bulk(unit_ids) if unit_ids else {}
    if not office:
        _check_heads(actor=actor, parsed=parsed, units=units)
    problems = _pending_case_problems(parsed=parsed)
    batch = _Batch(actor=actor, office=office, year=year, received_on=received_on, units=units)
    batch.read_existing(codes={c for _p, _u, c in parsed})
    for item, subject in zip(items, parsed, strict=True):
        batch.add(item=item, subject=subject)
    problems += batch.problems
    if problems:
        raise ValidationError(problems)
    created = batch.create()
    counts: dict[str, Any] = {"created": len(created), "skipped": batch.skipped}
    if created:
        counts["overridden"] = sum(1 for p in created if p.override)
    audit_record(
        actor=actor,
        action=AwardsAudit.PROPOSALS_CREATED_FROM_ROUND,
        year=year,
        received_on=received_on,
        **counts,
    )
    return created


def _check_heads(*, actor, parsed: list[tuple], units: dict[int, Unit]) -> None:
    """A head proposes only people and collectives of the units they head."""
    for person, unit, _code in parsed:
        where = units.get(person.unit_id) if person is not None else unit
        if not heads_unit(actor, where):
            raise PermissionDenied(
                _("%(name)s: you may propose only people and collectives of your units.")
                % {"name": _subject_name(person=person, unit=unit)}
            )


def _pending_case_problems(*, parsed: list[tuple]) -> list[str]:
    """No proposal while a case is being handled (Decree 98/2023, art. 4): one query."""
    pending = selectors.people_with_open_case({p.pk for p, _u, _c in parsed if p is not None})
    return [
        _("%(name)s has a case being handled: no proposal while it is open.")
        % {"name": person.full_name}
        for person in sorted(
            {p for p, _u, _c in parsed if p is not None and p.pk in pending}, key=lambda p: p.pk
        )
    ]


class _Batch:
    """The proposals of one call, checked item by item against what exists for the year."""

    def __init__(self, *, actor, office: bool, year: int, received_on: date, units: dict):
        self.actor, self.office, self.year, self.received_on = actor, office, year, received_on
        self.units = units
        self.user = actor if getattr(actor, "is_authenticated", False) else None
        self.names = dict(AwardCode.choices)
        self.forms = selectors.same_achievement_forms(on=received_on)
        self.existing: set[tuple] = set()
        self.taken: dict[tuple, list[dict]] = {}
        self.new: list[Proposal] = []
        self.extras: list[dict] = []
        self.problems: list[str] = []
        self.skipped = 0

    def read_existing(self, *, codes: set[str]) -> None:
        """Live proposals of these codes and of the same-achievement forms, granted awards of
        those forms — two queries."""
        self.existing = {
            (row["person_id"], row["unit_id"], row["code"])
            for row in Proposal.objects.filter(year=self.year, code__in=sorted(codes))
            .exclude(status=ProposalStatus.REJECTED)
            .values("person_id", "unit_id", "code")
        }
        if codes & self.forms:
            for row in selectors.same_achievement_awards(year=self.year, forms=self.forms):
                self.taken.setdefault((row["person_id"], row["unit_id"]), []).append(row)

    def add(self, *, item: dict, subject: tuple) -> None:
        person, unit, code = subject
        key = (person.pk if person else None, cast(Unit, unit).pk if person is None else None)
        if (*key, code) in self.existing:
            self.skipped += 1
            return
        self.existing.add((*key, code))
        name = _subject_name(person=person, unit=unit)
        form = self.names.get(code, code)
        verdict = item.get("verdict")
        if not isinstance(verdict, dict) or verdict.get("code", code) != code:
            self.problems.append(
                _("%(name)s: the verdict given is not the verdict for %(form)s.")
                % {"name": name, "form": form}
            )
            return
        reason = str(item.get("override_reason") or "").strip()
        others = (
            [r for r in self.taken.get(key, []) if r["code"] != code] if code in self.forms else []
        )
        eligible = bool(verdict.get("eligible"))
        self._check(
            subject=subject, name=name, form=form, others=others, eligible=eligible, reason=reason
        )
        # The office's written reason is always kept: besides a verdict not eligible or a
        # second form, it covers a choice the round made against its own step (a person kept
        # over the CSTĐCS cap), which the verdict itself does not show.
        override = bool(reason) and (bool(others) or not eligible or self.office)
        self.new.append(
            Proposal(
                proposing_unit=self.units.get(person.unit_id) if person is not None else unit,
                person=person,
                unit=unit if person is None else None,
                code=code,
                year=self.year,
                verdict={"received_on": self.received_on.isoformat(), **verdict},
                created_by=self.user,
                override=override,
                override_reason=reason if override else "",
                override_by=self.user if override else None,
            )
        )
        extra: dict[str, Any] = {"override_reason": reason} if override else {}
        if others:
            extra["same_achievement"] = [selectors.describe_other(r) for r in others]
            extra["same_achievement_ids"] = [[r["kind"], r["pk"]] for r in others]
        self.extras.append(extra)
        if code in self.forms:
            self.taken.setdefault(key, []).append(
                {"kind": "new", "pk": None, "code": code, "person_id": key[0], "unit_id": key[1]}
            )

    def _check(self, *, subject, name, form, others, eligible: bool, reason: str) -> None:
        person, unit, code = subject
        if others and not reason:
            self.problems.append(
                _same_achievement_refusal(
                    person=person, unit=unit, code=code, year=self.year, others=others
                )
            )
        if not eligible and not reason:
            self.problems.append(
                _(
                    "%(name)s: the engine found %(form)s not eligible; proposing it needs an "
                    "override with a written reason."
                )
                % {"name": name, "form": form}
            )
        if not eligible and reason and not self.office:
            _refuse_override_by_head(actor=self.actor, name=name, form=form)

    def create(self) -> list[Proposal]:
        """Write the proposals and one audit event each, in bulk."""
        if not self.new:
            return []
        created = Proposal.objects.bulk_create(self.new, batch_size=BULK_BATCH)
        if any(p.pk is None for p in created):  # a backend that returns no ids
            raise RuntimeError("bulk_create returned no primary keys")
        actor_name = self.actor.get_username()[:150] if self.user is not None else ""
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    actor=self.user,
                    actor_name=actor_name,
                    action=AwardsAudit.PROPOSAL_CREATED_FROM_ROUND,
                    target_type=proposal._meta.label_lower,
                    target_id=str(proposal.pk),
                    data=jsonable(
                        {
                            "code": proposal.code,
                            "year": self.year,
                            "eligible": bool(proposal.verdict.get("eligible")),
                            "round_year": self.year,
                            **extra,
                        }
                    ),
                )
                for proposal, extra in zip(created, self.extras, strict=True)
            ),
            batch_size=BULK_BATCH,
        )
        return created
