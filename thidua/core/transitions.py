"""Status changes: a declared table of the moves a row may make, and one helper that makes
a move and records it.

Each workflow declares its `Flow` once — the status field and, for every allowed
(from, to) move, the audit action that records it (a member of the app's declared
`core.choices.AuditAction`):

    PROPOSAL_FLOW = Flow("awards.Proposal", {
        (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED): AwardsAudit.PROPOSAL_SUBMITTED,
        ...
    })

`transition(row, flow=PROPOSAL_FLOW, to=..., actor=...)` then checks that the move from the
row's current status is declared (a `ValidationError` otherwise — the services check their
own preconditions first, with their own words; the table is the invariant behind them),
sets the status and any other fields changed with it, saves those fields, and records the
declared action with the audited fields before and after (`audit_change`). The caller holds
the row's lock and the transaction, as before.

Every flow is kept in a registry (`flows()`), so a test can see that each declared action
has its label on the audit page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .audit import audit_change, audit_record, snapshot

Row = TypeVar("Row", bound=models.Model)

_FLOWS: list[Flow] = []


@dataclasses.dataclass(frozen=True)
class Flow:
    """The allowed moves of one model's status field: {(from, to): audit action}, or a
    tuple of actions when one move is recorded differently by different steps (a Party
    meeting held, or held with its chosen solution) — those steps name theirs.

    `record_from_to` also writes `from` and `to` into the event's data (the awards
    proposals' events always carried them). `registered=False` keeps a flow out of the
    registry (a test's own)."""

    model: str
    moves: Mapping[tuple[str, str], str | tuple[str, ...]]
    field: str = "status"
    record_from_to: bool = False
    registered: bool = True
    actions: frozenset[str] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        names = [a for v in self.moves.values() for a in ((v,) if isinstance(v, str) else v)]
        object.__setattr__(self, "actions", frozenset(names))
        if self.registered:
            _FLOWS.append(self)

    def allows(self, before: str, after: str) -> bool:
        return (before, after) in self.moves

    def action_for(self, before: str, after: str, action: str | None = None) -> str:
        """The action recording this move (the one named, which must be declared for it);
        a `ValidationError` for a move the table does not declare."""
        try:
            declared = self.moves[(before, after)]
        except KeyError:
            model = apps.get_model(self.model)
            words = dict(model._meta.get_field(self.field).flatchoices)
            raise ValidationError(
                _("This step is not allowed: %(model)s cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "model": model._meta.verbose_name,
                    "from": words.get(before, before),
                    "to": words.get(after, after),
                }
            ) from None
        options = (declared,) if isinstance(declared, str) else declared
        if action is None and len(options) == 1:
            return options[0]
        if action not in options:
            raise ValueError(f"{self.model}: {before} → {after} is recorded as one of {options}")
        return action


def flows() -> list[Flow]:
    """Every flow declared so far (modules declare theirs when imported)."""
    return list(_FLOWS)


def transition(
    row: Row,
    *,
    flow: Flow,
    to: str,
    actor: Any,
    also: Mapping[str, Any] | None = None,
    audited: Iterable[str] | None = None,
    action: str | None = None,
    record_from_to: bool | None = None,
    record_changes: bool = True,
    target: models.Model | None = None,
    **data: Any,
) -> Row:
    """Move `row` to status `to` by `actor`: refuse a move `flow` does not declare, set the
    status and the fields in `also`, save them (and `updated_at` when the model keeps it),
    and record the move's audit action with `audited` before and after (default: the
    status and the fields in `also`) plus `data`.

    `action`, when given, must be one the flow declares for this move (and must be given
    when it declares several): a call site that names its event is checked against the
    table rather than trusted. `record_from_to`
    overrides the flow's choice for one call. `record_changes=False` records `data` alone,
    without the fields before and after: for an event whose data was fixed before this
    helper (its `changes`, if any, being the caller's — a goal's proposed changes).
    `target` records the event on another row than the one moved, where the workflow's
    history is read (a round's step confirmed on the round, a membership ended on the
    person)."""
    also = dict(also or {})
    before_status = getattr(row, flow.field)
    declared = flow.action_for(before_status, to, action)
    fields = [flow.field, *also]
    audited = list(audited) if audited is not None else fields
    before = snapshot(row, audited) if record_changes else {}
    setattr(row, flow.field, to)
    for name, value in also.items():
        setattr(row, name, value)
    update_fields = [*fields]
    if any(f.name == "updated_at" for f in row._meta.concrete_fields):
        update_fields.append("updated_at")
    row.save(update_fields=update_fields)
    with_from_to = flow.record_from_to if record_from_to is None else record_from_to
    extra = {"from": before_status, "to": to} if with_from_to else {}
    if not record_changes:
        audit_record(actor=actor, action=declared, target=target or row, **extra, **data)
        return row
    audit_change(
        actor=actor,
        action=declared,
        target=target or row,
        before=before,
        after=snapshot(row, audited),
        **extra,
        **data,
    )
    return row
