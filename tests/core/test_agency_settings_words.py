"""The agency settings page describes each setting in words: no stored value code
("all_members", "htt_only") in a description the emulation office reads."""

import re

from thidua.core import setting_checks
from thidua.core.agency_settings import specs

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _codes(check) -> set[str]:
    inner = getattr(check, "check", None) or getattr(check, "inner", None)
    if isinstance(check, setting_checks.Choice):
        return set(check.choices)
    return _codes(inner) if inner is not None else set()


def test_no_setting_description_shows_a_code():
    found = {}
    for spec in specs():
        words = set(CODE.findall(spec.description)) | {
            code for code in _codes(spec.check) if re.search(rf"\b{code}\b", spec.description)
        }
        if words:
            found[spec.key] = sorted(words)
    assert found == {}
    assert any(_codes(spec.check) for spec in specs())  # the choice settings were looked at


def test_every_setting_is_shown_under_a_named_group_not_its_apps_code():
    from thidua.core.views.agency_settings import _GROUPS

    prefixes = {spec.key.partition(".")[0] for spec in specs()}
    assert prefixes - set(_GROUPS) == set()
    assert "meetings" in prefixes  # the giao ban office setting has its heading
