"""Writes on a person record outside the imports (issue 15, point 2): a new person and a
change of the person's own fields (name, contact, birth date, gender, category, rank,
grade), for administrators — as the administration's person form allows them. Each is one
transaction with an audit event.

A new person goes through `services.person_create` (the person and their first primary post)
after the model's own checks, so a taken employee code or a malformed e-mail is refused with
Django's message (Vietnamese) instead of a database error. The unit, the position and the
employment status are not changed here: posts through `services.person_assign_post`,
leaves and retirements through the HR sync.

For a person whose record comes from the HR system (the sync has written it:
`Person.hr_synced_at`), the fields the HR system carries (`hr_managed_fields_of`) are the
HR system's: a change is refused, field by field, with a message saying so — else the next
sync would overwrite it without a word. The fields it does not carry stay editable. So is
the person's primary post — the unit and position every export row carries, with the day
it started (`hr_managed_post_fields_of`): a move is the HR system's (`hr_post_refusals`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.actors import acting_as_system
from thidua.core.audit import audit_change, snapshot

from .. import services
from ..choices import OrgAudit, PostKind
from ..hr_sync_file import hr_managed_fields
from ..models import Person, PersonPosition, Position, Unit
from ..rules import is_org_administrator

# A person's own fields an administrator may change (the record's key, employee_code, is
# what the HR sync and the directory sign-in match on: it is not changed here).
OWN_FIELDS = ("full_name", "email", "phone", "date_of_birth", "gender", "category", "rank", "grade")


def hr_managed_fields_of(person: Person) -> tuple[str, ...]:
    """The person's own fields that only the HR system changes: none for Thi Đua's own
    records, those the HR sync carries for a record it has written."""
    return hr_managed_fields() if person.hr_synced_at is not None else ()


# The person's current post: every source of the HR sync carries it (the export's unit,
# position and "Từ ngày" columns are required, a directory's entry fills them or is refused).
HR_POST_FIELDS = ("unit", "position")


def hr_managed_post_fields_of(person: Person) -> tuple[str, ...]:
    """The post fields only the HR system changes: none for Thi Đua's own records, the unit
    and the position for a record the HR sync has written — a move made in Thi Đua would
    stop the next sync (its row's post began before the local one: the whole file refused)."""
    return HR_POST_FIELDS if person.hr_synced_at is not None else ()


def hr_post_refusals(
    *, person: Person, unit_id: int | None, position_id: int | None, kind: str = PostKind.PRIMARY
) -> dict[str, str]:
    """Why a new post cannot be given to this person, by field (empty: it can): a primary
    post in another unit or position than the current one, for a record of the HR system.
    The same unit and position again (a reappointment) and acting or concurrent posts (not
    in the export) stay Thi Đua's."""
    if kind != PostKind.PRIMARY or not hr_managed_post_fields_of(person):
        return {}
    current = (
        PersonPosition.objects.filter(person=person, kind=PostKind.PRIMARY, valid_to__isnull=True)
        .values_list("unit_id", "position_id")
        .first()
    ) or (None, None)
    wanted = {"unit": unit_id, "position": position_id}
    return {
        name: hr_managed_message(person, name)
        for name, stored in zip(HR_POST_FIELDS, current, strict=True)
        if wanted[name] != stored
    }


def hr_managed_message(person: Person, name: str) -> str:
    return _(
        "“%(field)s” is managed by the HR system: change it there; the next sync brings "
        "the change to Thi Đua."
    ) % {"field": getattr(person._meta.get_field(name), "verbose_name", name)}


def _require_admin(actor) -> None:
    if not acting_as_system(actor) and not is_org_administrator(actor):
        raise PermissionDenied(_("Only an administrator may change the organisation."))


def _tidy(values: dict) -> dict:
    """Spaces around text dropped, a name's inner runs of spaces made one."""
    tidy = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if "full_name" in tidy and tidy["full_name"] is not None:
        tidy["full_name"] = " ".join(tidy["full_name"].split())
    return tidy


def _in_force(unit: Unit, on: date) -> None:
    if on < unit.valid_from or (unit.valid_to is not None and on >= unit.valid_to):
        raise ValidationError({"post_from": _("The unit does not exist on the post's first day.")})


@transaction.atomic
def person_add(
    *,
    actor,
    employee_code: str,
    full_name: str,
    unit: Unit,
    position: Position,
    category: str,
    post_from: date,
    **details,
) -> Person:
    """A new person with a primary post in `unit` from `post_from`: the model's checks first
    (employee code not taken, e-mail well formed, choices), then `services.person_create`."""
    _require_admin(actor)
    unknown = set(details) - set(OWN_FIELDS)
    if unknown:
        raise TypeError(f"person_add: unknown fields {sorted(unknown)}")
    values = _tidy({"employee_code": employee_code, "full_name": full_name, **details})
    candidate = Person(unit=unit, position=position, category=category, **values)
    candidate.full_clean(exclude=["user"])
    _in_force(unit, post_from)
    return services.person_create(
        actor=actor,
        unit=unit,
        position=position,
        category=category,
        post_from=post_from,
        **values,
    )


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    """Change some of a person's own fields (`OWN_FIELDS`); nothing saved when one is wrong
    or is the HR system's (a value sent unchanged is no change). The audit keeps the fields
    before and after."""
    _require_admin(actor)
    unknown = set(changes) - set(OWN_FIELDS)
    if unknown:
        raise TypeError(f"person_update: unknown fields {sorted(unknown)}")
    changes = _tidy(changes)
    fields = [f for f in changes if getattr(person, f) != changes[f]]
    managed = [f for f in fields if f in hr_managed_fields_of(person)]
    if managed:
        raise ValidationError({f: hr_managed_message(person, f) for f in managed})
    if not fields:
        return person
    before = snapshot(person, fields)
    for name in fields:
        setattr(person, name, changes[name])
    person.full_clean(exclude=["user", "unit", "position"])
    person.save(update_fields=[*fields, "updated_at"])
    audit_change(
        actor=actor,
        action=OrgAudit.PERSON_UPDATED,
        target=person,
        before=before,
        after=snapshot(person, fields),
        employee_code=person.employee_code,
    )
    return person
