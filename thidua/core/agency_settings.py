"""Per-agency settings with a legal default: each is declared in code once (by the app that
uses it) with its basis and confidence; an agency may change the value from a date on
(AgencySetting.valid_from: what was judged before that date keeps the value in force then),
and each change is recorded with who, why and the date it applies from. Each setting has a check (setting_checks) that
cleans a value or refuses it with a Vietnamese message; the emulation office and administrators
change them on the page "Thiết lập của cơ quan" (core.views.agency_settings)."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import setting_checks
from .actors import account_of, acting_as_system
from .audit import audit_change
from .choices import CoreAudit
from .models import AgencySetting
from .rules import can_manage_agency_settings

# How sure the platform is of a setting's legal default (F/U/M), in Vietnamese words (the same
# words the awards app uses for its rules: thidua.awards.law.confidence_words).
CONFIDENCE_WORDS = {
    "F": "đã đối chiếu nguồn trích dẫn văn bản",
    "U": "chưa đối chiếu văn bản chính thức",
    "M": "chưa xác minh, cần đối chiếu văn bản chính thức",
}


def confidence_words(mark: str) -> str:
    """A confidence mark in words; an unknown mark reads as unchecked (M)."""
    return CONFIDENCE_WORDS.get(mark, CONFIDENCE_WORDS["M"])


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    basis: str
    confidence: str  # F: quoted in a secondary source; U: unofficial copies; M: from memory
    description: str
    # cleans a value (returns it in the stored shape) or raises ValidationError in Vietnamese;
    # a setting declared without one gets a check fitting its default's shape
    check: Callable[[Any], Any] | None = field(default=None, compare=False)


_specs: dict[str, SettingSpec] = {}


def declare(spec: SettingSpec) -> SettingSpec:
    if spec.check is None:
        spec = replace(spec, check=setting_checks.inferred(spec.default))
    _specs[spec.key] = spec
    return spec


def spec_of(key: str) -> SettingSpec:
    """A declared setting, or ValidationError (in Vietnamese) for an unknown key."""
    try:
        return _specs[key]
    except KeyError:
        raise ValidationError(
            {"key": _("There is no agency setting %(key)s.") % {"key": key}}
        ) from None


def clean(key: str, value: Any) -> Any:
    """The value cleaned by the setting's check, or ValidationError {"value": message}."""
    check = spec_of(key).check
    try:
        return value if check is None else check(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None


def specs() -> list[SettingSpec]:
    return sorted(_specs.values(), key=lambda s: s.key)


def _on(on: date | None) -> date:
    return timezone.localdate() if on is None else on


def value(key: str, on: date | None = None) -> Any:
    """The agency's value for a declared setting in force on `on` (today by default): the
    change with the latest date on or before it, else the legal default. One query."""
    spec = _specs[key]
    override = (
        AgencySetting.objects.filter(key=key, valid_from__lte=_on(on))
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )
    return spec.default if override is None else override


def values(prefix: str = "", on: date | None = None) -> dict[str, Any]:
    """Every declared setting under a prefix as in force on `on` (today by default), in one
    query."""
    in_force: dict[str, Any] = {}
    for key, stored in (
        AgencySetting.objects.filter(key__startswith=prefix, valid_from__lte=_on(on))
        .order_by("key", "-valid_from")
        .values_list("key", "value")
    ):
        in_force.setdefault(key, stored)  # the latest date first
    return {k: in_force.get(k, s.default) for k, s in _specs.items() if k.startswith(prefix)}


def _valid_from(valid_from: date | None) -> date:
    if valid_from is None:
        return timezone.localdate()
    if not isinstance(valid_from, date) or isinstance(valid_from, datetime):
        raise ValidationError({"valid_from": _("Enter the date the change applies from.")})
    return valid_from


@transaction.atomic
def setting_override(
    *, actor, key: str, value: Any, reason: str, valid_from: date | None = None
) -> AgencySetting:
    """Change a setting for this agency from `valid_from` on (today when None; any date, an
    earlier one too — the reason says why; the emulation office and administrators). The
    value is checked and stored cleaned; a change for a date that already has one replaces
    it. What was in force that day before and the new value are audited with the date.
    `actor`: the account acting, or SYSTEM (commands, tests); None is refused."""
    if not acting_as_system(actor) and not can_manage_agency_settings(actor):
        raise PermissionDenied
    value = clean(key, value)
    valid_from = _valid_from(valid_from)
    if not reason.strip():
        raise ValidationError({"reason": _("A change needs a written reason.")})
    previous = (
        AgencySetting.objects.select_for_update()
        .filter(key=key, valid_from__lte=valid_from)
        .order_by("-valid_from")
        .first()
    )
    before = {
        "value": _specs[key].default if previous is None else previous.value,
        "valid_from": None if previous is None else previous.valid_from.isoformat(),
    }
    row, _created = AgencySetting.objects.update_or_create(
        key=key,
        valid_from=valid_from,
        defaults={"value": value, "reason": reason.strip(), "updated_by": account_of(actor)},
    )
    audit_change(
        actor=actor,
        action=CoreAudit.SETTING_OVERRIDDEN,
        target=row,
        before=before,
        after={"value": value, "valid_from": valid_from.isoformat()},
        key=key,
        value=value,
        valid_from=valid_from.isoformat(),
        replaced=previous is not None and previous.valid_from == valid_from,
        reason=reason.strip(),
    )
    return row


@dataclass(frozen=True)
class Change:
    """One dated change of a setting, as the page lists it."""

    valid_from: date
    value: Any
    value_words: str
    reason: str
    changed_by: str
    changed_at: Any


@dataclass(frozen=True)
class SettingRow:
    """One setting as the settings page shows it, on a date (today by default)."""

    spec: SettingSpec
    value: Any
    changed: bool  # a change of the agency is in force (not the legal default)
    reason: str
    changed_by: str
    changed_at: Any
    valid_from: date | None = None  # the in-force change's date (None: the legal default)
    scheduled: tuple[Change, ...] = ()  # changes dated after the day shown, earliest first
    history: tuple[Change, ...] = ()  # the latest changes by date, latest first

    @property
    def check(self) -> setting_checks.Check:
        check = self.spec.check
        return check if isinstance(check, setting_checks.Check) else setting_checks.Check()

    @property
    def confidence(self) -> str:
        return confidence_words(self.spec.confidence)

    @property
    def default_words(self) -> str:
        return self.check.words(self.spec.default)

    @property
    def value_words(self) -> str:
        return self.check.words(self.value)


HISTORY_SHOWN = 5  # changes listed per setting


def _name_of(account) -> str:
    """An account by its person's name (org's Person, reached by its reverse relation), else
    its full name, else its login."""
    if account is None:
        return ""
    person = getattr(account, "person", None)
    return getattr(person, "full_name", "") or account.get_full_name() or account.get_username()


def _row(spec: SettingSpec, changes: list[AgencySetting], on: date) -> SettingRow:
    """A setting on `on` from its changes (latest date first)."""
    check = spec.check if isinstance(spec.check, setting_checks.Check) else setting_checks.Check()

    def change(row: AgencySetting) -> Change:
        return Change(
            valid_from=row.valid_from,
            value=row.value,
            value_words=check.words(row.value),
            reason=row.reason,
            changed_by=_name_of(row.updated_by),
            changed_at=row.updated_at,
        )

    current = next((row for row in changes if row.valid_from <= on), None)
    return SettingRow(
        spec=spec,
        value=spec.default if current is None else current.value,
        changed=current is not None,
        reason=current.reason if current is not None else "",
        changed_by=_name_of(current.updated_by if current is not None else None),
        changed_at=current.updated_at if current is not None else None,
        valid_from=current.valid_from if current is not None else None,
        scheduled=tuple(change(row) for row in reversed(changes) if row.valid_from > on),
        history=tuple(change(row) for row in changes[:HISTORY_SHOWN]),
    )


def rows_in_force(keys: list[str] | tuple[str, ...], on: date | None = None) -> list[SettingRow]:
    """The declared settings `keys` as in force on `on` (today by default), in that order:
    each with its value, the date it applies from (None: the legal default) and the change's
    reason, for a verdict that says what it was judged with (no permission: the caller's
    page has its own; scheduled and history hold only changes up to `on`). One query."""
    on = _on(on)
    changes: dict[str, list[AgencySetting]] = {}
    for row in (
        AgencySetting.objects.filter(key__in=list(keys), valid_from__lte=on)
        .select_related("updated_by__person")
        .order_by("key", "-valid_from")
    ):
        changes.setdefault(row.key, []).append(row)
    return [_row(_specs[key], changes.get(key, []), on) for key in keys]


def settings_table(*, viewer, on: date | None = None) -> list[SettingRow]:
    """Every declared setting with the value in force on `on` (today by default), the date it
    applies from, the changes scheduled after it and the latest changes (who, when, why),
    for the emulation office and administrators. One query."""
    if not can_manage_agency_settings(viewer):
        raise PermissionDenied
    on = _on(on)
    changes: dict[str, list[AgencySetting]] = {}
    for row in AgencySetting.objects.select_related("updated_by__person").order_by(
        "key", "-valid_from"
    ):
        changes.setdefault(row.key, []).append(row)
    return [_row(spec, changes.get(spec.key, []), on) for spec in specs()]
