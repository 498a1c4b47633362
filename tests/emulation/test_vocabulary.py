"""The law's vocabulary (rating levels, discipline forms) is written once, in
emulation/vocabulary.py: the models' choices, the scoring and the awards engine all read it."""

from thidua.awards import law
from thidua.emulation import scoring, vocabulary
from thidua.emulation.choices import DisciplineForm, RatingLevel


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
