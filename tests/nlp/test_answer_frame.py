"""The not-found evidence (`support`): words that only frame a question (`FRAME_CLASSES`:
answer-type nouns, light predicates, function words) are not topic words, so a passage that
answers without them still counts; a topic word no passage holds is still missing."""

from thidua.nlp.answer import support
from thidua.nlp.frames import FRAME_CLASSES, frame_words

PLAN = (
    "Kế hoạch bảo đảm an toàn thông tin năm 2026 của Cục An toàn thông tin\n"
    "III. Tổ chức thực hiện\n"
    "Phòng Giám sát an toàn thông tin chủ trì theo dõi, đôn đốc; Văn phòng Cục tổng hợp báo "
    "cáo sáu tháng và cả năm."
)
PARTY = (
    "Các chi bộ trực thuộc xây dựng kế hoạch thực hiện, mang một vấn đề khó ra bàn tại sinh "
    "hoạt chi bộ và báo cáo kết quả với Đảng ủy Bộ hằng quý. Mỗi chi bộ, mỗi đảng viên quán "
    "triệt và tổ chức thực hiện các nhiệm vụ sau."
)


def test_framing_words_are_found_by_class_with_their_diacritics():
    words = frame_words("Văn phòng Cục được giao việc gì?")
    assert {"~giao", "việc"} <= words
    assert not frame_words("Giáo dục chính trị cho đảng viên")  # "giáo" is not "giao"
    assert "đất" not in frame_words("Thủ tục giao đất")  # "đạt", "đặt" frame; "đất" does not
    assert {"xu", "ly"} <= frame_words("ho so nop cham thi xu ly the nao")  # typed bare
    assert {"khẩu", "hiệu"} <= frame_words("Khẩu hiệu của phong trào là gì?")
    for phrases in FRAME_CLASSES.values():
        assert all(p and p == p.lower() for p in phrases)


def test_a_question_phrased_with_framing_words_is_held_by_the_passage_that_answers_it():
    evidence = support("Trong kế hoạch, Văn phòng Cục được giao việc gì?", [PLAN])
    assert evidence.missing == ()
    assert evidence.missing_weight == 0
    assert evidence.best_share == 1.0
    handled = support("Phòng Giám sát an toàn thông tin được giao thực hiện việc gì?", [PLAN])
    assert handled.missing == () and handled.best_share == 1.0


def test_framing_words_weigh_what_they_are_given():
    question = "Văn phòng Cục được giao việc gì?"
    counted = support(question, [PLAN], frame_weight=1.0)
    assert counted.missing_frame == ("giao", "viec")
    assert counted.missing_weight == 2.0
    assert counted.best_share < 1.0


def test_a_question_about_something_absent_still_misses_its_topic_word():
    evidence = support("Đảng viên được miễn sinh hoạt đảng trong trường hợp nào?", [PARTY])
    assert evidence.missing == ("mien",)
    assert evidence.missing_weight >= 1
    staff = support("Cục An toàn thông tin được giao bao nhiêu biên chế năm 2026?", [PLAN])
    assert {"bien", "che"} <= set(staff.missing)
    assert "giao" not in staff.missing


def test_a_question_of_framing_words_only_has_no_topic():
    evidence = support("Làm thế nào?", [PLAN])
    assert (evidence.terms, evidence.missing, evidence.best_share) == (0, (), 1.0)
