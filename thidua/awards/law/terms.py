"""The law's vocabulary: instruments and dates, subjects, titles and forms, ratings, scopes."""

from datetime import date

from thidua.emulation import vocabulary

# How sure we are of a rule: F found in a secondary source quoting the text, U seen only in
# unofficial copies, M from memory.
F, U, M = "F", "U", "M"
CONFIDENCE_RANK = {M: 0, U: 1, F: 2}

# Instruments and their dates.
LAW_2022 = "Luật Thi đua, khen thưởng 2022"
LAW_2022_FROM = date(2024, 1, 1)
AMENDMENT_2026 = "Luật số 06/2026/QH16 sửa đổi, bổ sung Luật Thi đua, khen thưởng"
AMENDMENT_2026_FROM = date(2026, 10, 1)
DECREES_PRINCIPLES = "Nghị định 98/2023/NĐ-CP, Điều 4 (nhắc lại tại Nghị định 152/2025/NĐ-CP)"
DECREES_RATING = (
    "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP); từ 2026: "
    "Nghị định 335/2025/NĐ-CP (công chức), Nghị định 233/2026/NĐ-CP (viên chức)"
)

LUAT_2022 = "luat-2022"
LUAT_2026 = "luat-2026"
ND98_2023 = "nd98-2023"
XEP_LOAI = "xep-loai"
CAU_HINH = "cau-hinh"

INDIVIDUAL, COLLECTIVE, EVERYONE = "individual", "collective", "all"
SUBJECTS = (INDIVIDUAL, COLLECTIVE)
TITLE, FORM, PRINCIPLE = "title", "form", "principle"

# Annual ratings, weakest first (the levels and their names: emulation/vocabulary.py).
RATINGS = tuple(reversed(vocabulary.RATING_LEVELS))
RATING_RANK = {code: rank for rank, code in enumerate(RATINGS)}
RATING_NAMES = vocabulary.RATING_NAMES

INDIVIDUAL_TITLES = ("LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ")
COLLECTIVE_TITLES = ("TLDTT", "TLDXS", "CO_BO", "CO_CP")
FORMS = ("GK", "BK_BO", "BK_TTG", "HCLD3", "HCLD2", "HCLD1")
NAMES = {
    "LDTT": "Lao động tiên tiến",
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "CSTD_BO": "Chiến sĩ thi đua cấp Bộ",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
    "TLDTT": "Tập thể lao động tiên tiến",
    "TLDXS": "Tập thể lao động xuất sắc",
    "CO_BO": "Cờ thi đua cấp Bộ",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GK": "Giấy khen",
    "BK_BO": "Bằng khen cấp Bộ",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD3": "Huân chương Lao động hạng Ba",
    "HCLD2": "Huân chương Lao động hạng Nhì",
    "HCLD1": "Huân chương Lao động hạng Nhất",
}

# Scope of an initiative's or research topic's effect, narrowest first.
SCOPES = ("co_so", "bo", "toan_quoc")
SCOPE_RANK = {code: rank for rank, code in enumerate(SCOPES, start=1)}
SCOPE_NAMES = {"co_so": "cấp cơ sở", "bo": "cấp Bộ", "toan_quoc": "toàn quốc"}

AWARD_KINDS = ("cong_trang", "chuyen_de", "dot_xuat", "nien_han")
AWARD_KIND_NAMES = {
    "cong_trang": "công trạng",
    "chuyen_de": "chuyên đề",
    "dot_xuat": "đột xuất",
    "nien_han": "niên hạn",
}

# Disciplinary forms for cán bộ, công chức, viên chức, lightest first, and their names
# (emulation/vocabulary.py): all are "khiển trách or above", so any of them for a duty
# violation makes the year's rating KHT.
DISCIPLINE_FORMS = vocabulary.DISCIPLINE_FORMS
DISCIPLINE_NAMES = vocabulary.DISCIPLINE_NAMES
