"""Templates in the house style (issue 16, point 5): a status is shown through its label
(`get_status_display`), never printed as the stored code; comparing it with a code in an
`{% if %}` is fine. The pages' own tests (tests/core/test_no_raw_codes.py) read what every
page shows; this reads the templates, so a page no test world reaches is covered too."""

import re
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent / "thidua"
TEMPLATES = sorted(p for p in BASE.rglob("*.html") if "templates" in p.relative_to(BASE).parts)

# `{{ x.status }}` or `{{ x.status|filter }}`: the stored code, printed.
PRINTED_STATUS = re.compile(r"\{\{\s*[\w.]*\.status\s*(?:\}\}|\|)")


def test_templates_are_found():
    assert len(TEMPLATES) > 100


def test_no_template_prints_a_status_code():
    found = [
        f"{path.relative_to(BASE)}:{number}: {match.group(0)}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in PRINTED_STATUS.finditer(line)
    ]
    assert not found, "show the label (get_status_display):\n" + "\n".join(found)


def test_the_check_sees_a_printed_status():
    assert PRINTED_STATUS.search("<td>{{ rating.status }}</td>")
    assert PRINTED_STATUS.search("{{ x.status|upper }}")
    assert not PRINTED_STATUS.search("{{ rating.get_status_display }}")
    assert not PRINTED_STATUS.search('{% if rating.status == "draft" %}')
