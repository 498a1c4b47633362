"""`thidua.nlp.choose`: which candidate sentences are highlighted (issue 14, point 4). A
question asking a document's date or number highlights the header line that gives it; a
document's legal bases, weighed as any sentence, answer "theo đề nghị của ai?"; the default
Choice() keeps the choice before (legal bases left out, no bonus); asked about a year, a
sentence naming another year weighs less."""

from thidua.nlp.answer import answer_sentences
from thidua.nlp.choose import Choice, choose_sentences, is_legal_basis

SHIPPED = Choice(basis_weight=1.0, type_bonus=0.8, type_scope="document", other_year_weight=0.75)
RESOLUTION = (
    "ĐẢNG ỦY BỘ\n"
    "Số 03-NQ/ĐU\n"
    "Hà Nội, ngày 12 tháng 10 năm 2020\n"
    "NGHỊ QUYẾT\n"
    "về thực hiện tám chương trình trọng tâm của ngành\n\n"
    "Nghị quyết này được phổ biến đến chi bộ và đảng viên, có hiệu lực từ ngày ký.\n\n"
    "Các chi bộ báo cáo kết quả thực hiện nghị quyết với Đảng ủy Bộ hằng quý.\n"
)
REGULATION = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Theo đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng.\n"
    "Quy chế này quy định về tổ chức phong trào thi đua và hồ sơ đề nghị khen thưởng.\n"
    "Hồ sơ đề nghị khen thưởng được nộp qua hệ thống Thi Đua."
)


def pick(question, text, choice):
    candidates = answer_sentences(question, [("p", text, "")], max_sentences=40)
    picked = choose_sentences(
        question,
        candidates,
        3,
        basis_weight=choice.basis_weight,
        type_bonus=choice.type_bonus,
        type_scope=choice.type_scope,
        other_year_weight=choice.other_year_weight,
    )
    return [s.text for s in picked]


def test_asked_the_date_a_resolution_was_signed_the_dated_line_leads():
    for question in (
        "Nghị quyết tám chương trình trọng tâm ký ngày nào?",
        "Nghị quyết của Đảng ủy Bộ được ban hành ngày tháng năm nào?",
        "Nghị quyết tám chương trình ký ngày bao nhiêu?",
    ):
        assert "ngày 12 tháng 10 năm 2020" in pick(question, RESOLUTION, SHIPPED)[0], question


def test_asked_its_number_the_numbered_line_leads():
    for question in (
        "Nghị quyết về tám chương trình trọng tâm mang số hiệu gì?",
        "Nghị quyết tám chương trình được đánh số bao nhiêu?",
    ):
        assert "Số 03-NQ/ĐU" in pick(question, RESOLUTION, SHIPPED)[0], question


def test_a_sentence_saying_only_from_the_day_of_signing_is_no_date():
    question = "Nghị quyết tám chương trình trọng tâm ký ngày nào?"
    picked = pick(question, RESOLUTION, SHIPPED)
    assert picked.index(next(s for s in picked if "ngày 12" in s)) == 0
    before = pick(question, RESOLUTION, Choice())
    assert "có hiệu lực từ ngày ký" in before[0]  # the choice before led with it


def test_the_proposer_named_by_the_legal_bases_is_highlighted():
    question = "Quy chế thi đua của Bộ được xây dựng theo đề nghị của ai?"
    assert any("Vụ trưởng Vụ Thi đua" in s for s in pick(question, REGULATION, SHIPPED))
    # before: the legal bases were left out unless "căn cứ" was asked
    assert not any("Vụ trưởng Vụ Thi đua" in s for s in pick(question, REGULATION, Choice()))


def test_a_question_asking_no_date_or_number_is_ranked_as_before():
    question = "Hồ sơ đề nghị khen thưởng nộp qua đâu?"
    assert pick(question, REGULATION, SHIPPED)[0] == pick(question, REGULATION, Choice())[0]


def test_legal_bases_are_recognised():
    assert is_legal_basis("Căn cứ Luật Thi đua, khen thưởng;")
    assert is_legal_basis("Theo đề nghị của Vụ trưởng.")
    assert not is_legal_basis("Hồ sơ đề nghị khen thưởng.")


SUCCESSOR = (
    "Giai đoạn 01/01/2026–31/12/2030, tiếp nối chương trình “Phát triển doanh nghiệp công "
    "nghệ số Việt Nam” (01/01/2020–31/12/2025).\n\n"
    "Minh hoạ: chương trình kế tiếp giai đoạn 2026–2030 do bản demo giả định; chỉ tiêu đến năm "
    "2025 giữ nguyên theo nguồn.\n\n"
    "- Chỉ tiêu số doanh nghiệp công nghệ số: 150.000 doanh nghiệp vào ngày 31/12/2030."
)
TARGET = "- Chỉ tiêu số doanh nghiệp công nghệ số: 100.000 doanh nghiệp vào ngày 31/12/2025."


def test_asked_about_2025_the_2025_target_outranks_lines_about_2026_2030():
    question = "Đến cuối 2025 Việt Nam cần có bao nhiêu DN công nghệ số theo chương trình?"
    passages = [
        ("a", SUCCESSOR, "Phát triển doanh nghiệp công nghệ số Việt Nam (giai đoạn 2026–2030)"),
        ("b", TARGET, "Phát triển doanh nghiệp công nghệ số Việt Nam"),
    ]
    candidates = answer_sentences(question, passages, max_sentences=40)

    def ranked(weight):
        picked = choose_sentences(
            question, candidates, 3, basis_weight=1.0, other_year_weight=weight
        )
        return [s.text for s in picked]

    after, before = ranked(0.75), ranked(1.0)
    note = next(s for s in before if s.startswith("Minh hoạ"))
    assert after.index(TARGET) < after.index(note)
    assert before.index(TARGET) > before.index(note)  # before: a line about 2026–2030 led it
