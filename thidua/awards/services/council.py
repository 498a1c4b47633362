"""Writes for proposals, council sessions, secret ballots, decisions and certificate layouts.

Every state change records an audit event on its target. A ballot keeps who has voted
(BallotParticipation, unique per member: the database refuses a second vote) apart from
the votes (BallotVote: a random id and the choice, no voter and no time), so no vote can be
tied to a voter; the audit event of a vote names the voter and never the choice.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import agency_settings
from thidua.core.audit import audit_change, audit_record, jsonable, snapshot
from thidua.core.models import AuditEvent
from thidua.core.webhooks import site_url, webhook_publish
from thidua.emulation.models import PendingCase
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit

from .. import law_settings  # noqa: F401  (declares the awards.* settings)
from ..ballot_rule import ALL_MEMBERS, PRESENT, as_fraction, votes_needed
from ..choices import AwardCode, AwardKind, BallotStatus, ProposalStatus, SessionStatus, VoteChoice
from ..eligibility import HistoryError, evaluate
from ..history import history_for
from ..law import COLLECTIVE_TITLES, FORMS, INDIVIDUAL_TITLES
from ..models import (
    Award,
    Ballot,
    BallotParticipation,
    BallotVote,
    CertificateLayout,
    CouncilMember,
    CouncilSession,
    Decision,
    Proposal,
)
from ..rules import can_propose, heads_unit, is_emulation_office, require_office, unit_of_subject
from ..selectors import council as selectors
from ..selectors.settings import eligibility_settings, settings_note

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


# ---------------------------------------------------------------- verdicts
def verdict_for(
    *,
    code: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    received_on: date | None = None,
) -> dict:
    """The engine's verdict for one title or form, from the subject's history."""
    received_on = received_on or timezone.localdate()
    subject = person if person is not None else cast(Unit, unit)
    history = history_for(subject, year, on=received_on)
    try:
        verdicts = evaluate(
            history,
            year=year,
            received_on=received_on,
            settings=eligibility_settings(on=received_on),
        )
    except HistoryError as exc:
        messages = "; ".join(p.message for p in exc.problems)
        return {
            "code": code,
            "eligible": False,
            "basis": "",
            "confidence": "",
            "rule_version": "",
            "reasons": [f"✗ {messages}"],
            "received_on": received_on.isoformat(),
        }
    verdict = next((v for v in verdicts if v.code == code), None)
    if verdict is None:
        raise ValidationError({"code": _("This title or form is not given to this subject.")})
    data = verdict.to_dict()
    data["received_on"] = received_on.isoformat()
    data["settings_note"] = settings_note(on=received_on)
    return data


def _check_subject(*, code: str, person: Person | None, unit: Unit | None) -> None:
    if (person is None) == (unit is None):
        raise ValidationError(_("Propose either a person or a collective."))
    allowed = (INDIVIDUAL_TITLES if person is not None else COLLECTIVE_TITLES) + FORMS
    if code not in allowed:
        raise ValidationError({"code": _("This title or form is not given to this subject.")})


def _refuse_pending_case(person: Person | None) -> None:
    if person is None:
        return
    cases = selectors.open_pending_cases(person)
    if cases:
        case = cases[0]
        raise ValidationError(
            _(
                "%(name)s has a case being handled (%(kind)s, opened on %(opened)s): no "
                "proposal while it is open (Decree 98/2023, art. 4)."
            )
            % {
                "name": person.full_name,
                "kind": case.kind,
                "opened": case.opened_on.strftime("%d/%m/%Y"),
            }
        )


# ---------------------------------------------------------------- proposals
def proposal_preview(
    *, actor, code: str, year: int, person: Person | None = None, unit: Unit | None = None
) -> dict:
    """The verdict a proposal would carry, shown before it is saved."""
    _check_subject(code=code, person=person, unit=unit)
    if not can_propose(actor, person=person, unit=unit):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    _refuse_pending_case(person)
    return verdict_for(code=code, year=year, person=person, unit=unit)


def _subject_name(*, person: Person | None, unit: Unit | None) -> str:
    return person.full_name if person is not None else cast(Unit, unit).name


def _same_achievement_refusal(*, person, unit, code: str, year: int, others: list[dict]) -> str:
    return _(
        "One achievement, one award (Decree 98/2023, art. 4): for %(year)s, %(name)s "
        "already has %(others)s. Proposing %(form)s for the same achievement needs an "
        "override with a written reason."
    ) % {
        "year": year,
        "name": _subject_name(person=person, unit=unit),
        "others": "; ".join(selectors.describe_other(row) for row in others),
        "form": dict(AwardCode.choices).get(code, code),
    }


def _refuse_override_by_head(*, actor, name: str, form: str) -> None:
    """Overriding a verdict the engine found not eligible is the office's (proposal_override);
    a head's reason cannot stand in for it."""
    if not is_emulation_office(actor):
        raise PermissionDenied(
            _(
                "%(name)s: the engine found %(form)s not eligible; only the emulation & "
                "commendation office may propose it with an override."
            )
            % {"name": name, "form": form}
        )


@transaction.atomic
def proposal_create(
    *,
    actor,
    code: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    proposing_unit: Unit | None = None,
    achievements: str = "",
    received_on: date | None = None,
    override_reason: str = "",
) -> Proposal:
    """A draft proposal with the engine's verdict attached.

    One achievement, one award (law.py ONE_ACHIEVEMENT): a form of the same-achievement
    group (Giấy khen, Bằng khen cấp Bộ, Bằng khen Thủ tướng by default) for a subject and
    year that already has a live proposal or a granted award of another form of the group
    is refused, naming them, unless `override_reason` is given; the reason is then recorded
    as the proposal's override and in its audit event."""
    _check_subject(code=code, person=person, unit=unit)
    if not can_propose(actor, person=person, unit=unit):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    _refuse_pending_case(person)
    subject_unit = unit_of_subject(person=person, unit=unit)
    proposing_unit = proposing_unit or subject_unit
    if not subject_unit.path.startswith(proposing_unit.path) or not (
        is_emulation_office(actor) or heads_unit(actor, proposing_unit)
    ):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    verdict = verdict_for(code=code, year=year, person=person, unit=unit, received_on=received_on)
    override_reason = (override_reason or "").strip()
    # Lock the subject so two proposals for the same achievement cannot pass each other.
    model = Person if person is not None else Unit
    subject = cast(Person | Unit, person if person is not None else unit)
    list(model.objects.select_for_update().filter(pk=subject.pk).values_list("pk"))
    others = selectors.same_achievement_others(
        year=year, code=code, person=person, unit=unit, on=received_on or timezone.localdate()
    )
    if others and not override_reason:
        raise ValidationError(
            _same_achievement_refusal(person=person, unit=unit, code=code, year=year, others=others)
        )
    override = bool(others)
    if override and not verdict.get("eligible"):
        _refuse_override_by_head(
            actor=actor,
            name=_subject_name(person=person, unit=unit),
            form=dict(AwardCode.choices).get(code, code),
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    proposal = Proposal.objects.create(
        proposing_unit=proposing_unit,
        person=person,
        unit=unit,
        code=code,
        year=year,
        achievements=achievements,
        verdict=verdict,
        created_by=user,
        override=override,
        override_reason=override_reason if override else "",
        override_by=user if override else None,
    )
    extra = {}
    if override:
        extra = {
            "override_reason": override_reason,
            "same_achievement": [selectors.describe_other(row) for row in others],
            "same_achievement_ids": [[row["kind"], row["pk"]] for row in others],
        }
    audit_record(
        actor=actor,
        action="proposal.created",
        target=proposal,
        code=code,
        year=year,
        eligible=verdict["eligible"],
        **extra,
    )
    return proposal


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


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=proposal.pk)
    )


def _move(proposal: Proposal, *, actor, to: str, action: str, **data) -> Proposal:
    before = proposal.status
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at"])
    audit_change(
        actor=actor,
        action=action,
        target=proposal,
        before={"status": before},
        after={"status": to},
        **{"from": before, "to": to},
        **data,
    )
    return proposal


def verdict_overridden(proposal: Proposal) -> bool:
    """Whether the proposal's override covers a verdict the engine found not eligible: only
    the office's does (proposal_override, or a proposal the office made with a reason); a
    head's reason for a second form of the same achievement does not."""
    return bool(proposal.override) and (
        proposal.override_by is not None and is_emulation_office(proposal.override_by)
    )


@transaction.atomic
def proposal_submit(*, actor, proposal: Proposal, override_reason: str = "") -> Proposal:
    """The unit sends the dossier: the verdict is judged again on the day it is received.

    One achievement, one award is checked again: an award of another form of the group
    granted for the same subject and year since the draft was made (or a live proposal made
    before this one) needs an override with a written reason, as at creation."""
    proposal = _locked(proposal)
    if not can_propose(actor, person=proposal.person, unit=proposal.unit):
        raise PermissionDenied
    if proposal.status not in EDITABLE:
        raise ValidationError(_("Only a draft or returned proposal can be submitted."))
    _refuse_pending_case(proposal.person)
    today = timezone.localdate()
    override_reason = (override_reason or "").strip()
    others = []
    if not proposal.override:
        others = [
            row
            for row in selectors.same_achievement_others(
                year=proposal.year,
                code=proposal.code,
                person=proposal.person,
                unit=proposal.unit,
                exclude_pk=proposal.pk,
                on=today,
            )
            if row["kind"] == "award" or row["pk"] < proposal.pk
        ]
        if others and not override_reason:
            raise ValidationError(
                _same_achievement_refusal(
                    person=proposal.person,
                    unit=proposal.unit,
                    code=proposal.code,
                    year=proposal.year,
                    others=others,
                )
            )
    proposal.received_on = today
    proposal.verdict = verdict_for(
        code=proposal.code,
        year=proposal.year,
        person=proposal.person,
        unit=proposal.unit,
        received_on=today,
    )
    fields = ["received_on", "verdict", "updated_at"]
    extra = {}
    if others:
        user = actor if getattr(actor, "is_authenticated", False) else None
        proposal.override, proposal.override_reason, proposal.override_by = (
            True,
            override_reason,
            user,
        )
        fields += ["override", "override_reason", "override_by"]
        extra = {
            "override_reason": override_reason,
            "same_achievement": [selectors.describe_other(row) for row in others],
            "same_achievement_ids": [[row["kind"], row["pk"]] for row in others],
        }
    proposal.save(update_fields=fields)
    return _move(
        proposal,
        actor=actor,
        to=ProposalStatus.SUBMITTED,
        action="proposal.submitted",
        eligible=proposal.verdict.get("eligible"),
        **extra,
    )


@transaction.atomic
def proposal_override(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """The office accepts a proposal the engine found not eligible, with a written reason."""
    require_office(actor, explain=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("An override needs a written reason.")})
    proposal = _locked(proposal)
    if proposal.status in (ProposalStatus.APPROVED, ProposalStatus.DECIDED):
        raise ValidationError(_("The council has already decided on this proposal."))
    audited = ("override", "override_reason", "override_by")
    before = snapshot(proposal, audited)
    earlier = proposal.override_reason.strip() if proposal.override else ""
    proposal.override = True
    # A head's reason for a second form of the same achievement is kept beside the office's.
    proposal.override_reason = f"{earlier}\n{reason}" if earlier and earlier != reason else reason
    proposal.override_by = actor
    proposal.save(update_fields=["override", "override_reason", "override_by", "updated_at"])
    audit_change(
        actor=actor,
        action="proposal.overridden",
        target=proposal,
        before=before,
        after=snapshot(proposal, audited),
        reason=reason,
        verdict_eligible=proposal.verdict.get("eligible"),
    )
    return proposal


@transaction.atomic
def proposal_check(*, actor, proposal: Proposal, accept: bool, reason: str = "") -> Proposal:
    """The office checks the dossier: accepted (checked) or returned to the unit with a
    reason. A proposal the engine found not eligible needs an override first."""
    require_office(actor, explain=True)
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be checked."))
    reason = (reason or "").strip()
    if not accept:
        if not reason:
            raise ValidationError({"reason": _("Say why the dossier is returned.")})
        return _move(
            proposal,
            actor=actor,
            to=ProposalStatus.RETURNED,
            action="proposal.returned",
            reason=reason,
        )
    _refuse_pending_case(proposal.person)
    if not proposal.verdict.get("eligible") and not verdict_overridden(proposal):
        raise ValidationError(
            _("The engine found this proposal not eligible: override it with a reason first.")
        )
    return _move(
        proposal, actor=actor, to=ProposalStatus.CHECKED, action="proposal.checked", note=reason
    )


# ---------------------------------------------------------------- council sessions
def _council_people(on: date) -> list[Person]:
    users = RoleAssignment.objects.as_of(on).filter(role=Role.COUNCIL_MEMBER).values("user_id")
    return list(Person.objects.filter(user__in=users).order_by("full_name", "id"))


@transaction.atomic
def session_create(
    *, actor, title: str, held_on: date, chair: Person | None = None
) -> CouncilSession:
    """A session whose members are the people holding the council-member role today."""
    require_office(actor, explain=True)
    session = CouncilSession.objects.create(title=title, held_on=held_on, chair=chair)
    people = _council_people(timezone.localdate())
    CouncilMember.objects.bulk_create(
        [CouncilMember(session=session, person=p, present=True) for p in people]
    )
    audit_record(
        actor=actor,
        action="session.created",
        target=session,
        members=[p.pk for p in people],
        held_on=held_on.isoformat(),
    )
    return session


def _open_session(session: CouncilSession) -> CouncilSession:
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("The session is closed."))
    return session


@transaction.atomic
def session_set_attendance(*, actor, session: CouncilSession, present_ids) -> CouncilSession:
    """Who attends (the others are absent). Not while a ballot is being counted on."""
    require_office(actor, explain=True)
    session = _open_session(session)
    present_ids = {int(pk) for pk in present_ids}
    session.members.update(present=False)
    session.members.filter(pk__in=present_ids).update(present=True)
    audit_record(
        actor=actor, action="session.attendance", target=session, present=sorted(present_ids)
    )
    return session


@transaction.atomic
def session_add_proposals(*, actor, session: CouncilSession, proposals) -> int:
    """Put checked proposals before the council."""
    require_office(actor, explain=True)
    session = _open_session(session)
    ids = [p.pk for p in proposals]
    rows = list(Proposal.objects.select_for_update().filter(pk__in=ids))
    wrong = [p for p in rows if p.status != ProposalStatus.CHECKED]
    if wrong or len(rows) != len(set(ids)):
        raise ValidationError(_("Only proposals whose dossier was checked can go to the council."))
    session.proposals.add(*rows)
    for proposal in rows:
        _move(
            proposal,
            actor=actor,
            to=ProposalStatus.IN_COUNCIL,
            action="proposal.in_council",
            session=session.pk,
        )
    audit_record(actor=actor, action="session.proposals_added", target=session, proposals=ids)
    return len(rows)


def needs_ballot(code: str, settings: dict | None = None) -> bool:
    settings = settings or agency_settings.values("awards.")
    return code in (settings.get("awards.secret_ballot_codes") or [])


def _per_code(value, code: str):
    """A setting may be one value, or a mapping of title codes (with "default")."""
    if isinstance(value, dict):
        return value.get(code, value.get("default"))
    return value


def ballot_rule(code: str) -> dict:
    """The rule a ballot on this title is counted by, as the settings say today."""
    settings = agency_settings.values("awards.")
    return {
        "quorum": float(_per_code(settings["awards.council_quorum"], code)),
        "threshold": float(_per_code(settings["awards.ballot_threshold"], code)),
        "base": _per_code(settings["awards.ballot_threshold_base"], code),
        "min_votes": int(_per_code(settings["awards.ballot_min_votes"], code)),
    }


def _in_session(session: CouncilSession, proposal: Proposal) -> Proposal:
    proposal = _locked(proposal)
    if not session.proposals.filter(pk=proposal.pk).exists():
        raise ValidationError(_("This proposal is not before this session."))
    if proposal.status != ProposalStatus.IN_COUNCIL:
        raise ValidationError(_("The council has already decided on this proposal."))
    return proposal


@transaction.atomic
def ballot_open(*, actor, session: CouncilSession, proposal: Proposal) -> Ballot:
    """A secret ballot on a proposal whose title needs one, with today's rule snapshot."""
    require_office(actor, explain=True)
    session = _open_session(session)
    proposal = _in_session(session, proposal)
    if not needs_ballot(proposal.code):
        raise ValidationError(_("This title is decided without a secret ballot."))
    if Ballot.objects.filter(session=session, proposal=proposal).exists():
        raise ValidationError(_("A ballot on this proposal was already opened in this session."))
    ballot = Ballot.objects.create(
        session=session, proposal=proposal, rule=ballot_rule(proposal.code)
    )
    audit_record(
        actor=actor, action="ballot.opened", target=ballot, proposal=proposal.pk, rule=ballot.rule
    )
    audit_record(actor=actor, action="proposal.ballot_opened", target=proposal, ballot=ballot.pk)
    return ballot


@transaction.atomic
def ballot_cast(*, ballot: Ballot, voter_user, choice: str) -> None:
    """One vote by a council member of the session; the vote itself is not tied to them."""
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose agree, disagree or abstain.")})
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("This ballot is closed."))
    member = selectors.member_for(ballot.session, voter_user)
    if member is None:
        raise PermissionDenied(_("Only members of this council session may vote."))
    if ballot.rule.get("base") == PRESENT and not member.present:
        raise PermissionDenied(_("Only members present may vote on this ballot."))
    try:
        with transaction.atomic():
            BallotParticipation.objects.create(ballot=ballot, member=member)
    except IntegrityError:
        raise ValidationError(_("You have already voted on this ballot.")) from None
    BallotVote.objects.create(ballot=ballot, choice=choice)
    audit_record(actor=voter_user, action="ballot.participated", target=ballot)


def tally(*, rule: dict, members: int, present: int, counts: dict[str, int]) -> dict:
    """Quorum: present / members ≥ quorum. Passed: agree / base ≥ threshold, the base being
    all members or those present, as the rule says. Exact fractions, no rounding. The result
    keeps the rule it applied, so the page can say it in words (ballot_rule.explain)."""
    quorum = as_fraction(rule["quorum"])
    threshold = as_fraction(rule["threshold"])
    base = members if rule.get("base", ALL_MEMBERS) == ALL_MEMBERS else present
    yes = counts.get(VoteChoice.YES, 0)
    quorum_met = members > 0 and Fraction(present, members) >= quorum
    threshold_met = base > 0 and Fraction(yes, base) >= threshold
    return {
        "members": members,
        "present": present,
        "voted": sum(counts.values()),
        "yes": yes,
        "no": counts.get(VoteChoice.NO, 0),
        "abstain": counts.get(VoteChoice.ABSTAIN, 0),
        "base": base,
        "quorum_met": quorum_met,
        "threshold_met": threshold_met,
        "yes_share": float(Fraction(yes, base)) if base else 0.0,
        "approved": quorum_met and threshold_met,
        "rule": dict(rule),
    }


def _min_votes(rule: dict, code: str) -> int:
    """The ballot's snapshot; a ballot opened before the setting existed takes today's."""
    if "min_votes" in rule:
        return int(rule["min_votes"])
    return int(_per_code(agency_settings.value("awards.ballot_min_votes"), code))


def _refuse_early_count(ballot: Ballot, *, members: int, voted: int) -> None:
    """No count before the quorum of members has voted, nor with fewer votes than the
    minimum: a small count could reveal how one member voted."""
    rule = ballot.rule
    needed = votes_needed(rule["quorum"], members)
    if voted < needed:
        raise ValidationError(
            _(
                "The ballot cannot be counted yet: %(voted)s of %(members)s members have "
                "voted, and at least %(needed)s must have (the quorum)."
            )
            % {"voted": voted, "members": members, "needed": needed}
        )
    minimum = _min_votes(rule, ballot.proposal.code)
    if voted < minimum:
        raise ValidationError(
            _(
                "The ballot cannot be counted: %(voted)s votes were cast, fewer than the "
                "minimum of %(minimum)s — a count this small could reveal a member's vote."
            )
            % {"voted": voted, "minimum": minimum}
        )


@transaction.atomic
def ballot_close(*, actor, ballot: Ballot) -> Ballot:
    """Count once: the proposal is approved or rejected by the rule snapshot. Refused, with
    nothing written, while fewer members than the quorum (or than the minimum number of
    votes) have voted."""
    require_office(actor, explain=True)
    ballot = Ballot.objects.select_for_update().select_related("proposal").get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("This ballot was already closed."))
    members = list(ballot.session.members.values_list("present", flat=True))
    choices = list(ballot.votes.values_list("choice", flat=True))
    _refuse_early_count(ballot, members=len(members), voted=len(choices))
    counts: dict[str, int] = dict.fromkeys(VoteChoice.values, 0)
    for choice in choices:
        counts[choice] += 1
    # Rewrite the votes in a random order: the table's physical order no longer follows the
    # order of arrival, which the participations (who voted) keep.
    random.SystemRandom().shuffle(choices)
    ballot.votes.all().delete()
    BallotVote.objects.bulk_create(BallotVote(ballot=ballot, choice=choice) for choice in choices)
    rule = {**ballot.rule, "min_votes": _min_votes(ballot.rule, ballot.proposal.code)}
    result = tally(rule=rule, members=len(members), present=sum(members), counts=counts)
    ballot.result = result
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["result", "status", "closed_at", "updated_at"])
    audit_record(actor=actor, action="ballot.closed", target=ballot, result=result)
    proposal = _locked(ballot.proposal)
    _move(
        proposal,
        actor=actor,
        to=ProposalStatus.APPROVED if result["approved"] else ProposalStatus.REJECTED,
        action="proposal.approved" if result["approved"] else "proposal.rejected",
        ballot=ballot.pk,
        result=result,
    )
    return ballot


@transaction.atomic
def session_decide(
    *, actor, session: CouncilSession, proposal: Proposal, approve: bool, note: str = ""
) -> Proposal:
    """The council's decision on a proposal whose title needs no secret ballot."""
    require_office(actor, explain=True)
    session = _open_session(session)
    proposal = _in_session(session, proposal)
    if needs_ballot(proposal.code):
        raise ValidationError(_("This title needs a secret ballot."))
    return _move(
        proposal,
        actor=actor,
        to=ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED,
        action="proposal.approved" if approve else "proposal.rejected",
        session=session.pk,
        note=note.strip(),
    )


@transaction.atomic
def session_close(*, actor, session: CouncilSession) -> CouncilSession:
    require_office(actor, explain=True)
    session = _open_session(session)
    if session.ballots.filter(status=BallotStatus.OPEN).exists():
        raise ValidationError(_("Close every ballot before closing the session."))
    session.status = SessionStatus.CLOSED
    session.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="session.closed", target=session)
    return session


# ---------------------------------------------------------------- decisions
@transaction.atomic
def decision_create(
    *,
    actor,
    proposals,
    summary: str,
    issuer: str,
    signer_name: str = "",
    signer_title: str = "",
    number: str = "",
    signed_on: date | None = None,
) -> Decision:
    """A draft decision over approved proposals; the number and date come from the document
    register and may stay blank while drafting."""
    require_office(actor, explain=True)
    ids = sorted({p.pk for p in proposals})
    if not ids:
        raise ValidationError(_("Choose at least one approved proposal."))
    taken = selectors.proposals_in_drafts()
    rows = list(Proposal.objects.select_for_update().filter(pk__in=ids))
    if len(rows) != len(ids) or any(p.status != ProposalStatus.APPROVED for p in rows):
        raise ValidationError(_("Only proposals approved by the council can be decided."))
    if taken & set(ids):
        raise ValidationError(_("Some proposals are already in another draft decision."))
    decision = Decision.objects.create(
        number=number.strip(),
        signed_on=signed_on,
        issuer=issuer.strip(),
        summary=summary.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
    )
    Proposal.objects.filter(pk__in=ids).update(decision=decision)
    audit_change(
        actor=actor,
        action=selectors.DECISION_CREATED,
        target=decision,
        before={},
        after=snapshot(decision),
        proposal_ids=ids,
    )
    return decision


@transaction.atomic
def decision_sign(*, actor, decision: Decision, number: str, signed_on: date) -> Decision:
    """Record the number and date given by the document register; the awards enter the
    registry, linked to the decision, and the proposals become decided."""
    require_office(actor, explain=True)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    number = (number or "").strip()
    if decision.signed_on is not None:
        raise ValidationError(_("This decision is already signed."))
    if not number or signed_on is None:
        raise ValidationError(_("Enter the number and date from the document register."))
    before = snapshot(decision, ["number", "signed_on"])
    decision.number, decision.signed_on = number, signed_on
    decision.save(update_fields=["number", "signed_on", "updated_at"])
    proposals = list(
        Proposal.objects.select_for_update().filter(
            pk__in=selectors.decision_proposal_ids(decision)
        )
    )
    awards = Award.objects.bulk_create(
        [
            Award(
                person_id=p.person_id,
                unit_id=p.unit_id,
                code=p.code,
                kind=AwardKind.MERIT,
                year=p.year,
                decision=decision,
                decision_number=number,
                decision_date=signed_on,
                issuer=decision.issuer,
            )
            for p in proposals
        ]
    )
    for proposal, award in zip(proposals, awards, strict=True):
        proposal_before = snapshot(proposal, ["award", "status"])
        proposal.award = award
        proposal.status = ProposalStatus.DECIDED
        proposal.save(update_fields=["award", "status", "updated_at"])
        audit_change(
            actor=actor,
            action="proposal.decided",
            target=proposal,
            before=proposal_before,
            after=snapshot(proposal, ["award", "status"]),
            decision=decision.pk,
            number=number,
        )
    audit_change(
        actor=actor,
        action="decision.signed",
        target=decision,
        before=before,
        after=snapshot(decision, ["number", "signed_on"]),
        number=number,
        signed_on=signed_on.isoformat(),
        awards=[a.pk for a in awards],
    )
    codes = dict(
        Person.objects.filter(pk__in=[p.person_id for p in proposals if p.person_id]).values_list(
            "pk", "employee_code"
        )
    )
    webhook_publish(
        event="awards.decision.signed",
        payload={
            "decision": {
                "id": decision.pk,
                "number": number,
                "signed_on": signed_on,
                "issuer": decision.issuer,
                "summary": decision.summary,
                "url": site_url(reverse("awards:decision_detail", args=[decision.pk])),
            },
            "awards": [
                {
                    "id": award.pk,
                    "employee_code": (
                        codes.get(proposal.person_id) if proposal.person_id else None
                    ),
                    "unit_id": proposal.unit_id,
                    "code": award.code,
                    "year": award.year,
                }
                for proposal, award in zip(proposals, awards, strict=True)
            ],
        },
    )
    return decision


# ---------------------------------------------------------------- certificates
def _mm(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
        if not number.is_finite():  # NaN would pass quantize and break the comparison below
            raise InvalidOperation
        number = number.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number of millimetres.")}) from None
    if not Decimal("-50") <= number <= Decimal("50"):
        raise ValidationError({field: _("An offset lies between -50 and 50 mm.")})
    return number


@transaction.atomic
def layout_save(*, actor, code: str, offset_x, offset_y) -> CertificateLayout:
    """The printer offsets for a certificate blank (saved with the default positions the
    first time)."""
    require_office(actor, explain=True)
    layout = selectors.layout_for(code)
    before = (str(layout.offset_x_mm), str(layout.offset_y_mm))
    layout.offset_x_mm = _mm(offset_x, "offset_x")
    layout.offset_y_mm = _mm(offset_y, "offset_y")
    layout.save()
    audit_record(
        actor=actor,
        action="certificate_layout.changed",
        target=layout,
        before=before,
        after=(str(layout.offset_x_mm), str(layout.offset_y_mm)),
    )
    return layout
