"""Passages along a document's structure: legal texts (Chương/Mục/Điều/khoản/điểm) and plans."""

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.nlp.structure import Section, is_legal_text, split_passages

LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Luật số: 06/2022/QH15

LUẬT
THI ĐUA, KHEN THƯỞNG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Thi đua, khen thưởng.

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về đối tượng, nguyên tắc, nội dung thi đua, khen thưởng; danh hiệu thi đua \
và tiêu chuẩn danh hiệu thi đua; hình thức, đối tượng và tiêu chuẩn khen thưởng.

Điều 2. Đối tượng áp dụng
1. Công dân Việt Nam ở trong nước và ở nước ngoài.
2. Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội, đơn vị vũ trang nhân dân.
3. Người nước ngoài, cơ quan, tổ chức nước ngoài và tổ chức quốc tế ở Việt Nam.

Chương II
DANH HIỆU THI ĐUA VÀ TIÊU CHUẨN DANH HIỆU THI ĐUA

Mục 1
DANH HIỆU THI ĐUA ĐỐI VỚI CÁ NHÂN

Điều 23. Danh hiệu “Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh”
Danh hiệu “Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh” được xét tặng cho cá nhân có thành tích \
tiêu biểu xuất sắc trong số những cá nhân có 03 lần liên tục đạt danh hiệu “Chiến sĩ thi đua cơ sở”.

Điều 24. Danh hiệu “Chiến sĩ thi đua cơ sở”
1. Danh hiệu “Chiến sĩ thi đua cơ sở” được xét tặng cho cá nhân đạt các tiêu chuẩn sau đây:
a) Đạt tiêu chuẩn danh hiệu “Lao động tiên tiến”, “Chiến sĩ tiên tiến”;
b) Có sáng kiến được cơ quan, tổ chức, đơn vị công nhận hoặc có đề tài khoa học, đề án khoa học, \
công trình khoa học và công nghệ đã được nghiệm thu và áp dụng.
2. Tỷ lệ cá nhân được công nhận danh hiệu “Chiến sĩ thi đua cơ sở” do Bộ trưởng, Chủ tịch Ủy ban \
nhân dân cấp tỉnh quy định, bảo đảm không quá 15% tổng số cá nhân đạt danh hiệu “Lao động tiên tiến”.

Điều 25. Danh hiệu “Lao động tiên tiến”
1. Danh hiệu “Lao động tiên tiến” được xét tặng cho cán bộ, công chức, viên chức, công nhân và \
người lao động đạt các tiêu chuẩn sau đây:
a) Hoàn thành tốt nhiệm vụ được giao, đạt năng suất và chất lượng cao;
b) Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước;
c) Có tinh thần tự lực, tự cường; đoàn kết, tương trợ, tích cực tham gia phong trào thi đua;
d) Tích cực học tập chính trị, văn hóa, chuyên môn, nghiệp vụ;
đ) Có đạo đức, lối sống lành mạnh.
2. Thời gian nghỉ thai sản theo quy định được tính để bình xét danh hiệu “Lao động tiên tiến”.
Điều 24, khoản 2 của Luật này cũng áp dụng khi xét tỷ lệ danh hiệu “Lao động tiên tiến”.

Điều 26. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2024.
"""

PLAN = """UBND TỈNH HÒA BÌNH XANH
SỞ THÔNG TIN VÀ TRUYỀN THÔNG

KẾ HOẠCH
Thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ và chuyển đổi số

I. MỤC TIÊU
1. Mục tiêu chung
Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu.
2. Mục tiêu cụ thể
Đến năm 2030, 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.

II. NHIỆM VỤ, GIẢI PHÁP
Thứ nhất, nâng cao nhận thức, đột phá về đổi mới tư duy trong toàn hệ thống chính trị.
Thứ hai, hoàn thiện thể chế, loại bỏ mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát triển.
1. Chuyển đổi số
Xây dựng nền tảng dữ liệu dùng chung của tỉnh. Mỗi cán bộ, công chức có một trợ lý ảo.
2. Đào tạo nhân lực
Mở các lớp bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức.

III. TỔ CHỨC THỰC HIỆN
Các phòng, đơn vị thuộc Sở xây dựng kế hoạch cụ thể và báo cáo kết quả trước ngày 15/12 hằng năm.
"""


def by_path(sections: list[Section]) -> dict[str, Section]:
    return {s.path: s for s in sections}


def nonspace(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace())


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def covered(text: str, sections: list[Section]) -> bool:
    """Every non-whitespace character of the input appears, in order, in the passages'
    paths, headings and texts (a heading without body of its own lives in the path)."""
    joined = "\n".join(f"{s.path}\n{s.heading}\n{s.text}" for s in sections)
    # Markdown heading marks ("## Khái niệm ##") are dropped on purpose.
    lines = [MD_MARKS.sub("", line) for line in text.splitlines()]
    return is_subsequence(nonspace("\n".join(lines)), nonspace(joined))


MD_MARKS = re.compile(r"^\s*#{1,6}(?=\s)|(?<=\s)#+\s*$")


# --- legal texts -------------------------------------------------------------------------------


def test_legal_text_is_recognised_and_plans_are_not():
    assert is_legal_text(LAW)
    assert not is_legal_text(PLAN)
    assert not is_legal_text("Theo Điều 24, khoản 2 của Luật Thi đua, khen thưởng, tỷ lệ là 15%.")
    assert not is_legal_text("Chương trình hành động\nMục tiêu năm 2025")
    assert is_legal_text("Chương I\nQUY ĐỊNH CHUNG\nMục 1\nPHẠM VI")


def test_khoan_are_passages_with_their_diem_and_full_citation_path():
    sections = by_path(split_passages(LAW))
    k1 = sections["Chương II, Mục 1, Điều 24, khoản 1"]
    assert k1.heading == "Điều 24. Danh hiệu “Chiến sĩ thi đua cơ sở”"
    assert k1.text.startswith("1. Danh hiệu “Chiến sĩ thi đua cơ sở” được xét tặng")
    assert "\na) Đạt tiêu chuẩn danh hiệu “Lao động tiên tiến”" in k1.text
    assert "\nb) Có sáng kiến" in k1.text
    assert "Điều 24." not in k1.text  # the heading line is in `heading` only
    k2 = sections["Chương II, Mục 1, Điều 24, khoản 2"]
    assert k2.text.startswith("2. Tỷ lệ cá nhân") and "không quá 15%" in k2.text
    assert "Chương II, Mục 1, Điều 24, khoản 1, điểm a" not in sections  # short: not split


def test_paths_follow_chuong_muc_dieu_and_khoan_in_document_order():
    paths = [s.path for s in split_passages(LAW)]
    assert paths == [
        "",
        "Chương I, Điều 1",
        "Chương I, Điều 2, khoản 1",
        "Chương I, Điều 2, khoản 2",
        "Chương I, Điều 2, khoản 3",
        "Chương II, Mục 1, Điều 23",
        "Chương II, Mục 1, Điều 24, khoản 1",
        "Chương II, Mục 1, Điều 24, khoản 2",
        "Chương II, Mục 1, Điều 25, khoản 1",
        "Chương II, Mục 1, Điều 25, khoản 2",
        "Chương II, Mục 1, Điều 26",
    ]


def test_preamble_is_its_own_passage_and_chapter_titles_are_not_passages():
    sections = split_passages(LAW)
    preamble = sections[0]
    assert (preamble.path, preamble.heading, preamble.start) == ("", "", 0)
    assert preamble.text.startswith("QUỐC HỘI")
    assert preamble.text.rstrip().endswith("Quốc hội ban hành Luật Thi đua, khen thưởng.")
    assert not any("NHỮNG QUY ĐỊNH CHUNG" in s.text for s in sections)
    assert not any("DANH HIỆU THI ĐUA ĐỐI VỚI CÁ NHÂN" in s.text for s in sections)


def test_dieu_without_khoan_is_one_passage_and_a_one_line_dieu_keeps_its_words():
    sections = by_path(split_passages(LAW))
    d1 = sections["Chương I, Điều 1"]
    assert d1.heading == "Điều 1. Phạm vi điều chỉnh"
    assert d1.text.startswith("Luật này quy định") and d1.text.endswith("tiêu chuẩn khen thưởng.")
    d26 = sections["Chương II, Mục 1, Điều 26"]
    assert d26.heading == "Điều 26. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2024."
    assert d26.text == "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2024."
    assert LAW[d26.start :].startswith(d26.text)


def test_a_one_line_dieu_whose_title_repeats_the_word_dieu():
    text = "Căn cứ Luật Thi đua, khen thưởng;\nĐiều 3. Điều khoản thi hành kể từ ngày ký.\n"
    sections = split_passages(text)
    assert [(s.path, s.text) for s in sections] == [
        ("", "Căn cứ Luật Thi đua, khen thưởng;"),
        ("Điều 3", "Điều khoản thi hành kể từ ngày ký."),
    ]
    assert text[sections[1].start :].startswith("Điều khoản thi hành")


def test_a_cite_at_line_start_is_not_a_heading():
    sections = by_path(split_passages(LAW))
    k2 = sections["Chương II, Mục 1, Điều 25, khoản 2"]
    assert k2.text.endswith(
        "Điều 24, khoản 2 của Luật này cũng áp dụng khi xét tỷ lệ danh hiệu “Lao động tiên tiến”."
    )
    assert k2.heading.startswith("Điều 25.")


def test_a_long_khoan_is_split_by_diem():
    sections = split_passages(LAW, max_chars=300)
    paths = [s.path for s in sections if "Điều 25" in s.path]
    assert paths == [
        "Chương II, Mục 1, Điều 25, khoản 1",
        "Chương II, Mục 1, Điều 25, khoản 1, điểm a",
        "Chương II, Mục 1, Điều 25, khoản 1, điểm b",
        "Chương II, Mục 1, Điều 25, khoản 1, điểm c",
        "Chương II, Mục 1, Điều 25, khoản 1, điểm d",
        "Chương II, Mục 1, Điều 25, khoản 1, điểm đ",
        "Chương II, Mục 1, Điều 25, khoản 2",
    ]
    points = by_path(sections)
    assert points["Chương II, Mục 1, Điều 25, khoản 1"].text.endswith("các tiêu chuẩn sau đây:")
    assert points["Chương II, Mục 1, Điều 25, khoản 1, điểm đ"].text == (
        "đ) Có đạo đức, lối sống lành mạnh."
    )


def test_offsets_point_at_the_passage_in_the_input():
    for section in split_passages(LAW):
        first_line = section.text.split("\n")[0]
        assert LAW[section.start :].startswith(first_line), section.path


def test_crlf_tabs_and_stray_spaces_give_the_same_passages():
    messy = "\r\n".join("  \t" + line.replace(" ", " \t ", 2) + "  " for line in LAW.split("\n"))
    clean = [(s.path, s.heading, s.text) for s in split_passages(LAW)]
    assert [(s.path, s.heading, s.text) for s in split_passages(messy)] == clean
    for section in split_passages(messy):
        assert messy[section.start] == section.text[0]


def test_decomposed_unicode_is_recognised():
    nfd = unicodedata.normalize("NFD", LAW)
    assert [s.path for s in split_passages(nfd)] == [s.path for s in split_passages(LAW)]


def test_khoan_numbers_must_follow_in_sequence():
    text = (
        "Điều 5. Hồ sơ đề nghị\n"
        "1. Tờ trình đề nghị khen thưởng.\n"
        "2. Báo cáo thành tích, trong đó nêu rõ số liệu năm\n"
        "2023. Số liệu được tính đến ngày 31/12.\n"
        "3. Biên bản họp Hội đồng thi đua, khen thưởng.\n"
    )
    paths = [s.path for s in split_passages(text)]
    assert paths == ["Điều 5, khoản 1", "Điều 5, khoản 2", "Điều 5, khoản 3"]


def test_closing_block_is_not_part_of_the_last_dieu():
    text = (
        "Điều 3. Nghị quyết này có hiệu lực kể từ ngày ký.\n\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, TĐKT.\nTM. HỘI ĐỒNG\nCHỦ TỊCH\n"
    )
    sections = split_passages(text)
    assert [(s.path, s.text.split("\n")[0]) for s in sections] == [
        ("Điều 3", "Nghị quyết này có hiệu lực kể từ ngày ký."),
        ("", "Nơi nhận:"),
    ]


def test_phan_and_dieu_with_letter_suffix():
    text = (
        "Phần thứ nhất\nQUY ĐỊNH CHUNG\nChương 1\nPHẠM VI\n"
        "Điều 12a. Khen thưởng đột xuất\nKhen thưởng đột xuất cho cá nhân có thành tích đặc biệt.\n"
    )
    (section,) = split_passages(text)
    assert section.path == "Phần thứ nhất, Chương 1, Điều 12a"
    assert section.heading == "Điều 12a. Khen thưởng đột xuất"


# --- other texts -------------------------------------------------------------------------------


def test_plan_headings_roman_and_numbered_make_the_path():
    sections = split_passages(PLAN)
    assert [(s.path, s.heading) for s in sections] == [
        ("", ""),
        ("I. MỤC TIÊU › 1. Mục tiêu chung", "1. Mục tiêu chung"),
        ("I. MỤC TIÊU › 2. Mục tiêu cụ thể", "2. Mục tiêu cụ thể"),
        ("II. NHIỆM VỤ, GIẢI PHÁP › Thứ nhất", "II. NHIỆM VỤ, GIẢI PHÁP"),
        ("II. NHIỆM VỤ, GIẢI PHÁP › Thứ hai", "II. NHIỆM VỤ, GIẢI PHÁP"),
        ("II. NHIỆM VỤ, GIẢI PHÁP › 1. Chuyển đổi số", "1. Chuyển đổi số"),
        ("II. NHIỆM VỤ, GIẢI PHÁP › 2. Đào tạo nhân lực", "2. Đào tạo nhân lực"),
        ("III. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"),
    ]
    assert sections[0].text.startswith("UBND TỈNH") and "KẾ HOẠCH" in sections[0].text
    assert sections[5].text == (
        "Xây dựng nền tảng dữ liệu dùng chung của tỉnh. Mỗi cán bộ, công chức có một trợ lý ảo."
    )


def test_thu_nhat_openers_are_passages_of_their_own_with_their_path():
    # Before issue 14 they were body: one passage answered for every task of the section.
    sections = by_path(split_passages(PLAN))
    first = sections["II. NHIỆM VỤ, GIẢI PHÁP › Thứ nhất"]
    assert first.text == (
        "Thứ nhất, nâng cao nhận thức, đột phá về đổi mới tư duy trong toàn hệ thống chính trị."
    )
    second = sections["II. NHIỆM VỤ, GIẢI PHÁP › Thứ hai"]
    assert second.text.startswith("Thứ hai, hoàn thiện thể chế") and "Thứ nhất" not in second.text
    assert "II. NHIỆM VỤ, GIẢI PHÁP" not in sections  # no passage left with both
    assert PLAN[second.start :].startswith("Thứ hai, hoàn thiện")


def test_a_run_of_numbered_sentences_is_a_list_not_headings():
    text = (
        "II. KẾT QUẢ\n"
        "1. Hoàn thành 12 chỉ tiêu\n"
        "2. Giảm 13 đơn vị sự nghiệp\n"
        "3. Tổ chức 152 cuộc kiểm tra và 298 cuộc giám sát\n"
    )
    (section,) = split_passages(text)
    assert section.path == "II. KẾT QUẢ"
    assert section.text.startswith("1. Hoàn thành 12 chỉ tiêu\n2. Giảm")


def test_markdown_headings_make_a_trail_without_hashes():
    text = (
        "# Bài học: Chuyển đổi số\n\n"
        "Bài học này giới thiệu chuyển đổi số trong cơ quan nhà nước cho cán bộ mới.\n\n"
        "## Khái niệm\n\nChuyển đổi số là quá trình thay đổi tổng thể và toàn diện cách sống, "
        "cách làm việc và phương thức sản xuất dựa trên công nghệ số.\n\n"
        "### Ví dụ\n\n- Dịch vụ công trực tuyến toàn trình.\n- Hồ sơ điện tử.\n\n"
        "## Câu hỏi ôn tập ##\n"
    )
    sections = split_passages(text)
    assert [(s.path, s.heading) for s in sections] == [
        ("Bài học: Chuyển đổi số", "Bài học: Chuyển đổi số"),
        ("Bài học: Chuyển đổi số › Khái niệm", "Khái niệm"),
        ("Bài học: Chuyển đổi số › Khái niệm › Ví dụ", "Ví dụ"),
        ("Bài học: Chuyển đổi số › Câu hỏi ôn tập", "Câu hỏi ôn tập"),
    ]
    assert sections[2].text == "- Dịch vụ công trực tuyến toàn trình.\n- Hồ sơ điện tử."
    assert sections[3].text == "Câu hỏi ôn tập"  # a heading with no body keeps its words


def test_long_paragraphs_are_cut_between_sentences_only():
    sentence = "Cán bộ, công chức thực hiện chuyển đổi số trong mọi khâu công việc hằng ngày. "
    paragraph = (sentence * 40).strip()
    sections = split_passages("I. NHIỆM VỤ\n" + paragraph, max_chars=400)
    assert len(sections) > 1
    for section in sections:
        assert section.path == "I. NHIỆM VỤ"
        assert len(section.text) <= 400
        assert section.text.startswith("Cán bộ") and section.text.endswith("hằng ngày.")
    assert " ".join(s.text for s in sections) == paragraph


def test_paragraphs_are_grouped_and_tiny_ones_merge_with_the_next():
    paragraphs = [
        "Ghi chú.",
        "Thi đua là hoạt động có tổ chức với sự tham gia tự nguyện của cá nhân, tập thể.",
        "Khen thưởng là việc ghi nhận, biểu dương, tôn vinh công trạng, thành tích.",
        "Ok.",
    ]
    text = "\n\n".join(paragraphs)
    (one,) = split_passages(text)
    assert one.text == "\n\n".join(paragraphs)
    sections = split_passages(text, max_chars=100, min_chars=40)
    assert [s.text for s in sections] == [
        "Ghi chú.\n\n" + paragraphs[1],
        paragraphs[2] + "\n\nOk.",
    ]


def test_a_run_on_text_without_punctuation_is_still_bounded():
    text = " ".join(["chuyển đổi số"] * 2000)
    sections = split_passages(text, max_chars=500, min_chars=80)
    assert len(sections) > 10
    assert all(len(s.text) <= 500 + 80 for s in sections)
    assert " ".join(s.text for s in sections) == text


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n\t", "\u2028"])
def test_empty_input_gives_no_passages(text):
    assert split_passages(text) == []


def test_fixture_resolutions_split_as_expected():
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    dieu = split_passages((fixtures / "nghi_quyet_dieu.txt").read_text(encoding="utf-8"))
    assert [s.path for s in dieu][:3] == ["", "Điều 1, khoản 1", "Điều 1, khoản 2"]
    assert by_path(dieu)["Điều 1, khoản 2"].text.endswith("một đường Internet cáp quang.")
    hoi = by_path(split_passages((fixtures / "nghi_quyet_dai_hoi.txt").read_text(encoding="utf-8")))
    # Before issue 14 the eight tasks were one passage at "II. NHIỆM VỤ TRỌNG TÂM ...".
    tasks = [p for p in hoi if p.startswith("II. NHIỆM VỤ TRỌNG TÂM NHIỆM KỲ 2020 - 2025 › ")]
    assert [p.rsplit(" › ", 1)[1] for p in tasks] == [
        "Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Thứ tám"
    ]  # fmt: skip
    third = hoi["II. NHIỆM VỤ TRỌNG TÂM NHIỆM KỲ 2020 - 2025 › Thứ ba"]
    assert "an ninh mạng" in third.text and "Thứ hai" not in third.text
    assert hoi["I. ĐÁNH GIÁ KẾT QUẢ NHIỆM KỲ 2015 - 2020 › khoản 3"].text.startswith("3. Cấp ủy")
    chi_bo = split_passages((fixtures / "nghi_quyet_chi_bo.txt").read_text(encoding="utf-8"))
    paths = [s.path for s in chi_bo]
    assert paths == ["", *[f"Nhiệm vụ trọng tâm tháng 11 › khoản {n}" for n in range(1, 6)], ""]
    assert chi_bo[-1].text.startswith("Hội nghị kết thúc")  # after the list, not in khoản 5
    assert chi_bo[1].heading == "Nhiệm vụ trọng tâm tháng 11:"  # the lead-in, as written
    assert not any(s.text.startswith("Nhiệm vụ trọng tâm") for s in chi_bo)


# --- list items of other texts ----------------------------------------------------------------

RESOLUTION = """NGHỊ QUYẾT
về các nhiệm vụ trọng tâm

Mỗi chi bộ, mỗi đảng viên quán triệt và tổ chức thực hiện các nhiệm vụ trọng tâm sau đây:

Thứ nhất, chuyển đổi bưu chính thành hạ tầng của dòng chảy vật chất của nền kinh tế số.

Thứ hai, chuyển đổi hạ tầng viễn thông thành hạ tầng của nền kinh tế số: triển khai 5G.

Thứ ba, đưa Việt Nam thành cường quốc an ninh mạng và bảo đảm chủ quyền không gian mạng.

Các chi bộ trực thuộc báo cáo kết quả với Đảng ủy Bộ hằng quý.
"""


def test_ordinal_items_without_a_heading_are_passages_and_the_closing_words_are_not_theirs():
    sections = split_passages(RESOLUTION)
    assert [s.path for s in sections] == ["", "Thứ nhất", "Thứ hai", "Thứ ba", ""]
    assert sections[0].text.endswith("các nhiệm vụ trọng tâm sau đây:")
    assert sections[3].text == (
        "Thứ ba, đưa Việt Nam thành cường quốc an ninh mạng và bảo đảm chủ quyền không gian mạng."
    )
    assert sections[4].text == "Các chi bộ trực thuộc báo cáo kết quả với Đảng ủy Bộ hằng quý."
    # Each item keeps what it is an item of: the sentence announcing the list is its heading.
    lead = (
        "Mỗi chi bộ, mỗi đảng viên quán triệt và tổ chức thực hiện các nhiệm vụ trọng tâm sau đây:"
    )
    assert [s.heading for s in sections[1:4]] == [lead] * 3


def test_mot_la_hai_la_items_are_named_as_written():
    text = (
        "II. GIẢI PHÁP\n"
        "Một là, đổi mới phương thức lãnh đạo của cấp ủy đối với công tác chuyển đổi số.\n"
        "Hai là, xây dựng đội ngũ cán bộ có năng lực số đáp ứng yêu cầu nhiệm vụ mới.\n"
    )
    assert [s.path for s in split_passages(text)] == [
        "II. GIẢI PHÁP › Một là",
        "II. GIẢI PHÁP › Hai là",
    ]


def test_a_monday_is_not_an_item_and_a_list_of_one_is_body():
    text = (
        "I. LỊCH HỌP\n"
        "Thứ hai, ngày 5/1, Hội đồng họp xét danh hiệu Chiến sĩ thi đua cơ sở của các đơn vị.\n"
        "1. Hồ sơ gửi về Văn phòng trước ngày 30 tháng 12, kèm biên bản họp của đơn vị.\n"
    )
    (section,) = split_passages(text)
    assert section.path == "I. LỊCH HỌP"


def test_numbered_items_with_lettered_points_nest_and_a_long_item_splits_by_its_points():
    point = "Có sáng kiến được cơ sở công nhận và áp dụng hiệu quả trong phạm vi đơn vị"
    text = (
        "II. NHIỆM VỤ\n"
        "1. Xây dựng kế hoạch chuyển đổi số của từng đơn vị, gửi Văn phòng trước ngày 15/3.\n"
        "2. Các đơn vị đề nghị khen thưởng khi đạt các tiêu chuẩn sau:\n"
        f"a) {point};\nb) {point} (lần hai);\nc) {point} (lần ba).\n"
        "3. Văn phòng tổng hợp kết quả, báo cáo Bộ trưởng trong tháng 12 hằng năm.\n"
    )
    whole = split_passages(text)
    assert [s.path for s in whole] == [f"II. NHIỆM VỤ › khoản {n}" for n in (1, 2, 3)]
    assert whole[1].text.startswith("2. Các đơn vị") and "\nc) Có sáng kiến" in whole[1].text
    small = split_passages(text, max_chars=200)
    assert [s.path for s in small] == [
        "II. NHIỆM VỤ › khoản 1",
        "II. NHIỆM VỤ › khoản 2",
        "II. NHIỆM VỤ › khoản 2, điểm a",
        "II. NHIỆM VỤ › khoản 2, điểm b",
        "II. NHIỆM VỤ › khoản 2, điểm c",
        "II. NHIỆM VỤ › khoản 3",
    ]
    assert small[1].text == "2. Các đơn vị đề nghị khen thưởng khi đạt các tiêu chuẩn sau:"


def test_short_bullets_stay_together_and_long_bullets_are_passages():
    short = "## Hồ sơ\n\nHồ sơ gồm:\n- Tờ trình;\n- Biên bản họp;\n- Báo cáo thành tích.\n"
    (section,) = split_passages(short)
    assert section.path == "Hồ sơ" and section.text.startswith("Hồ sơ gồm:\n- Tờ trình;")
    bullet = "Tổ chức tập huấn nhận diện thư điện tử lừa đảo cho toàn bộ công chức, viên chức"
    long = "## Nhiệm vụ\n\n" + f"- {bullet} của Cục, mỗi quý một lần, có kiểm tra cuối khoá.\n" * 2
    paths = [s.path for s in split_passages(long)]
    assert paths == ["Nhiệm vụ › gạch đầu dòng thứ nhất", "Nhiệm vụ › gạch đầu dòng thứ hai"]


def test_the_recipients_block_is_never_split_into_items():
    text = (
        RESOLUTION
        + "\nNơi nhận:\n- Các chi bộ, đảng bộ trực thuộc Đảng bộ Bộ Thông tin và Truyền thông;\n"
        + ("- Lưu Văn phòng Đảng ủy Bộ Thông tin và Truyền thông, bộ phận tổng hợp và lưu trữ.\n")
    )
    assert split_passages(text)[-1].text.startswith("Nơi nhận:\n- Các chi bộ")


# --- properties --------------------------------------------------------------------------------

FRAGMENTS = [
    "Điều 24. Danh hiệu “Chiến sĩ thi đua cơ sở”",
    "Điều 3.",
    "Chương II",
    "Mục 1",
    "Phần thứ hai",
    "1. Danh hiệu được xét tặng cho cá nhân đạt các tiêu chuẩn sau đây:",
    "2. Tỷ lệ không quá 15%.",
    "a) Đạt tiêu chuẩn;",
    "đ) Có đạo đức, lối sống lành mạnh.",
    "II. NHIỆM VỤ",
    "1.2. Chuyển đổi số",
    "# Tiêu đề",
    "Thứ nhất, nâng cao nhận thức.",
    "Thứ hai, hoàn thiện thể chế, loại bỏ mọi rào cản đang cản trở sự phát triển.",
    "Một là, đổi mới.",
    "a) Đạt tiêu chuẩn danh hiệu “Lao động tiên tiến” và có sáng kiến được công nhận;",
    "b) Có đạo đức, lối sống lành mạnh.",
    "1. Danh hiệu được xét tặng cho cá nhân đạt các tiêu chuẩn sau đây:",
    "- Dịch vụ công trực tuyến toàn trình được cung cấp cho người dân và doanh nghiệp.",
    "+ Hồ sơ điện tử.",
    "Nhiệm vụ trọng tâm:",
    "QUYẾT NGHỊ:",
    "Theo Điều 24, khoản 2 của Luật.",
    "Nơi nhận:",
    "- Như trên;",
    "Cán bộ, công chức thực hiện chuyển đổi số. TS. Nguyễn Văn A. phát biểu",
    "",
    "   ",
]


def check_passages(text: str, sections: list[Section], max_chars: int) -> None:
    assert all(isinstance(s, Section) for s in sections)
    assert all(s.text.strip() for s in sections)
    starts = [s.start for s in sections]
    assert starts == sorted(starts)
    assert all(0 <= s < len(text) for s in starts)
    for section in sections:
        assert not text[section.start].isspace()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=20, max_value=400))
def test_arbitrary_text_never_raises_and_loses_nothing(text, max_chars):
    sections = split_passages(text, max_chars=max_chars, min_chars=10)
    check_passages(text, sections, max_chars)
    if not is_legal_text(text):
        assert covered(text, sections)


def without_legal_titles(lines: list[str]) -> list[str]:
    """Phần/Chương/Mục lines and the capitals title lines right after them are only in the
    path, and so is a bare "Điều 3." line (a passage needs words: it has none)."""
    structural = re.compile(r"^\s*(?:(?:Chương|Mục|Phần)\s|Điều \d+\.\s*$)")
    kept, in_title = [], False
    for line in lines:
        if structural.match(line):
            in_title = True
        elif not line.strip() or (in_title and line.strip() == line.strip().upper()):
            continue
        else:
            in_title = False
            kept.append(line)
    return kept


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["\n", "\r\n", "\n\n", " \t\n"])),
        max_size=30,
    ),
    st.integers(min_value=30, max_value=300),
)
def test_structured_text_loses_nothing_but_legal_chapter_titles(pieces, max_chars):
    text = "".join(fragment + end for fragment, end in pieces)
    sections = split_passages(text, max_chars=max_chars, min_chars=20)
    check_passages(text, sections, max_chars)
    if is_legal_text(text):
        text = "\n".join(without_legal_titles(text.splitlines()))
    assert covered(text, sections)
