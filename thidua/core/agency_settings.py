"""Per-agency settings with a legal default: each is declared in code once (by the app that
uses it) with its basis and confidence; an agency may override the value (AgencySetting),
and the override is recorded with who and why."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .actors import account_of, acting_as_system
from .audit import audit_change
from .models import AgencySetting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    basis: str
    confidence: str  # F: quoted in a secondary source; U: unofficial copies; M: from memory
    description: str


_specs: dict[str, SettingSpec] = {}


def declare(spec: SettingSpec) -> SettingSpec:
    _specs[spec.key] = spec
    return spec


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
    """Override a setting's legal default for this agency (administrators; the reason is kept).
    `actor`: the account acting, or SYSTEM (commands, tests); None is refused."""
    if not acting_as_system(actor) and not actor.has_perm("core.change_agencysetting"):
        raise PermissionDenied
    if key not in _specs:
        raise KeyError(key)
    if not reason.strip():
        raise ValidationError({"reason": "An override needs a written reason."})
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
