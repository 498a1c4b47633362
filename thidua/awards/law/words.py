"""Words for users: rule versions and confidence marks are never shown as codes."""

from .terms import CAU_HINH, LUAT_2022, LUAT_2026, ND98_2023, XEP_LOAI, F, M, U

VERSION_WORDS = {
    LUAT_2022: "Luật Thi đua, khen thưởng 2022",
    LUAT_2026: "Luật sửa đổi 2026",
    ND98_2023: "Nghị định 98/2023/NĐ-CP",
    XEP_LOAI: "quy định xếp loại chất lượng hằng năm",
    CAU_HINH: "cấu hình của cơ quan",
    # rating rule versions (thidua/emulation/law.py)
    "nd90-2020": "Nghị định 90/2020/NĐ-CP",
    "nd335-2025": "Nghị định 335/2025/NĐ-CP",
    "nd233-2026": "Nghị định 233/2026/NĐ-CP",
}
CONFIDENCE_WORDS = {
    F: "đã đối chiếu nguồn trích dẫn văn bản",
    U: "chưa đối chiếu văn bản chính thức",
    M: "chưa xác minh, cần đối chiếu văn bản chính thức",
}


def version_words(version: str) -> str:
    """The instrument a rule version comes from, in Vietnamese words, without "theo":
    `version_words("luat-2026")` is "Luật sửa đổi 2026". An unknown key gives a neutral
    phrase, never the key itself."""
    return VERSION_WORDS.get(version, "quy định chưa xác định")


def confidence_words(mark: str) -> str:
    """How sure we are of a rule (F/U/M) in Vietnamese words: `confidence_words("U")` is
    "chưa đối chiếu văn bản chính thức". An unknown mark reads as unchecked."""
    return CONFIDENCE_WORDS.get(mark, CONFIDENCE_WORDS[M])


def basis_words(version: str, mark: str) -> str:
    """Both together, as shown in a verdict: "theo Luật sửa đổi 2026 — chưa đối chiếu văn
    bản chính thức"."""
    return f"theo {version_words(version)} — {confidence_words(mark)}"
