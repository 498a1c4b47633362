"""Templates in the house style (issue 16, point 5): a status is shown through its label
(`get_status_display`), never printed as the stored code; comparing it with a code in an
`{% if %}` is fine. The pages' own tests (tests/core/test_no_raw_codes.py) read what every
page shows; this reads the templates, so a page no test world reaches is covered too.

No template line is longer than 200 characters (the house limit, [tool.djlint]
max_line_length): a form is written one tag a line, a long tag one attribute a line, long text
in `{% blocktranslate trimmed %}`; a `{% blocktranslate %}` whose text spans lines must be
`trimmed`, or its msgid would carry the line breaks and lose its translation."""

import re
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent / "thidua"
TEMPLATES = sorted(p for p in BASE.rglob("*.html") if "templates" in p.relative_to(BASE).parts)
TEMPLATE_FILES = sorted(
    p
    for p in BASE.rglob("*")
    if p.suffix in (".html", ".txt") and "templates" in p.relative_to(BASE).parts
)
MAX_LINE = 200

# `{{ x.status }}` or `{{ x.status|filter }}`: the stored code, printed.
PRINTED_STATUS = re.compile(r"\{\{\s*[\w.]*\.status\s*(?:\}\}|\|)")
# A blocktranslate, its options and its text (up to {% plural %} or the end).
BLOCKTRANSLATE = re.compile(
    r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


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


def long_lines(text: str) -> list[tuple[int, int]]:
    """(line number, length) of every line over the limit."""
    return [
        (number, len(line))
        for number, line in enumerate(text.splitlines(), 1)
        if len(line) > MAX_LINE
    ]


def untrimmed_multiline_translations(text: str) -> list[int]:
    """Line numbers of `{% blocktranslate %}` blocks whose text spans lines without `trimmed`."""
    return [
        text.count("\n", 0, match.start()) + 1
        for match in BLOCKTRANSLATE.finditer(text)
        if "\n" in match.group(2) and "trimmed" not in match.group(1).split()
    ]


def test_no_template_line_is_longer_than_200_characters():
    assert len(TEMPLATE_FILES) >= len(TEMPLATES)
    found = [
        f"{path.relative_to(BASE)}:{number}: {length} characters"
        for path in TEMPLATE_FILES
        for number, length in long_lines(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        f"lines over {MAX_LINE} characters: one tag a line, one attribute a line, long text "
        "in {% blocktranslate trimmed %}:\n" + "\n".join(found)
    )


def test_a_translation_spanning_lines_is_trimmed():
    found = [
        f"{path.relative_to(BASE)}:{number}"
        for path in TEMPLATE_FILES
        for number in untrimmed_multiline_translations(path.read_text(encoding="utf-8"))
    ]
    assert not found, "add `trimmed` (the msgid must not carry line breaks):\n" + "\n".join(found)


def test_the_checks_see_a_long_line_and_an_untrimmed_translation():
    assert long_lines("<p>short</p>\n" + "x" * 201 + "\n" + "y" * 200) == [(2, 201)]
    assert long_lines("é" * 200) == []  # characters, not bytes
    untrimmed = "<p>\n{% blocktranslate with n=x %}Two\nlines {{ n }}{% endblocktranslate %}</p>"
    assert untrimmed_multiline_translations(untrimmed) == [2]
    trimmed = (
        "{% blocktranslate trimmed with n=x %}\n  Two\n  lines {{ n }}\n{% endblocktranslate %}"
    )
    assert untrimmed_multiline_translations(trimmed) == []
    one_line = "{% blocktrans %}One line{% endblocktrans %}"
    assert untrimmed_multiline_translations(one_line) == []
