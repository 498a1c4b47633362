"""One msgid per meaning (issue 12, point 3): an English word this application uses in two
meanings that Vietnamese words differently ("number" of a programme, số thứ tự, and of a
document, số hiệu; a rating's "level", mức xếp loại, and a position's, cấp bậc; "Number" as a
count, số lượng, and as a document's number, số: every use needs a context) keeps one
meaning without a context and has a pgettext context for each other one — otherwise the one
translation shows in both places ("Giao ban" on the eligibility review's button). The .po is
read by a small parser here (never polib); the code by the gettext calls it makes."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "thidua" / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# word: (the Vietnamese of the msgid without a context, or None when every use needs one,
#        {context: the Vietnamese of that meaning})
AMBIGUOUS = {
    "number": ("số thứ tự", {"document number": "số hiệu"}),
    "Number": (None, {"document number": "Số", "count": "Số lượng"}),
    "level": ("mức xếp loại", {"seniority": "cấp bậc"}),
    "Draft": ("Nháp", {"decision not yet signed": "Dự thảo"}),
    "Proposed": ("Đối tượng đề nghị", {"rating level": "Mức đề xuất"}),
    "Review": (None, {"run the eligibility review": "Xét"}),
    "All your messages": (
        "Tất cả tin nhắn của anh/chị",
        {"Party register": "Tất cả tin nhắn của đồng chí"},
    ),
}


def _po_string(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def po_entries(path: Path = PO) -> dict[tuple[str | None, str], str]:
    """{(msgctxt or None, msgid): msgstr} of a .po file's translated singular entries."""
    entries: dict[tuple[str | None, str], str] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            keyword = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if keyword:
                current = keyword.group(1)
                fields[current] = [keyword.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" in fields and "msgstr" in fields:
            context = _po_string(fields["msgctxt"]) if "msgctxt" in fields else None
            entries[(context, _po_string(fields["msgid"]))] = _po_string(fields["msgstr"])
    return entries


PY_CALL = re.compile(
    r"\b(?:(?P<ctx_fn>n?pgettext(?:_lazy)?)\(\s*(?P<ctx>\"[^\"]*\")\s*,\s*"
    r"|(?:_|gettext|gettext_lazy|gettext_noop|ngettext|ngettext_lazy)\(\s*)"
    r"(?P<msgid>\"[^\"]*\")"
)
TEMPLATE_TAG = re.compile(
    r"\{%\s*trans(?:late)?\s+(?P<msgid>\"[^\"]*\")(?:\s+context\s+(?P<ctx>\"[^\"]*\"))?"
)


def gettext_uses(root: Path = ROOT / "thidua"):
    """(path, line, context or None, msgid) of every gettext call and translate tag."""
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        pattern = PY_CALL if path.suffix == ".py" else TEMPLATE_TAG
        for match in pattern.finditer(text):
            context = match.group("ctx")
            yield (
                path.relative_to(ROOT),
                text.count("\n", 0, match.start()) + 1,
                ast.literal_eval(context) if context else None,
                ast.literal_eval(match.group("msgid")),
            )


def test_the_parser_reads_contexts_and_continued_lines(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgctxt "document number"\nmsgid "Number"\nmsgstr "Số"\n\n'
        '#: a.py:1\nmsgid "Number"\nmsgstr ""\n"Số "\n"lượng"\n',
        encoding="utf-8",
    )
    assert po_entries(po) == {
        (None, ""): "Language: vi\n",
        ("document number", "Number"): "Số",
        (None, "Number"): "Số lượng",
    }


@pytest.mark.parametrize("word", sorted(AMBIGUOUS))
def test_each_meaning_of_an_ambiguous_word_has_its_own_translation(word):
    entries = po_entries()
    default, meanings = AMBIGUOUS[word]
    if default is not None:
        assert entries.get((None, word)) == default
    for context, vietnamese in meanings.items():
        assert entries.get((context, word)) == vietnamese, (context, word)
    words = [default, *meanings.values()] if default else list(meanings.values())
    assert len(set(words)) == len(words), f"{word}: two meanings, one Vietnamese word"


def test_ambiguous_words_are_used_with_a_declared_context_or_in_their_default_meaning():
    wrong = []
    for path, line, context, msgid in gettext_uses():
        if msgid not in AMBIGUOUS:
            continue
        default, meanings = AMBIGUOUS[msgid]
        if context is None and default is None:
            wrong.append(f"{path}:{line} {msgid!r} needs a context: one of {sorted(meanings)}")
        elif context is not None and context not in meanings:
            wrong.append(f"{path}:{line} {msgid!r} in the undeclared context {context!r}")
    assert not wrong, "\n".join(wrong)


def test_the_scanner_finds_contexts_in_code_and_templates():
    uses = {(str(path), context, msgid) for path, _line, context, msgid in gettext_uses()}
    assert (
        "thidua/awards/templates/awards/registry/review.html",
        "run the eligibility review",
        "Review",
    ) in uses
    assert ("thidua/awards/models.py", "document number", "number") in uses
    assert ("thidua/goals/models/programmes.py", None, "number") in uses


def _fields(name: str):
    for model in apps.get_models():
        if model.__module__.startswith("thidua."):
            for field in model._meta.get_fields():
                if getattr(field, "name", None) == name and hasattr(field, "verbose_name"):
                    yield model, field


def test_a_documents_number_and_a_ratings_level_read_as_their_own_meaning():
    """The model fields the two meanings name: a document's number (text, from its
    register) is its số hiệu; a rating's level (one of the levels) its mức xếp loại, a
    position's seniority its cấp bậc."""
    with translation.override("vi"):
        numbers = {
            m.__name__: str(f.verbose_name)
            for m, f in _fields("number")
            if isinstance(f, models.CharField)
        }
        levels = {m.__name__: (bool(f.choices), str(f.verbose_name)) for m, f in _fields("level")}
    assert {"Decision", "Resolution", "Document"} <= set(numbers)
    assert set(numbers.values()) == {"số hiệu"}
    assert set(levels.values()) == {(True, "mức xếp loại"), (False, "cấp bậc")}


# Where the other meaning is meant: every use of the word in the file carries its context.
OTHER_MEANING = [
    ("thidua/awards/templates/awards/council/decision_list.html", "Draft"),
    ("thidua/awards/templates/awards/council/decision_list.html", "Number"),
    ("thidua/awards/templates/awards/council/decision_detail.html", "Number"),
    ("thidua/party/templates/party/resolutions.html", "Number"),
    ("thidua/assistant/templates/assistant/documents.html", "Number"),
    ("thidua/assistant/forms.py", "Number"),
    ("thidua/awards/templates/awards/registry/statistics.html", "Number"),
    ("thidua/awards/views/registry.py", "Number"),
    ("thidua/goals/choices.py", "Number"),
    ("thidua/emulation/templates/emulation/ratings/approvals.html", "Proposed"),
    ("thidua/awards/templates/awards/registry/review.html", "Review"),
]


@pytest.mark.parametrize(("path", "word"), OTHER_MEANING)
def test_where_the_other_meaning_is_meant_the_word_has_its_context(path, word):
    _default, meanings = AMBIGUOUS[word]
    found = [
        context
        for used_in, _line, context, msgid in gettext_uses()
        if str(used_in) == path and msgid == word
    ]
    assert found and all(context in meanings for context in found), (path, word, found)
