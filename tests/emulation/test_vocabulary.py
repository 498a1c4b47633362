"""The law's vocabulary (rating levels, discipline forms) is written once, in
core/vocabulary.py (re-exported by emulation/vocabulary.py): the models' choices, the Party's
rating of its bodies, the scoring and the awards engine all read it, and no other module of
thidua spells a level or a form as a literal."""

import ast
from pathlib import Path

from thidua.awards import law
from thidua.core import vocabulary as core_vocabulary
from thidua.emulation import scoring, vocabulary
from thidua.emulation.choices import DisciplineForm, RatingLevel
from thidua.org.choices import PartyBodyRatingLevel

ROOT = Path(__file__).resolve().parents[2] / "thidua"
# The modules that write the words, and demo data (which spells sample records as they are).
WORDS_MODULES = {ROOT / "core" / "vocabulary.py", ROOT / "emulation" / "vocabulary.py"}


def test_the_models_choices_are_the_laws_levels_and_forms_in_the_laws_order():
    assert tuple(RatingLevel.values) == vocabulary.RATING_LEVELS == ("HTXS", "HTT", "HT", "KHT")
    assert tuple(DisciplineForm.values) == vocabulary.DISCIPLINE_FORMS
    assert DisciplineForm.REPRIMAND == vocabulary.KHIEN_TRACH == "khien_trach"
    assert DisciplineForm.WARNING == vocabulary.CANH_CAO == "canh_cao"


def test_scoring_and_the_engine_use_the_same_words():
    assert scoring.LEVEL_NAMES is vocabulary.RATING_NAMES
    assert law.RATING_NAMES is vocabulary.RATING_NAMES
    assert law.DISCIPLINE_NAMES is vocabulary.DISCIPLINE_NAMES
    assert set(scoring.DISCIPLINE_FORMS_KHT) == set(law.DISCIPLINE_FORMS)
    # both rank the levels the same way, weakest lowest
    assert scoring.LEVEL_RANK == law.RATING_RANK
    assert law.RATING_RANK["KHT"] < law.RATING_RANK["HT"] < law.RATING_RANK["HTXS"]


def test_every_level_and_form_has_its_vietnamese_name():
    assert vocabulary.RATING_NAMES["HTXS"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert set(vocabulary.RATING_NAMES) == set(vocabulary.RATING_LEVELS)
    assert vocabulary.DISCIPLINE_NAMES["khien_trach"] == "khiển trách"
    assert set(vocabulary.DISCIPLINE_NAMES) == set(vocabulary.DISCIPLINE_FORMS)


def test_emulation_re_exports_the_core_words_unchanged():
    assert vocabulary.RATING_LEVELS is core_vocabulary.RATING_LEVELS
    assert vocabulary.RATING_NAMES is core_vocabulary.RATING_NAMES
    assert vocabulary.DISCIPLINE_FORMS is core_vocabulary.DISCIPLINE_FORMS
    assert vocabulary.DISCIPLINE_NAMES is core_vocabulary.DISCIPLINE_NAMES


def test_the_party_rates_its_bodies_on_the_laws_four_levels():
    assert tuple(PartyBodyRatingLevel.values) == vocabulary.RATING_LEVELS


def _scanned_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if path not in WORDS_MODULES and "migrations" not in path.parts and "demo" not in path.stem
    )


def _export_lists(tree: ast.AST) -> set[int]:
    """ids of the string nodes inside `__all__ = [...]` (names of attributes, not words)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                ids.update(id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant))
    return ids


def test_no_module_spells_a_level_or_a_form_as_a_literal():
    words = set(vocabulary.RATING_LEVELS) | set(vocabulary.DISCIPLINE_FORMS)
    found = []
    for path in _scanned_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exported = _export_lists(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in words
                and id(node) not in exported
            ):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {node.value!r}")
    assert not found, "use thidua.emulation.vocabulary (or core.vocabulary):\n" + "\n".join(
        sorted(found)
    )
