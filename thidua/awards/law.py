"""The law of emulation titles and commendation forms, as data (pure Python, no Django).

Every rule is one `Rule`: a code, the instrument and article it comes from, the days it is
in force, how sure we are of it (F found in a secondary source quoting the text, U seen
only in unofficial copies, M from memory) and its parameters. The checks that read these
parameters live in `eligibility/checks.py`, one function per provision. Numbers that the law
leaves to each agency, and every M rule, are parameters a settings dict may change; an M
rule may also be switched off (`enabled`). See docs/eligibility.md for the table.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from thidua.emulation import vocabulary

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


@dataclass(frozen=True, slots=True)
class Rule:
    """One version of one legal provision, with where it comes from and how sure we are."""

    code: str
    version: str
    name_vi: str
    subject: str
    kind: str
    basis: str
    valid_from: date
    valid_to: date | None  # last day in force; None while in force
    confidence: str
    parameters: Mapping[str, object]
    conditions_vi: str

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _rule(**fields) -> Rule:
    fields["parameters"] = MappingProxyType(dict(fields.get("parameters", {})))
    return Rule(**fields)


_BEFORE_2026 = date(2026, 9, 30)

RULES: tuple[Rule, ...] = (
    # ---- individual titles (Luật TĐKT 2022, Điều 21–24) ----
    _rule(
        code="LDTT",
        version=LUAT_2022,
        name_vi=NAMES["LDTT"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 24",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"min_rating": "HTT", "agency_criteria": ()},
        conditions_vi=(
            "Xếp loại từ Hoàn thành tốt nhiệm vụ trở lên; các tiêu chí riêng của bộ, ngành "
            "(agency_criteria) nếu đơn vị cấu hình."
        ),
    ),
    _rule(
        code="CSTDCS",
        version=LUAT_2022,
        name_vi=NAMES["CSTDCS"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 23",
        valid_from=LAW_2022_FROM,
        valid_to=_BEFORE_2026,
        confidence=F,
        parameters={"combine": "or", "initiative_min_scope": "co_so", "research_counts": True},
        conditions_vi=(
            "Đạt Lao động tiên tiến và (Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được "
            "công nhận từ cấp cơ sở hoặc đề tài, đề án nghiên cứu được nghiệm thu)."
        ),
    ),
    _rule(
        code="CSTDCS",
        version=LUAT_2026,
        name_vi=NAMES["CSTDCS"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{AMENDMENT_2026} (sửa đổi Điều 23)",
        valid_from=AMENDMENT_2026_FROM,
        valid_to=None,
        confidence=U,
        parameters={"combine": "and", "initiative_min_scope": "co_so", "research_counts": True},
        conditions_vi=(
            "Đạt Lao động tiên tiến, Hoàn thành xuất sắc nhiệm vụ và có sáng kiến được công "
            "nhận từ cấp cơ sở (hoặc đề tài, đề án được nghiệm thu)."
        ),
    ),
    _rule(
        code="CSTD_BO",
        version=LUAT_2022,
        name_vi=NAMES["CSTD_BO"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 22",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "consecutive_cstdcs": 3,
            "initiative_min_scope": "bo",
            "research_counts": True,
            "initiative_window": "counted",
        },
        conditions_vi=(
            "3 lần liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm đề nghị và có sáng kiến "
            "(hoặc đề tài được nghiệm thu) có phạm vi ảnh hưởng từ cấp Bộ trở lên, được công "
            "nhận trong các năm Chiến sĩ thi đua cơ sở được tính (cách hiểu mặc định, chưa "
            "xác minh; đơn vị có thể cấu hình tính cả chuỗi liên tục)."
        ),
    ),
    _rule(
        code="CSTD_TQ",
        version=LUAT_2022,
        name_vi=NAMES["CSTD_TQ"],
        subject=INDIVIDUAL,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 21",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "consecutive_cstd_bo": 2,
            "max_years_since_last": 1,
            "initiative_min_scope": "toan_quoc",
            "research_counts": False,
        },
        conditions_vi=(
            "2 lần liên tục đạt Chiến sĩ thi đua cấp Bộ và có sáng kiến có phạm vi ảnh hưởng "
            "toàn quốc; mặc định lần gần nhất trong năm đề nghị hoặc năm liền trước (giới hạn "
            "không có trong văn bản đã đối chiếu, đơn vị có thể cấu hình hoặc bỏ)."
        ),
    ),
    # ---- forms for individuals ----
    _rule(
        code="GK",
        version=LUAT_2022,
        name_vi=NAMES["GK"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}; tiêu chuẩn cụ thể do bộ, ngành, đơn vị quy định",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "years": 1,
            "min_rating": "HTT",
            "initiatives": 0,
            "initiative_min_scope": "co_so",
        },
        conditions_vi="Mặc định: năm đề nghị xếp loại từ Hoàn thành tốt nhiệm vụ trở lên.",
    ),
    _rule(
        code="BK_BO",
        version=LUAT_2022,
        name_vi=NAMES["BK_BO"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}; tiêu chuẩn cũ (Nghị định 91/2017/NĐ-CP) làm mặc định",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "years": 2,
            "min_rating": "HTXS",
            "initiatives": 2,
            "initiative_min_scope": "co_so",
        },
        conditions_vi=(
            "Mặc định (quy định cũ): 2 năm liên tục Hoàn thành xuất sắc nhiệm vụ, trong thời "
            "gian đó có 2 sáng kiến được công nhận từ cấp cơ sở."
        ),
    ),
    _rule(
        code="BK_TTG",
        version=LUAT_2022,
        name_vi=NAMES["BK_TTG"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 73 khoản 1 điểm b",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "prerequisite": "BK_BO",
            "years": 5,
            "min_rating": "HTT",
            "min_htxs": 0,
            "min_cstdcs": 3,
            "min_cstd_bo": 0,
        },
        conditions_vi=(
            "Đã được tặng Bằng khen cấp Bộ, sau đó từ 5 năm liên tục trở lên xếp loại từ Hoàn "
            "thành tốt nhiệm vụ, trong đó có 3 lần Chiến sĩ thi đua cơ sở."
        ),
    ),
    _rule(
        code="HCLD3",
        version=LUAT_2022,
        name_vi=NAMES["HCLD3"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 44 khoản 1 điểm e",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "prerequisite": "BK_TTG",
            "years": 5,
            "min_rating": "HTT",
            "min_htxs": 1,
            "min_cstdcs": 3,
            "min_cstd_bo": 0,
        },
        conditions_vi=(
            "Đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó từ 5 năm liên tục trở lên "
            "xếp loại từ Hoàn thành tốt nhiệm vụ, có ít nhất 1 năm Hoàn thành xuất sắc nhiệm "
            "vụ và 3 lần Chiến sĩ thi đua cơ sở."
        ),
    ),
    _rule(
        code="HCLD2",
        version=LUAT_2022,
        name_vi=NAMES["HCLD2"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 43 (số điều và tiêu chuẩn chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "prerequisite": "HCLD3",
            "years": 5,
            "min_rating": "HTXS",
            "min_htxs": 0,
            "min_cstdcs": 0,
            "min_cstd_bo": 1,
        },
        conditions_vi=(
            "Mặc định (chưa xác minh): đã được tặng Huân chương Lao động hạng Ba, sau đó từ 5 "
            "năm liên tục Hoàn thành xuất sắc nhiệm vụ, có 1 lần Chiến sĩ thi đua cấp Bộ."
        ),
    ),
    _rule(
        code="HCLD1",
        version=LUAT_2022,
        name_vi=NAMES["HCLD1"],
        subject=INDIVIDUAL,
        kind=FORM,
        basis=f"{LAW_2022}, Điều 42 (số điều và tiêu chuẩn chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "prerequisite": "HCLD2",
            "years": 5,
            "min_rating": "HTXS",
            "min_htxs": 0,
            "min_cstdcs": 0,
            "min_cstd_bo": 2,
        },
        conditions_vi=(
            "Mặc định (chưa xác minh): đã được tặng Huân chương Lao động hạng Nhì, sau đó từ 5 "
            "năm liên tục Hoàn thành xuất sắc nhiệm vụ, có 2 lần Chiến sĩ thi đua cấp Bộ."
        ),
    ),
    # ---- collective titles (Luật TĐKT 2022, Điều 25–28) ----
    _rule(
        code="TLDTT",
        version=LUAT_2022,
        name_vi=NAMES["TLDTT"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 28 (tiêu chuẩn theo quy định cũ, chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={
            "enabled": True,
            "min_rating": "HTT",
            "min_ldtt_share": 0.5,
            "max_disciplined": 0,
        },
        conditions_vi=(
            "Hoàn thành tốt nhiệm vụ; trên 50% cá nhân đạt Lao động tiên tiến; không có cá "
            "nhân bị kỷ luật từ cảnh cáo trở lên."
        ),
    ),
    _rule(
        code="TLDXS",
        version=LUAT_2022,
        name_vi=NAMES["TLDXS"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 27",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={
            "min_rating": "HTXS",
            "min_completed_share": 1.0,
            "min_ldtt_share": 0.7,
            "min_cstdcs": 1,
        },
        conditions_vi=(
            "Tập thể xếp loại Hoàn thành xuất sắc nhiệm vụ; 100% cá nhân hoàn thành nhiệm vụ, "
            "từ 70% đạt Lao động tiên tiến; có cá nhân đạt Chiến sĩ thi đua cơ sở."
        ),
    ),
    _rule(
        code="CO_BO",
        version=LUAT_2022,
        name_vi=NAMES["CO_BO"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 26 (chưa đối chiếu)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={"enabled": True, "cluster_leader": True, "exceeded_targets": True},
        conditions_vi=(
            "Dẫn đầu cụm, khối thi đua của bộ và hoàn thành vượt mức chỉ tiêu; tập thể tiêu "
            "biểu nhất do Hội đồng lựa chọn."
        ),
    ),
    _rule(
        code="CO_CP",
        version=LUAT_2022,
        name_vi=NAMES["CO_CP"],
        subject=COLLECTIVE,
        kind=TITLE,
        basis=f"{LAW_2022}, Điều 25",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"pm_movement_min_years": 5},
        conditions_vi=(
            "Dẫn đầu cụm, khối thi đua, hoàn thành vượt mức chỉ tiêu năm, tổ chức đảng trong "
            "sạch, vững mạnh; hoặc dẫn đầu phong trào thi đua do Thủ tướng phát động từ 5 năm "
            "trở lên. Tập thể tiêu biểu xuất sắc nhất do Hội đồng lựa chọn."
        ),
    ),
    # ---- principles that apply to every title and form ----
    _rule(
        code="PENDING_CASE",
        version=ND98_2023,
        name_vi="Không khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi="Đang có vụ việc chưa xử lý xong thì không xét, không đề nghị khen thưởng.",
    ),
    _rule(
        code="SPECIAL_AWARDS",
        version=ND98_2023,
        name_vi="Khen thưởng chuyên đề, đột xuất không tính làm căn cứ khen thưởng sau",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"excluded_kinds": ("chuyen_de", "dot_xuat")},
        conditions_vi="Hình thức khen thưởng chuyên đề, đột xuất không được tính vào chuỗi.",
    ),
    _rule(
        code="DISCIPLINE_RESET",
        version=ND98_2023,
        name_vi="Thành tích chỉ tính từ sau khi hết thời hạn kỷ luật",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi=(
            "Năm có thời hạn kỷ luật (và các năm trước đó) không được tính vào chuỗi liên tục."
        ),
    ),
    _rule(
        code="DISCIPLINE_KHT",
        version=XEP_LOAI,
        name_vi="Bị kỷ luật trong năm do vi phạm khi thực thi nhiệm vụ thì xếp loại Không hoàn thành",
        subject=INDIVIDUAL,
        kind=PRINCIPLE,
        basis=DECREES_RATING,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={},
        conditions_vi="Kỷ luật từ khiển trách trở lên trong năm → xếp loại năm đó là KHT.",
    ),
    _rule(
        code="MIN_MONTHS",
        version=CAU_HINH,
        name_vi="Năm làm việc quá ít tháng không được tính",
        subject=INDIVIDUAL,
        kind=PRINCIPLE,
        basis="Cấu hình của đơn vị (chưa xác minh căn cứ)",
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=M,
        parameters={"enabled": True, "min_months": 6},
        conditions_vi="Năm làm việc dưới 6 tháng được coi như gián đoạn chuỗi.",
    ),
    _rule(
        code="ONE_ACHIEVEMENT",
        version=ND98_2023,
        name_vi="Một thành tích chỉ khen thưởng một lần",
        subject=EVERYONE,
        kind=PRINCIPLE,
        basis=DECREES_PRINCIPLES,
        valid_from=LAW_2022_FROM,
        valid_to=None,
        confidence=F,
        parameters={"same_achievement_forms": ("GK", "BK_BO", "BK_TTG")},
        conditions_vi=(
            "Danh hiệu đã tặng cho năm xét không xét lại; chuỗi năm chỉ tính sau lần được "
            "tặng gần nhất của cùng danh hiệu, hình thức; khi nhiều hình thức cùng đủ điều "
            "kiện từ một thành tích trong năm, chỉ đề nghị một (nêu hình thức cao nhất)."
        ),
    ),
)

RULES_BY_CODE: dict[str, tuple[Rule, ...]] = {}
for _r in RULES:
    RULES_BY_CODE[_r.code] = (*RULES_BY_CODE.get(_r.code, ()), _r)
del _r

JUDGED = {
    INDIVIDUAL: (*INDIVIDUAL_TITLES, *FORMS),
    COLLECTIVE: COLLECTIVE_TITLES,
}
TITLES_OF = {INDIVIDUAL: frozenset(INDIVIDUAL_TITLES), COLLECTIVE: frozenset(COLLECTIVE_TITLES)}

# What each parameter may hold, for validating settings: a kind, and for "choice" its values.
PARAMETER_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "enabled": ("bool", ()),
    "research_counts": ("bool", ()),
    "cluster_leader": ("bool", ()),
    "exceeded_targets": ("bool", ()),
    "min_rating": ("choice", RATINGS),
    "initiative_min_scope": ("choice", SCOPES),
    "combine": ("choice", ("and", "or")),
    "prerequisite": ("choice", FORMS),
    "agency_criteria": ("strings", ()),
    "excluded_kinds": ("strings", AWARD_KINDS),
    "same_achievement_forms": ("strings", FORMS),
    "initiative_window": ("choice", ("counted", "run")),
    "max_years_since_last": ("optional_count", ()),
    "min_ldtt_share": ("share", ()),
    "min_completed_share": ("share", ()),
}  # every other parameter is a whole number >= 0; "optional_count" also takes null (no limit)

# Parameters whose reading is less sure than the rule they belong to (LAW.md): their default
# is a reading to confirm, so a verdict that turns on them is marked with this mark.
PARAMETER_CONFIDENCE: dict[tuple[str, str], str] = {
    # the initiative "within the three CSTĐCS years counted" (M); "run": any time in the
    # unbroken run of CSTĐCS
    ("CSTD_BO", "initiative_window"): M,
    # "the latest CSTĐ cấp Bộ in the year judged or the year before" is not in the text found
    ("CSTD_TQ", "max_years_since_last"): M,
}


def rule_versions(code: str) -> tuple[Rule, ...]:
    """Every version of one rule, oldest first."""
    return RULES_BY_CODE[code]


def rule_in_force(code: str, day: date) -> Rule | None:
    """The version of a rule in force on a day (None before the first one)."""
    for rule in RULES_BY_CODE[code]:
        if rule.in_force_on(day):
            return rule
    return None


# ---- words for users: rule versions and confidence marks are never shown as codes ----

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


# ---- reward money: multiples of the base salary, priced on the decision date ----

# The base salary (lương cơ sở) by the date it took effect (LAW.md, "Reports"; M: the office
# adds later values through the agency setting `awards.base_salary_added`).
BASE_SALARIES: tuple[tuple[date, int, str], ...] = (
    (date(2013, 5, 1), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    (date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)
BASE_SALARIES_CONFIDENCE = M

REWARD_BASIS = "Nghị định 98/2023/NĐ-CP, Điều 54; Nghị định 152/2025/NĐ-CP"
# Multiples confirmed in NĐ 152/2025 (F) and those only remembered from NĐ 98/2023 (M).
REWARD_MULTIPLES_CONFIRMED: Mapping[str, float] = MappingProxyType(
    {"CSTD_TQ": 4.5, "CSTD_BO": 3.0, "LDTT": 0.3}
)
REWARD_MULTIPLES_UNCONFIRMED: Mapping[str, float] = MappingProxyType({"CSTDCS": 1.0, "TLDXS": 1.5})


def base_salary_table(added: object = ()) -> tuple[tuple[date, int, str], ...]:
    """The dated base salaries, oldest first: the law's table and the values the office
    added (`[{"from": "YYYY-MM-DD", "amount": 2530000, "basis": "Nghị định …"}]`; a value
    added for a date already in the table replaces it). Malformed entries are left out —
    `base_salary_problems` says which."""
    table = {d: (d, amount, basis) for d, amount, basis in BASE_SALARIES}
    for entry in added if isinstance(added, (list, tuple)) else ():
        parsed = _base_salary_entry(entry)
        if parsed is not None:
            table[parsed[0]] = parsed
    return tuple(table[d] for d in sorted(table))


def base_salary_problems(added: object) -> list[str]:
    """Why values the office added cannot be used, in Vietnamese (empty when all can)."""
    if not isinstance(added, (list, tuple)):
        return ["Phải là một danh sách các mức lương cơ sở"]
    return [
        f"Mục {i + 1}: cần {{'from': 'YYYY-MM-DD', 'amount': số đồng > 0, 'basis': văn bản}}"
        for i, entry in enumerate(added)
        if _base_salary_entry(entry) is None
    ]


def _base_salary_entry(entry: object) -> tuple[date, int, str] | None:
    if not isinstance(entry, Mapping):
        return None
    try:
        day = date.fromisoformat(str(entry.get("from")))
    except ValueError:
        return None
    amount = entry.get("amount")
    if type(amount) is not int or amount <= 0:
        return None
    basis = entry.get("basis")
    return day, amount, basis.strip() if isinstance(basis, str) and basis.strip() else ""


def base_salary_on(day: date, table=BASE_SALARIES) -> tuple[date, int, str] | None:
    """The base salary in force on a day (a decision date): (from, amount, basis), or None
    before the first one known."""
    found = None
    for row in table:
        if row[0] <= day:
            found = row
        else:
            break
    return found


def reward_multiple(
    code: str, confirmed: Mapping, unconfirmed: Mapping
) -> tuple[float | None, str]:
    """(multiple, mark) for a title or form; (None, "") when none is known. The confirmed
    setting wins over the unconfirmed one."""
    if code in confirmed and confirmed[code] is not None:
        return float(confirmed[code]), F
    if code in unconfirmed and unconfirmed[code] is not None:
        return float(unconfirmed[code]), M
    return None, ""
