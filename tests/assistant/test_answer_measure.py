"""`answering.slotted` with the "measure" slot in SLOT_KINDS (issue 14, point 4): a near miss
asking a number of days, hours or a percentage that the highlighted sentences do not give is
refused; with the first three slots only (the default before) it was let through."""

from thidua.assistant import answering
from thidua.nlp.slots import FIRST_SLOTS

QUESTION = "Hồ sơ bị trả lại thì đơn vị có bao nhiêu ngày để bổ sung?"
NEAR_MISS = ["Hồ sơ bị trả lại được gửi kèm văn bản nêu rõ lý do để đơn vị bổ sung."]
ANSWER = ["Đơn vị bổ sung hồ sơ bị trả lại trong 10 ngày làm việc."]


def test_measure_is_asked_by_default():
    assert "measure" in answering.SLOT_KINDS


def test_a_missing_measure_is_refused():
    assert not answering.slotted(QUESTION, sentences=NEAR_MISS, passages=NEAR_MISS)


def test_with_the_first_slots_only_it_was_answered():
    assert answering.slotted(QUESTION, sentences=NEAR_MISS, passages=NEAR_MISS, kinds=FIRST_SLOTS)


def test_a_measure_given_is_answered():
    assert answering.slotted(QUESTION, sentences=ANSWER, passages=ANSWER)


def test_a_measure_given_elsewhere_counts_only_in_scope_shown():
    where = {"sentences": NEAR_MISS, "passages": ANSWER}
    assert not answering.slotted(QUESTION, scope="sentences", **where)
    assert answering.slotted(QUESTION, scope="shown", **where)
