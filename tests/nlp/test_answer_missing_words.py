"""The not-found evidence counted by word (`Support.missing_words`): a compound absent from
every passage counts once, not once a syllable; a syllable missing from a compound whose other
syllables are found counts its share; an abbreviation's phrase counts one."""

from thidua.nlp.answer import support

RULES = (
    "QUY CHẾ THI ĐUA, KHEN THƯỞNG CỦA BỘ\nĐiều 1. Phạm vi\nQuy chế này ban hành theo đề nghị "
    "của Vụ Thi đua - Khen thưởng."
)
PLAN = "Phòng Giám sát an toàn thông tin chủ trì theo dõi, đôn đốc."


def test_a_compound_absent_counts_once():
    evidence = support("Quy chế thi đua được xây dựng theo đề nghị của ai?", [RULES])
    assert evidence.missing == ("xay", "dung")  # two syllables …
    assert evidence.missing_words == 1.0  # … one word


def test_a_syllable_missing_from_a_compound_counts_its_share():
    evidence = support("Trưởng phòng Giám sát an toàn thông tin là ai?", [PLAN])
    assert evidence.missing == ("truong",)
    assert evidence.missing_words == 0.5  # "trưởng" of "trưởng phòng"


def test_nothing_missing_weighs_nothing():
    evidence = support("Phòng Giám sát an toàn thông tin chủ trì việc gì?", [PLAN])
    assert evidence.missing == () and evidence.missing_words == 0.0
