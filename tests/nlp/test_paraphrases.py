"""Paraphrase groups of administrative Vietnamese (`thidua.nlp.paraphrases`) and their use by
`answer.support`: a question's phrase is held by a passage holding another phrase of its
group, with or without diacritics; different rewards and titles are never grouped."""

from thidua.nlp.answer import support
from thidua.nlp.paraphrases import PARAPHRASE_GROUPS, groups_in, phrases_in, tokens_of

PASSAGE = "Phòng Giám sát an toàn thông tin chủ trì theo dõi, đôn đốc kế hoạch."


def test_a_phrase_of_a_group_is_found_with_or_without_diacritics():
    asked = groups_in("Ai chịu trách nhiệm?", True)
    assert asked and asked <= groups_in(PASSAGE, True)
    assert groups_in("ai chiu trach nhiem", False) == asked
    tokens = tokens_of("Ai chịu trách nhiệm theo dõi?")
    assert (1, 4) in [(i, j) for i, j, _g in phrases_in(tokens, True)]


def test_a_paraphrase_holds_the_question_words_only_when_asked_for():
    question = "Phòng nào chịu trách nhiệm theo dõi, đôn đốc kế hoạch?"
    plain = support(question, [PASSAGE])
    assert {"chiu", "trach", "nhiem"} <= set(plain.missing)
    meaning = support(question, [PASSAGE], paraphrases=True)
    assert meaning.missing == () and meaning.best_share == 1.0


def test_an_accented_question_does_not_match_a_different_accented_word():
    # "chù trì" is not "chủ trì": with diacritics, a syllable matches as written.
    assert not groups_in("chù trì", True) & groups_in("chịu trách nhiệm", True)


def test_rewards_titles_and_ranks_are_never_paraphrases():
    apart = [
        ("Huân chương", "Bằng khen"),
        ("Bằng khen của Bộ trưởng", "Bằng khen của Thủ tướng"),
        ("Lao động tiên tiến", "Chiến sĩ thi đua"),
        ("Giấy khen", "Bằng khen"),
        ("giảm", "tăng"),
    ]
    for asked, held in apart:
        question = f"Ai được {asked} theo quy chế?"
        passage = f"Cá nhân được {held} theo quy chế."
        assert support(question, [passage], paraphrases=True).missing, (asked, held)
    for group in PARAPHRASE_GROUPS:
        assert len(group) == len(set(group)) >= 2, group
