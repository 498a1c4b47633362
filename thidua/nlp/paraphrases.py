"""Words of Vietnamese administrative writing that stand for one another in a question.

A question is often asked in other words than the document answering it: "Ai chịu trách
nhiệm …?" of a plan that says "Cục … chủ trì"; "đề xuất" for "đề nghị"; "hạn nộp" for
"thời hạn gửi". The not-found decision (`thidua.nlp.answer.support` with `paraphrases=True`)
counts a question's word as held by a passage that holds another phrase of its group.

Each group is a set of phrases (lower case, with diacritics) that, in the language of
regulations, plans and reports, name the same role, act, document or quantity closely enough
that a passage saying one answers a question saying another. Written from general knowledge
of that language (the usual pairs of Vietnamese administrative and legal texts: roles,
procedures, rewards, staff, time, quantity), not from any question set. A group is not a
thesaurus entry: words of the same field that name different things ("Bằng khen" and "Huân
chương", "Bộ trưởng" and "Thủ tướng", "năm 2025" and "năm 2030") are never grouped, so a
question about one is not taken as answered by a passage about the other. Pure data and a
matcher; no Django.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from thidua.nlp.text import fold
from thidua.nlp.words import TOKEN, exact_form

PARAPHRASE_GROUPS: tuple[tuple[str, ...], ...] = (
    # Roles: who leads, who is answerable, who takes part.
    ("chủ trì", "chịu trách nhiệm", "phụ trách", "đảm nhiệm", "đảm nhận", "đầu mối", "chủ công"),
    ("phối hợp", "cùng với", "tham gia", "phối kết hợp"),
    ("lãnh đạo", "thủ trưởng", "người đứng đầu", "đứng đầu"),
    ("thường trực", "thường xuyên"),
    ("thành viên", "ủy viên"),
    ("cán bộ", "công chức", "viên chức", "nhân viên", "người lao động", "cán bộ công chức"),
    ("cá nhân", "người", "mỗi người"),
    ("tập thể", "đơn vị", "cơ quan", "tổ chức"),
    ("cấp trên", "cấp có thẩm quyền", "thẩm quyền"),
    # Proposing, deciding, issuing.
    ("đề nghị", "đề xuất", "kiến nghị", "trình"),
    ("quyết định", "phê duyệt", "duyệt"),
    ("ban hành", "công bố", "phát hành"),
    ("quy định", "quy chế", "quy tắc", "nguyên tắc"),
    ("hướng dẫn", "chỉ dẫn", "chỉ đạo"),
    ("áp dụng", "đối tượng", "phạm vi", "thuộc diện"),
    ("sửa đổi", "bổ sung", "điều chỉnh", "thay đổi"),
    ("hủy", "hủy bỏ", "thu hồi", "bãi bỏ", "tước"),
    ("cấp lại", "cấp đổi", "làm lại"),
    ("mất", "thất lạc", "hỏng", "hư hỏng"),
    # Procedure: files, sending, examining.
    ("hồ sơ", "giấy tờ", "tài liệu", "văn bản"),
    ("nộp", "gửi", "chuyển", "trình", "nộp lại"),
    ("xét", "xem xét", "bình xét", "thẩm định", "đánh giá", "xét duyệt"),
    ("công nhận", "xác nhận", "chứng nhận"),
    ("báo cáo", "tổng hợp", "thống kê"),
    ("kiểm tra", "giám sát", "thanh tra", "rà soát"),
    ("triển khai", "thực hiện", "tổ chức thực hiện", "tiến hành", "áp dụng"),
    ("chậm", "muộn", "trễ", "quá hạn", "sau thời hạn"),
    ("từ chối", "không chấp nhận", "không xét", "trả lại"),
    ("bảo đảm", "đảm bảo"),
    ("họp", "cuộc họp", "phiên họp", "hội nghị", "nhóm họp"),
    ("biểu quyết", "bỏ phiếu", "bầu", "lấy phiếu"),
    ("số phiếu", "phiếu bầu", "phiếu"),
    ("nhiệm kỳ", "khóa", "thời hạn"),
    # Rewards.
    ("tặng", "trao", "trao tặng", "tặng thưởng", "khen", "khen thưởng"),
    ("thưởng", "tiền thưởng", "mức thưởng", "phần thưởng"),
    ("danh hiệu", "hình thức khen thưởng", "hình thức"),
    ("thành tích", "kết quả", "đóng góp"),
    ("sáng kiến", "giải pháp", "đề tài", "cải tiến"),
    ("kỷ luật", "vi phạm", "sai phạm"),
    ("tiêu chuẩn", "tiêu chí", "điều kiện", "yêu cầu"),
    ("xuất sắc", "hoàn thành xuất sắc"),
    ("liên tục", "liên tiếp", "liền"),
    # Time.
    ("thời hạn", "hạn", "hạn chót", "thời gian", "thời điểm", "chậm nhất", "trước ngày"),
    ("khi nào", "lúc nào", "bao giờ", "thời điểm", "lúc", "khi"),
    ("hằng năm", "hàng năm", "mỗi năm", "năm"),
    ("hằng tháng", "hàng tháng", "mỗi tháng", "tháng"),
    ("hằng quý", "hàng quý", "mỗi quý", "quý"),
    ("định kỳ", "thường kỳ", "hằng năm", "hàng năm"),
    ("bắt đầu", "khởi động", "mở đầu", "từ ngày"),
    ("kết thúc", "hoàn thành", "xong"),
    ("ngày làm việc", "ngày"),
    ("giờ", "tiếng"),
    # Quantity.
    ("tối đa", "không quá", "nhiều nhất", "không vượt quá", "tối đa là"),
    ("tối thiểu", "ít nhất", "không dưới", "trở lên", "không ít hơn"),
    ("tỷ lệ", "phần trăm", "tỉ lệ"),
    ("số lượng", "số người", "bao nhiêu"),
    ("tăng", "nâng", "tăng thêm", "nâng lên"),
    ("giảm", "cắt giảm", "giảm bớt"),
    ("nâng cao", "tăng cường", "cải thiện", "đẩy mạnh"),
    # Money.
    ("kinh phí", "ngân sách", "chi phí", "tiền", "nguồn kinh phí"),
    ("chi", "chi trả", "trả", "cấp kinh phí"),
    ("doanh thu", "nguồn thu", "tổng thu"),
    # Training, work, technology.
    ("đào tạo", "bồi dưỡng", "tập huấn", "huấn luyện"),
    ("diễn tập", "thực hành", "tập dượt"),
    ("nhiệm vụ", "công việc", "việc", "phần việc"),
    ("mục tiêu", "chỉ tiêu", "phấn đấu"),
    ("kế hoạch", "chương trình", "đề án", "phương án"),
    ("phần mềm", "hệ thống", "ứng dụng", "nền tảng"),
    ("trực tuyến", "qua mạng", "điện tử", "online"),
    ("sự cố", "tấn công", "lỗi", "mất an toàn"),
    ("bảo mật", "an toàn", "an ninh"),
    ("lưu", "lưu trữ", "cất giữ", "bảo quản"),
    ("thông báo", "báo tin", "thông tin"),
    ("thai sản", "sinh con", "nghỉ sinh"),
)


def _syllables(phrase: str) -> tuple[str, ...]:
    return tuple(exact_form(m.group(0)) for m in TOKEN.finditer(phrase))


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Phrases by their first syllable's folded form: (syllables, group number)."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for number, group in enumerate(PARAPHRASE_GROUPS):
        for phrase in group:
            sylls = _syllables(phrase)
            index.setdefault(fold(sylls[0]), []).append((sylls, number))
    return index


def _same(token: str, syllable: str, accented: bool) -> bool:
    """A text's token is the phrase's syllable: as written, or folded when the question was
    typed without diacritics (or the text writes this word without any)."""
    return token == syllable or (
        (not accented or fold(token) == token) and fold(token) == fold(syllable)
    )


def phrases_in(tokens: list[str], accented: bool) -> list[tuple[int, int, int]]:
    """(start, end, group) of each phrase of the table in a list of tokens (lower case, one
    tone placement: `words.exact_form`), longest first at each position."""
    index, out = _index(), []
    for i, token in enumerate(tokens):
        for sylls, group in sorted(index.get(fold(token), ()), key=lambda x: -len(x[0])):
            n = len(sylls)
            if i + n <= len(tokens) and all(
                _same(tokens[i + j], sylls[j], accented) for j in range(n)
            ):
                out.append((i, i + n, group))
    return out


def groups_in(text: str, accented: bool) -> frozenset[int]:
    """The groups one of whose phrases the text holds."""
    tokens = [exact_form(m.group(0)) for m in TOKEN.finditer(unicodedata.normalize("NFC", text))]
    return frozenset(group for _i, _j, group in phrases_in(tokens, accented))


def tokens_of(text: str) -> list[str]:
    """A text's tokens as the table matches them."""
    return [exact_form(m.group(0)) for m in TOKEN.finditer(unicodedata.normalize("NFC", text))]
