"""A unit as a reader can tell it apart: its name, followed by its parent's name when another
unit bears the same name (eight Cục each have a "Văn phòng Cục": "Văn phòng Cục — Cục An
toàn thông tin"). A unique name is shown alone.

Reads only, a fixed number of queries for any number of units: one to find the names borne
by more than one unit, one for the parents' names of those that need them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import Unit


class _Named(Protocol):
    pk: int
    name: str
    parent_id: int | None


def ambiguous_names(names: Iterable[str]) -> set[str]:
    """Those of `names` borne by more than one unit (dissolved units count: a page may show
    a meeting or a record of one)."""
    wanted = {n for n in names if n}
    if not wanted:
        return set()
    return set(
        Unit.objects.filter(name__in=wanted)
        .order_by()
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )


def qualified(name: str, parent_name: str | None) -> str:
    if not parent_name:
        return name
    return _("%(unit)s — %(parent)s") % {"unit": name, "parent": parent_name}


def unit_labels(units: Iterable[_Named | None]) -> dict[int, str]:
    """Unit id → its label (the name, qualified by the parent's when not unique)."""
    present = [u for u in units if u is not None]
    ambiguous = ambiguous_names(u.name for u in present)
    wanted = {u.parent_id for u in present if u.name in ambiguous and u.parent_id}
    parents = (
        dict(Unit.objects.filter(pk__in=wanted).order_by().values_list("pk", "name"))
        if wanted
        else {}
    )
    return {
        u.pk: qualified(u.name, parents.get(u.parent_id) if u.name in ambiguous else None)
        for u in present
    }


def unit_labels_by_id(ids: Iterable[int]) -> dict[int, str]:
    """Unit id → its label, for rows that carry only the unit's id."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return unit_labels(Unit.objects.filter(pk__in=wanted).only("pk", "name", "parent_id"))


def unit_label(unit: _Named | None) -> str:
    """One unit's label ("" for none); a label set by `label_units` is reused."""
    if unit is None:
        return ""
    known = getattr(unit, "qualified_name", None)
    if known is not None:
        return known
    return unit_labels([unit]).get(unit.pk, unit.name)


def label_units(units: Iterable[Unit | None]) -> None:
    """Set `qualified_name` on each unit (for templates: `{{ unit|unit_label }}`)."""
    present = [u for u in units if u is not None]
    labels = unit_labels(present)
    for unit in present:
        unit.qualified_name = labels.get(unit.pk, unit.name)  # type: ignore[attr-defined]
