"""Readable names for audit actions: the audit page never shows a raw action code.

Every action is declared once, in its app's choices.py, as a member of a subclass of
`core.choices.AuditAction` (its value the stored code, its label the words). `ACTION_LABELS`
reads them all (each installed thidua app's choices module is imported on first use);
`is_declared` tells `audit_record` whether an action may be recorded."""

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction


def _declared_classes(*, outside_apps: bool = False) -> list[type[AuditAction]]:
    """The apps' AuditAction classes; with `outside_apps`, also those declared elsewhere (a
    test's own), which may be recorded but are never offered on the audit page."""
    for config in apps.get_app_configs():
        if config.name.startswith("thidua."):
            try:
                importlib.import_module(f"{config.name}.choices")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.choices":
                    raise
    found, queue = [], list(AuditAction.__subclasses__())
    while queue:
        cls = queue.pop()
        if outside_apps or cls.__module__.startswith("thidua."):
            found.append(cls)
        queue.extend(cls.__subclasses__())
    return found


class _ActionLabels(Mapping[str, Any]):
    """{code: label} of every declared action, built on first use (after the apps load)."""

    _table: dict[str, Any] | None = None

    def _labels(self) -> dict[str, Any]:
        if self._table is None:
            table: dict[str, Any] = {}
            for cls in _declared_classes():
                for member in cls:
                    if member.value in table:
                        raise ImproperlyConfigured(f"audit action {member.value!r} declared twice")
                    table[member.value] = member.label
            if not apps.ready:
                return table
            self._table = table
        return self._table

    def __getitem__(self, code: str) -> Any:
        return self._labels()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


ACTION_LABELS: Mapping[str, Any] = _ActionLabels()


def is_declared(code: str) -> bool:
    """Whether `code` may be recorded: a declared action, or an administration change of a
    model ("<app>.<model>.created_in_admin", …)."""
    if code in ACTION_LABELS:
        return True
    model_label, _dot, verb = code.rpartition(".")
    if verb in ADMIN_VERBS and model_label:
        return True
    # A class declared outside the apps (a test's own actions).
    return any(
        code == member.value for cls in _declared_classes(outside_apps=True) for member in cls
    )


ADMIN_VERBS = {
    "created_in_admin": _("%(object)s added in administration"),
    "changed_in_admin": _("%(object)s changed in administration"),
    "deleted_in_admin": _("%(object)s deleted in administration"),
}


# Stored values that are codes of no choice field (an API token's scopes, …): each app
# registers their words here (in its AppConfig.ready), so the audit log never shows a code.
VALUE_LABELS: dict[str, Any] = {}


def register_value_labels(labels: dict[str, Any]) -> None:
    VALUE_LABELS.update(labels)


def action_label(code: str) -> str:
    """The action's name in the user's language; an unknown code reads as a generic change."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    model_label, _dot, verb = code.rpartition(".")
    if verb in ADMIN_VERBS:
        try:
            name = apps.get_model(model_label)._meta.verbose_name
        except (LookupError, ValueError):
            name = _("object")
        return capfirst(str(ADMIN_VERBS[verb]) % {"object": name})
    return str(_("Other change"))
