"""Per-agency settings with a legal default: each is declared in code once (by the app that
uses it) with its basis and confidence; an agency may override the value (AgencySetting),
and the override is recorded with who and why. Each setting has a check (setting_checks) that
cleans a value or refuses it with a Vietnamese message; the emulation office and administrators
change them on the page "Thiết lập của cơ quan" (core.views.agency_settings)."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import setting_checks
from .actors import account_of, acting_as_system
from .audit import audit_change
from .models import AgencySetting
from .rules import can_manage_agency_settings

# How sure the platform is of a setting's legal default (F/U/M), in Vietnamese words (the same
# words the awards app uses for its rules: thidua.awards.law.confidence_words).
CONFIDENCE_WORDS = {
    "F": "đã đối chiếu nguồn trích dẫn văn bản",
    "U": "chưa đối chiếu văn bản chính thức",
    "M": "ghi theo trí nhớ, cần kiểm tra lại văn bản",
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


def value(key: str) -> Any:
    """The agency's value for a declared setting (its override, or the legal default)."""
    spec = _specs[key]
    override = AgencySetting.objects.filter(key=key).values_list("value", flat=True).first()
    return spec.default if override is None else override


def values(prefix: str = "") -> dict[str, Any]:
    """Every declared setting under a prefix, in one query."""
    overrides = dict(
        AgencySetting.objects.filter(key__startswith=prefix).values_list("key", "value")
    )
    return {k: overrides.get(k, s.default) for k, s in _specs.items() if k.startswith(prefix)}


@transaction.atomic
def setting_override(*, actor, key: str, value: Any, reason: str) -> AgencySetting:
    """Override a setting's legal default for this agency (the emulation office and
    administrators; the value is checked and stored cleaned, the reason is kept).
    `actor`: the account acting, or SYSTEM (commands, tests); None is refused."""
    if not acting_as_system(actor) and not can_manage_agency_settings(actor):
        raise PermissionDenied
    value = clean(key, value)
    if not reason.strip():
        raise ValidationError({"reason": _("A change needs a written reason.")})
    old = AgencySetting.objects.filter(key=key).values_list("value", flat=True).first()
    before = {"value": _specs[key].default if old is None else old}
    row, _created = AgencySetting.objects.update_or_create(
        key=key, defaults={"value": value, "reason": reason, "updated_by": account_of(actor)}
    )
    audit_change(
        actor=actor,
        action="setting.overridden",
        target=row,
        before=before,
        after={"value": value},
        key=key,
        value=value,
        reason=reason,
    )
    return row


@dataclass(frozen=True)
class SettingRow:
    """One setting as the settings page shows it."""

    spec: SettingSpec
    value: Any
    changed: bool
    reason: str
    changed_by: str
    changed_at: Any

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


def _name_of(account) -> str:
    """An account by its person's name (org's Person, reached by its reverse relation), else
    its full name, else its login."""
    if account is None:
        return ""
    person = getattr(account, "person", None)
    return getattr(person, "full_name", "") or account.get_full_name() or account.get_username()


def settings_table(*, viewer) -> list[SettingRow]:
    """Every declared setting with the value in force and its last change (who, when, why),
    for the emulation office and administrators."""
    if not can_manage_agency_settings(viewer):
        raise PermissionDenied
    overrides = {row.key: row for row in AgencySetting.objects.select_related("updated_by__person")}
    rows = []
    for spec in specs():
        row = overrides.get(spec.key)
        by = row.updated_by if row is not None else None
        rows.append(
            SettingRow(
                spec=spec,
                value=spec.default if row is None else row.value,
                changed=row is not None,
                reason=row.reason if row is not None else "",
                changed_by=_name_of(by),
                changed_at=row.updated_at if row is not None else None,
            )
        )
    return rows
