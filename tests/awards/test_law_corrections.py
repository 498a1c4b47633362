"""Legal corrections of issue 11 (point 4): rule versions and marks read as words."""

from datetime import date

import pytest

from thidua.awards import law
from thidua.awards.eligibility import HistoryError, compile_settings

from .helpers import award, initiative, person, text, verdict, verdicts, year


def test_version_and_mark_read_as_vietnamese_words_never_codes():
    assert law.version_words("luat-2026") == "Luật sửa đổi 2026"
    assert law.confidence_words("U") == "chưa đối chiếu văn bản chính thức"
    assert (
        law.basis_words("luat-2026", "U")
        == "theo Luật sửa đổi 2026 — chưa đối chiếu văn bản chính thức"
    )
    for rule in law.RULES:
        words = law.basis_words(rule.version, rule.confidence)
        assert rule.version not in words
        assert words.split(" — ")[1] in law.CONFIDENCE_WORDS.values()


def test_unknown_version_or_mark_never_shows_the_code():
    assert "xyz" not in law.version_words("xyz")
    assert law.confidence_words("?") == law.confidence_words("M")


# ---------------------------------------------------------------- the engine speaks words


def test_the_more_favourable_note_names_the_law_in_words_not_its_version_code():
    history = person(year(2025, "HTXS"))
    settings = {"rules": {"CSTDCS@luat-2026": {"combine": "or"}}}
    # received before 1/10/2026 and the 2022 rule is set to need both
    settings["rules"]["CSTDCS@luat-2022"] = {"combine": "and"}
    v = verdict(history, "CSTDCS", received_on=date(2026, 9, 30), settings=settings)
    assert v.eligible
    words = "\n".join(v.reasons)
    assert "theo Luật sửa đổi 2026 — chưa đối chiếu văn bản chính thức" in words
    assert "luat-20" not in words


def test_the_2026_cstdcs_failure_names_the_amendment_in_words():
    v = verdict(person(year(2026, "HTXS")), "CSTDCS", y=2026, received_on=date(2026, 12, 1))
    assert not v.eligible
    assert "Theo Luật sửa đổi 2026 (chưa đối chiếu văn bản chính thức), cần đồng thời" in text(v)
    assert "luat-2026" not in text(v)


# ---------------------------------------------------------------- CSTĐ cấp Bộ: where the initiative lies


def _long_run(initiative_year: int) -> dict:
    """CSTĐCS 2021–2025 unbroken; one ministry-wide initiative in `initiative_year`."""
    years = []
    for y in range(2021, 2026):
        extra = {"initiatives": initiative("bo")} if y == initiative_year else {}
        years.append(year(y, "HTXS", ["LDTT", "CSTDCS"], **extra))
    return person(*years)


def test_cstd_bo_by_default_needs_the_initiative_within_the_three_cstdcs_years_counted():
    v = verdict(_long_run(2022), "CSTD_BO")
    assert not v.eligible
    assert v.confidence == "M"  # the verdict turns on a reading still to confirm
    assert "trong các năm 2023–2025" in text(v)
    assert "Có sáng kiến (đề tài) năm 2022 trong chuỗi liên tục (2021–2025)" in text(v)
    assert "cách hiểu mặc định (chưa xác minh)" in text(v)


def test_cstd_bo_initiative_within_the_counted_years_is_eligible_and_stays_f():
    v = verdict(_long_run(2023), "CSTD_BO")
    assert v.eligible and v.confidence == "F"


def test_cstd_bo_looser_reading_is_a_setting_in_the_eligibility_format():
    settings = {"rules": {"CSTD_BO": {"initiative_window": "run"}}}
    v = verdict(_long_run(2022), "CSTD_BO", settings=settings)
    assert v.eligible and v.confidence == "M"
    assert "được tính theo cấu hình của đơn vị (cách hiểu rộng, chưa xác minh)" in text(v)


def test_cstd_bo_initiative_window_refuses_other_values():
    with pytest.raises(HistoryError) as exc:
        compile_settings({"rules": {"CSTD_BO": {"initiative_window": "ever"}}})
    assert exc.value.problems[0].path == "settings.rules.CSTD_BO.initiative_window"


# ---------------------------------------------------------------- CSTĐ toàn quốc: recency is M


def _tq_history() -> dict:
    """CSTĐ cấp Bộ 2021 and 2024, CSTĐCS every year 2019–2025, nationwide initiative 2023;
    judged for 2026, two years after the latest CSTĐ cấp Bộ."""
    years = [year(y, "HTXS", ["LDTT", "CSTDCS"]) for y in range(2019, 2026)]
    years[2]["titles"].append("CSTD_BO")  # 2021
    years[5]["titles"].append("CSTD_BO")  # 2024
    years[4]["initiatives"] = initiative("toan_quoc")  # 2023
    years.append(year(2026, "HTXS", ["LDTT"]))
    return person(*years)


def test_cstd_tq_recency_limit_is_marked_m_and_says_it_is_a_setting():
    assert law.PARAMETER_CONFIDENCE[("CSTD_TQ", "max_years_since_last")] == law.M
    v = verdict(_tq_history(), "CSTD_TQ", y=2026, received_on=date(2026, 12, 1))
    assert not v.eligible and v.confidence == "M"
    assert "không có trong văn bản đã đối chiếu — chưa xác minh" in text(v)


def test_cstd_tq_recency_limit_can_be_removed_or_widened():
    for limit in (None, 2):
        settings = {"rules": {"CSTD_TQ": {"max_years_since_last": limit}}}
        v = verdict(
            _tq_history(), "CSTD_TQ", y=2026, received_on=date(2026, 12, 1), settings=settings
        )
        assert v.eligible, (limit, v.reasons)


# ---------------------------------------------------------------- one achievement, one award


def test_several_forms_eligible_for_the_same_year_say_so_and_name_the_highest():
    years = [year(2019, "HTXS", ["LDTT"])]
    years += [year(y, "HTXS", ["LDTT", "CSTDCS"]) for y in range(2020, 2026)]
    years[-1]["initiatives"] = initiative() + initiative()
    years[-2]["initiatives"] = initiative()
    vs = verdicts(person(*years, awards=[award("BK_BO", 2019)]))
    eligible_forms = [c for c in ("GK", "BK_BO", "BK_TTG") if vs[c].eligible]
    assert eligible_forms == ["GK", "BK_BO", "BK_TTG"]
    for code in eligible_forms:
        note = vs[code].reasons[-1]
        assert note.startswith("• Một thành tích chỉ khen thưởng một lần")
        assert "Giấy khen, Bằng khen cấp Bộ, Bằng khen của Thủ tướng Chính phủ" in note
        assert "cao nhất là Bằng khen của Thủ tướng Chính phủ" in note


def test_a_single_eligible_form_carries_no_such_note():
    vs = verdicts(person(year(2025, "HTT")))
    assert vs["GK"].eligible and not vs["BK_BO"].eligible
    assert "Một thành tích chỉ khen thưởng một lần" not in text(vs["GK"])


def test_the_forms_one_achievement_covers_are_a_setting():
    years = [year(2024, "HTXS", initiatives=initiative()), year(2025, "HTXS")]
    years[1]["initiatives"] = initiative()
    history = person(*years)
    assert "cao nhất là Bằng khen cấp Bộ" in text(verdicts(history)["GK"])
    settings = {"rules": {"ONE_ACHIEVEMENT": {"same_achievement_forms": ["BK_BO", "BK_TTG"]}}}
    assert "Một thành tích" not in text(verdicts(history, settings=settings)["GK"])
