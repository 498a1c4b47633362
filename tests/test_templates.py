"""Templates in the house style (issue 16, point 5): a status is shown through its label
(`get_status_display`), never printed as the stored code, and tested through the model's
flag (`goal.is_draft`, made by core.models.status_is from the TextChoices member), never
compared with a code written in the template. The pages' own tests
(tests/core/test_no_raw_codes.py) read what every page shows; this reads the templates, so a
page no test world reaches is covered too.

A form is never written on one line: its open tag, `{% csrf_token %}`, each field and button
and `</form>` each on a line of their own. The open tag (which may span lines, one attribute a
line) shares its lines with nothing: not `{% csrf_token %}` after it, not `{% if %}` before;
`{% csrf_token %}` and `</form>` share theirs with nothing either. Between them a line holds
at most one control: an `<input>`, `<select>`, `<textarea>` or `<button>` tag, a form or field
rendered whole (`{{ form.as_p }}`, `{{ form.title }}`, `{{ field }}`, `….as_field_group`) or a
label (`<label>`, `{{ field.label_tag }}`); a `<label>` wrapping its control on the line counts
with that control, as one. Text, links, `<option>`s and template tags may share a control's
line.

No template line is longer than 200 characters (the house limit, [tool.djlint]
max_line_length): a form is written one tag a line, a long tag one attribute a line, long text
in `{% blocktranslate trimmed %}`; a `{% blocktranslate %}` whose text spans lines must be
`trimmed`, or its msgid would carry the line breaks and lose its translation."""

import re
from pathlib import Path

import pytest
from django.apps import apps

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
# A template tag, which may span lines.
TAG = re.compile(r"\{%.*?%\}", re.S)
# In a tag: `x.status == "draft"`, `x.review_status|lower != 'open'`, `x.status in "a b"`,
# `"draft" == x.status`.
STATUS_COMPARISON = re.compile(
    r"""status(?:\|[\w:"']+)*\s*(?:==|!=|(?:not\s+)?in)\s*["']"""
    r"""|["'][^"'{}%]*["']\s*(?:==|!=|(?:not\s+)?in)\s*[\w.]*\bstatus\b"""
)
# A form's open tag, which may span lines (a `>` inside a quoted attribute does not close it).
FORM_TAG = re.compile(r"""<form(?=[\s>])(?:[^>"']|"[^"]*"|'[^']*')*>""")
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


def status_comparisons(text: str) -> list[tuple[int, str]]:
    """(line number, comparison) of every status compared with a literal inside a tag."""
    return [
        (text.count("\n", 0, tag.start() + match.start()) + 1, match.group(0))
        for tag in TAG.finditer(text)
        for match in STATUS_COMPARISON.finditer(tag.group(0))
    ]


def test_no_template_compares_a_status_with_a_literal():
    found = [
        f"{path.relative_to(BASE)}:{number}: {comparison}"
        for path in TEMPLATE_FILES
        for number, comparison in status_comparisons(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "test the model's flag instead (e.g. `is_draft = status_is(GoalStatus.DRAFT)` on the "
        "model, `{% if goal.is_draft %}` in the template):\n" + "\n".join(found)
    )


def test_the_check_sees_a_status_compared_with_a_literal():
    assert status_comparisons('{% if rating.status == "draft" %}') == [(1, 'status == "')]
    assert status_comparisons("<p>\n{% elif b.status != 'open' and x %}") == [(2, "status != '")]
    assert status_comparisons('{% if s.result.status|lower in "computed confirmed" %}')
    assert status_comparisons('{% if "draft" == goal.status %}')
    assert status_comparisons("{% if x and\n   y.review_status not in 'a b' %}") == [
        (2, "status not in '")
    ]
    assert not status_comparisons("{% if goal.is_draft %}{{ goal.get_status_display }}")
    assert not status_comparisons('<p class="status">{% translate "status" %}</p>')
    assert not status_comparisons('{% if w == "eligible" %}')


# The flags the templates test, and the stored codes each stands for.
STATUS_FLAGS = [
    ("awards.Proposal", "is_in_council", {"in_council"}),
    ("awards.CouncilSession", "is_open", {"open"}),
    ("awards.Ballot", "is_open", {"open"}),
    ("awards.RoundStepResult", "is_not_run", {"not_run"}),
    ("awards.RoundStepResult", "is_computed", {"computed"}),
    ("awards.RoundStepResult", "is_confirmed", {"confirmed"}),
    ("core.Job", "is_succeeded", {"succeeded"}),
    ("emulation.AnnualRating", "is_draft", {"draft"}),
    ("emulation.AnnualRating", "is_appealed", {"appealed"}),
    ("emulation.UnitRating", "is_draft", {"draft"}),
    ("goals.Goal", "is_draft", {"draft"}),
    ("goals.Goal", "is_active", {"active"}),
    ("goals.Goal", "is_published", {"active", "closed"}),
    ("org.HrSyncRun", "is_applied", {"applied"}),
    ("org.HrSyncRun", "is_refused", {"refused"}),
    ("party.Digest", "is_draft", {"draft"}),
    ("party.Digest", "is_approved", {"approved"}),
    ("party.CellMeeting", "is_planned", {"planned"}),
]


@pytest.mark.parametrize(("label", "flag", "codes"), STATUS_FLAGS)
def test_a_status_flag_is_true_for_its_statuses_only(label, flag, codes):
    model = apps.get_model(label)
    stored = [code for code, _ in model._meta.get_field("status").choices]
    assert codes <= set(stored)
    for code in stored:  # a plain string, as read from the database
        assert getattr(model(status=code), flag) is (code in codes), (label, flag, code)


def whole_forms(text: str) -> list[int]:
    """Line numbers of lines that open and close a form."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if "<form" in line and "</form>" in line
    ]


def test_no_template_writes_a_form_on_one_line():
    found = [
        f"{path.relative_to(BASE)}:{number}"
        for path in TEMPLATE_FILES
        for number in whole_forms(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "one tag a line: the <form> tag, {% csrf_token %}, each field and button, "
        "</form>:\n" + "\n".join(found)
    )


def test_the_check_sees_a_form_on_one_line():
    one_line = '<p>x</p>\n<form method="post">{% csrf_token %}<button>Go</button></form>'
    assert whole_forms(one_line) == [2]
    assert whole_forms('<form method="post">\n  {% csrf_token %}\n</form>') == []


def crowded_form_tags(text: str) -> list[int]:
    """Line numbers of form open tags sharing a line with anything else."""
    found = []
    for match in FORM_TAG.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        before = text[line_start : match.start()]
        after = text[match.end() : len(text) if line_end < 0 else line_end]
        if before.strip() or after.strip():
            found.append(text.count("\n", 0, match.start()) + 1)
    return found


def test_a_form_tag_stands_on_its_own_lines():
    found = [
        f"{path.relative_to(BASE)}:{number}"
        for path in TEMPLATE_FILES
        for number in crowded_form_tags(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "the <form> tag on a line of its own, then {% csrf_token %} on the next:\n"
        + "\n".join(found)
    )


def test_the_check_sees_a_crowded_form_tag():
    alone = '<p>x</p>\n  <form method="post" action="{% url \'a:b\' 1 %}">\n    {% csrf_token %}'
    assert crowded_form_tags(alone) == []
    assert crowded_form_tags('<p>x</p>\n<form method="post">{% csrf_token %}\n</form>') == [2]
    assert crowded_form_tags('<form method="get"><label for="q">Q</label>') == [1]
    assert crowded_form_tags('{% if ok %}<form method="post">\n{% csrf_token %}') == [1]
    spanning = '<form method="post"\n      data-x="a>b"\n      hx-post="/x">{% csrf_token %}'
    assert crowded_form_tags(spanning) == [1]
    assert crowded_form_tags(spanning.replace("{% csrf_token %}", "\n  {% csrf_token %}")) == []
    assert crowded_form_tags("<formset-x></formset-x>") == []


# A control in a form: a field's tag, or a form or field rendered whole by Django.
CONTROL = re.compile(
    r"<(?:input|select|textarea|button)(?=[\s>/])"
    r"|\{\{\s*(?:field|\w*form(?:set)?|[\w.]+\.as_(?:p|div|table|ul|field_group)"
    r"|\w*form\.(?!(?:non_field_)?errors\b)\w+)\s*\}\}"
)
LABEL = re.compile(r"<label(?=[\s>])")
LABEL_TAG = re.compile(r"\{\{\s*[\w.]+\.label_tag\s*\}\}")
COMMENT = re.compile(r"\{#.*?#\}")
# An HTML tag's attributes (a `{{ form.x }}` in a value renders no control of its own).
ATTRIBUTES = re.compile(r"""<(\w+)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def controls_on(line: str) -> int:
    """How many controls a line holds; a `<label>` wrapping its control on the line adds none."""
    line = ATTRIBUTES.sub(r"<\1>", COMMENT.sub("", line))
    count = len(CONTROL.findall(line)) + len(LABEL_TAG.findall(line))
    for label in LABEL.finditer(line):
        close = line.find("</label>", label.end())
        if not CONTROL.search(line[label.end() : None if close < 0 else close]):
            count += 1
    return count


def crowded_form_lines(text: str) -> list[tuple[int, str]]:
    """(line number, fault) of every form line holding more than one control, and of every
    `{% csrf_token %}` or `</form>` sharing its line."""
    found = []
    for match in FORM_TAG.finditer(text):
        close = text.find("</form>", match.end())
        body = text[match.end() : len(text) if close < 0 else close]
        first = text.count("\n", 0, match.end()) + 1
        for offset, line in enumerate(body.split("\n")):
            if (count := controls_on(line)) > 1:
                found.append((first + offset, f"{count} controls"))
    lines = text.splitlines()
    for needle in ("{% csrf_token %}", "</form>"):
        found += [
            (number, f"{needle} not alone")
            for number, line in enumerate(lines, 1)
            if needle in line and line.strip() != needle
        ]
    return sorted(found)


def test_a_form_holds_one_control_a_line():
    found = [
        f"{path.relative_to(BASE)}:{number}: {fault}"
        for path in TEMPLATE_FILES
        for number, fault in crowded_form_lines(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "in a form one control a line (a <label> may wrap its control), "
        "{% csrf_token %} and </form> each on a line of their own:\n" + "\n".join(found)
    )


def test_the_check_sees_crowded_form_lines():
    good = (
        '<form method="post">\n  {% csrf_token %}\n  {{ form.as_p }}\n'
        '  <label><input type="checkbox" name="x"> {% translate "X" %}</label>\n'
        '  <label for="y">Y</label>\n  <select id="y"><option>1</option></select>\n'
        "  {{ form.title.errors }} {{ form.title }}\n"
        '  <button type="submit">Go</button> <a href="/">Back</a>\n</form>\n'
        '<p><input name="outside"> <button>Not in a form</button></p>'
    )
    assert crowded_form_lines(good) == []
    crowded = (
        '<p>x</p>\n<form method="post">\n{% csrf_token %}\n'
        '{{ form.as_p }}<button type="submit">Go</button>\n'
        '<label for="q">Q</label> <input id="q" name="q">\n'
        "{{ form.title.label_tag }} {{ form.title }}\n"
        '{# <input name="old"> #}<textarea name="t"></textarea>\n'
        '<button type="submit">Go</button></form>{% endif %}'
    )
    assert crowded_form_lines(crowded) == [
        (4, "2 controls"),
        (5, "2 controls"),
        (6, "2 controls"),
        (8, "</form> not alone"),
    ]
    value = '<form>\n<label>Why <input name="reason" value="{{ form.reason }}"></label>\n</form>'
    assert crowded_form_lines(value) == []
    assert crowded_form_lines('<form>\n{% csrf_token %}<input name="a">\n</form>') == [
        (2, "{% csrf_token %} not alone")
    ]
    assert crowded_form_lines('<form>\n<button name="a">A</button><button name="b">B</button>') == [
        (2, "2 controls")
    ]


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
