"""Writes for decisions (a draft over approved proposals, then signed: the awards enter the
registry) and the printer offsets of certificate blanks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_change, audit_record, snapshot
from thidua.core.transitions import transition
from thidua.core.webhooks import site_url, webhook_publish
from thidua.org.models import Person

from .. import authority as granting
from .. import (
    documents,
    law_settings,  # noqa: F401  (declares the awards.* settings)
)
from ..choices import AwardKind, AwardsAudit, GrantingAuthority, ProposalStatus
from ..law import NAMES
from ..models import (
    Award,
    CertificateLayout,
    Decision,
    Proposal,
)
from ..rules import require_office
from ..selectors import council as selectors
from .proposals import PROPOSAL_FLOW


# ---------------------------------------------------------------- decisions
def _check_authority(level: str, rows: list[Proposal], on: date) -> None:
    """Refuse the proposals whose award a decision of `level` cannot carry, naming each with
    the authority that grants it (one decision per granting authority)."""
    if level not in GrantingAuthority.values:
        raise ValidationError({"authority": _("Choose who decides these awards.")})
    split = granting.split_on(on)  # the agency's setting in force that day
    refused = [p for p in rows if not granting.may_carry(level, p.code, on, split)]
    if not refused:
        return
    names = {
        p.pk: str(p.person or p.unit or "")
        for p in Proposal.objects.select_related("person", "unit").filter(
            pk__in=[p.pk for p in refused]
        )
    }
    awards = "; ".join(
        _("%(award)s — %(subject)s (decided by the %(level)s)")
        % {
            "award": NAMES.get(p.code, p.code),
            "subject": names.get(p.pk, ""),
            "level": GrantingAuthority(granting.decision_level_for(p.code, on, split)).label,
        }
        for p in refused
    )
    raise ValidationError(
        _(
            "The %(authority)s does not grant these awards: %(awards)s. Make one decision per "
            "granting authority."
        )
        % {"authority": GrantingAuthority(level).label, "awards": awards}
    )


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
    authority: str | None = None,
) -> Decision:
    """A draft decision over approved proposals, all of them awards its authority grants (by
    default the one their awards need); the number and date come from the document register
    — or, for a higher authority, from its decision when it comes — and may stay blank."""
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
    today = timezone.localdate()
    level = authority or granting.default_level([p.code for p in rows], today)
    _check_authority(level, rows, today)
    decision = Decision(
        number=number.strip(),
        signed_on=signed_on,
        issuer=issuer.strip() or GrantingAuthority(level).label,
        summary=summary.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        authority=level,
    )
    if granting.is_higher(level):
        _save_numbered_submission(decision, today)
    else:
        decision.save()
    Proposal.objects.filter(pk__in=ids).update(decision=decision)
    audit_change(
        actor=actor,
        action=AwardsAudit.DECISION_CREATED,
        target=decision,
        before={},
        after=snapshot(decision),
        proposal_ids=ids,
    )
    return decision


SUBMISSION_KIND = "TTr"  # tên loại văn bản viết tắt: Tờ trình (Nghị định 30/2020/NĐ-CP)


def submission_number_text(seq: int, on: date) -> str:
    """ "15/TTr-BKHCN": the year's sequence, then the kind and the issuer's abbreviation in
    force on `on` (the agency's document setting, else the ministry's initials)."""
    short = documents.letterhead(on).short
    return f"{seq}/{SUBMISSION_KIND}-{short}" if short else f"{seq}/{SUBMISSION_KIND}"


def _next_submission_seq(year: int) -> int:
    last = Decision.objects.filter(submission_year=year).aggregate(n=Max("submission_seq"))
    return (last["n"] or 0) + 1


def _save_numbered_submission(decision: Decision, on: date, attempts: int = 5) -> None:
    """Save a higher authority's decision with its submission's number, assigned once: the
    next in `on`'s year. Two drafts at once cannot take the same one (the unique constraint
    on year and sequence): the loser takes the next."""
    for attempt in range(attempts):
        seq = _next_submission_seq(on.year)
        decision.submission_year, decision.submission_seq = on.year, seq
        decision.submission_number = submission_number_text(seq, on)
        try:
            with transaction.atomic():
                decision.save()
            return
        except IntegrityError:
            decision.pk = None
            if attempt == attempts - 1:
                raise


@transaction.atomic
def decision_sign(
    *, actor, decision: Decision, number: str, signed_on: date, issuer: str = ""
) -> Decision:
    """Record the number and date given by the document register — for a higher authority,
    the number, date and issuer of its decision when it comes (the ministry does not sign
    it); the awards enter the registry, linked to the decision, and the proposals become
    decided."""
    require_office(actor, explain=True)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    number = (number or "").strip()
    if decision.signed_on is not None:
        raise ValidationError(
            _("This decision is already recorded.")
            if decision.is_higher
            else _("This decision is already signed.")
        )
    if not number or signed_on is None:
        raise ValidationError(
            _("Enter the number and date of the decision.")
            if decision.is_higher
            else _("Enter the number and date from the document register.")
        )
    fields = ["number", "signed_on", "issuer"]
    before = snapshot(decision, fields)
    decision.number, decision.signed_on = number, signed_on
    decision.issuer = (issuer or "").strip() or decision.issuer
    decision.save(update_fields=[*fields, "updated_at"])
    proposals = list(
        Proposal.objects.select_for_update().filter(
            pk__in=selectors.decision_proposal_ids(decision)
        )
    )
    awards = _register_awards(
        decision=decision, proposals=proposals, number=number, signed_on=signed_on
    )
    for proposal, award in zip(proposals, awards, strict=True):
        transition(
            proposal,
            flow=PROPOSAL_FLOW,
            to=ProposalStatus.DECIDED,
            actor=actor,
            also={"award": award},
            record_from_to=False,
            decision=decision.pk,
            number=number,
        )
    audit_change(
        actor=actor,
        action=AwardsAudit.DECISION_RECORDED if decision.is_higher else AwardsAudit.DECISION_SIGNED,
        target=decision,
        before=before,
        after=snapshot(decision, fields),
        number=number,
        signed_on=signed_on.isoformat(),
        awards=[a.pk for a in awards],
    )
    _publish_signed(decision=decision, proposals=proposals, awards=awards)
    return decision


def _register_awards(
    *, decision: Decision, proposals: list[Proposal], number: str, signed_on: date
) -> list[Award]:
    """The signed decision's awards in the registry, one per proposal, in its order."""
    return Award.objects.bulk_create(
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


def _publish_signed(*, decision: Decision, proposals: list[Proposal], awards: list[Award]) -> None:
    """The "awards.decision.signed" webhook: the decision and its awards (with the person's
    employee code, for the HR system)."""
    person_ids = [p.person_id for p in proposals if p.person_id]
    codes = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "employee_code"))
    webhook_publish(
        event="awards.decision.signed",
        payload={
            "decision": {
                "id": decision.pk,
                "number": decision.number,
                "signed_on": decision.signed_on,
                "issuer": decision.issuer,
                "authority": decision.authority,
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
        action=AwardsAudit.CERTIFICATE_LAYOUT_CHANGED,
        target=layout,
        before=before,
        after=(str(layout.offset_x_mm), str(layout.offset_y_mm)),
    )
    return layout
