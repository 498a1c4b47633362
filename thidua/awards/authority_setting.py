"""The check of the agency setting `awards.granting_authority` (authority.py: who grants each
title and form): a value is {award code: authority}, each code a title or form of the law's
table, each authority one of the four (unit head, minister, Prime Minister, President); a code
left out follows the law. On the settings page (core.views.agency_settings) it is one choice
per title or form, left at "—" to follow the law."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.setting_checks import Check, Choice

from . import authority
from .law import NAMES

# the forms of the split, in the law's order of names
FORMS = {code: NAMES[code] for code in NAMES if code in authority.ALL_CODES}


class GrantingSplit(Check):
    """{award code: authority}: known codes and authorities only, named in a Vietnamese
    message when not."""

    kind = "granting_split"

    def __init__(self) -> None:
        self.names = dict(FORMS)
        self.inner = Choice(authority.NAMES_VI)  # the page's choice per form

    def hint(self) -> str:
        return _(
            "For each title or form, the authority that grants it; left at “—” it follows the law."
        )

    def __call__(self, value: Any) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise ValidationError(_("Give an authority for each title or form."))
        cleaned: dict[str, str] = {}
        for code, level in value.items():
            if code not in self.names:
                raise ValidationError(
                    _("Unknown title or form “%(code)s”; the titles and forms are: %(values)s.")
                    % {
                        "code": code,
                        "values": ", ".join(f"{c} ({name})" for c, name in self.names.items()),
                    }
                )
            if level not in authority.NAMES_VI:
                raise ValidationError(
                    _("%(form)s: unknown authority “%(value)s”; choose one of: %(values)s.")
                    % {
                        "form": self.names[code],
                        "value": level,
                        "values": "; ".join(authority.NAMES_VI.values()),
                    }
                )
            cleaned[code] = level
        return {code: cleaned[code] for code in self.names if code in cleaned}

    def parse(self, raw: Any) -> dict[str, str]:
        """The page's boxes ({code: authority}, an empty box left out), or text pairs
        "BK_BO = minister; CO_CP = prime_minister"."""
        if isinstance(raw, Mapping):
            return self({code: str(v).strip() for code, v in raw.items() if str(v).strip()})
        pairs: dict[str, str] = {}
        for item in filter(None, (p.strip() for p in str(raw).split(";"))):
            code, sep, level = item.partition("=")
            if not sep or code.strip() in pairs:
                raise ValidationError(
                    _(
                        "Enter code = authority pairs, e.g. BK_BO = minister; CO_CP = prime_minister."
                    )
                )
            pairs[code.strip()] = level.strip()
        return self(pairs)

    def text(self, value: Any) -> str:
        return "; ".join(f"{code} = {level}" for code, level in (value or {}).items())

    def words(self, value: Any) -> str:
        """By authority: "Bộ trưởng: Bằng khen cấp Bộ, …; Thủ tướng Chính phủ: …"."""
        value = value if isinstance(value, Mapping) else {}
        parts = []
        for level, name in authority.NAMES_VI.items():
            forms = [self.names[c] for c in self.names if value.get(c) == level]
            if forms:
                parts.append(f"{name}: {', '.join(forms)}")
        return "; ".join(parts) or _("as the law says")

    def fields(self, value: Any) -> list[tuple[str, str, str]]:
        """One choice per title or form: (code, name, the authority chosen, "" for the law)."""
        value = value if isinstance(value, Mapping) else {}
        return [(code, name, str(value.get(code, ""))) for code, name in self.names.items()]
