"""The eligibility engine: every F rule of LAW.md just met and just missed, the principles,
the two CSTĐCS versions around 1/10/2026, settings for M rules, and input validation."""

import json
import subprocess
import sys
from datetime import date

import pytest

from thidua.awards import law
from thidua.awards.eligibility import HistoryError, compile_settings, evaluate

from .helpers import RECEIVED, award, initiative, person, text, unit, verdict, verdicts, year

# ---------------------------------------------------------------- shape of the result


def test_one_verdict_per_title_and_form_in_a_fixed_order():
    individual = evaluate(person(year(2025)), year=2025, received_on=RECEIVED)
    collective = evaluate(unit(), year=2025, received_on=RECEIVED)
    assert [v.code for v in individual] == [
        "LDTT",
        "CSTDCS",
        "CSTD_BO",
        "CSTD_TQ",
        "GK",
        "BK_BO",
        "BK_TTG",
        "HCLD3",
        "HCLD2",
        "HCLD1",
    ]
    assert [v.code for v in collective] == ["TLDTT", "TLDXS", "CO_BO", "CO_CP"]


def test_every_verdict_names_its_rule_basis_version_and_confidence_and_is_json():
    for v in evaluate(person(year(2025)), year=2025, received_on=RECEIVED):
        data = v.to_dict()
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        assert v.name == law.NAMES[v.code]
        assert v.basis and v.rule_version and v.confidence in {"F", "U", "M"}
        assert all(r[0] in "✓✗•" for r in v.reasons), v.reasons


def test_verdicts_are_frozen():
    v = verdict(person(year(2025)), "LDTT")
    with pytest.raises(AttributeError):
        v.eligible = False


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys, thidua.awards.eligibility, thidua.awards.law; "
        "bad = [m for m in sys.modules if m.startswith('django')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- Lao động tiên tiến (art. 24, F)


@pytest.mark.parametrize(("rating", "eligible"), [("HTXS", True), ("HTT", True), ("HT", False)])
def test_ldtt_needs_htt_or_better(rating, eligible):
    v = verdict(person(year(2025, rating)), "LDTT")
    assert v.eligible is eligible
    assert v.confidence == "F" and v.rule_version == "luat-2022"
    assert "Điều 24" in v.basis


def test_ldtt_reason_states_the_rating_it_failed():
    v = verdict(person(year(2025, "HT")), "LDTT")
    assert "✗ Năm 2025 xếp loại Hoàn thành nhiệm vụ, cần từ Hoàn thành tốt nhiệm vụ" in text(v)


def test_ldtt_without_a_rating_for_the_year_is_not_eligible():
    assert not verdict(person(year(2025, None)), "LDTT").eligible
    assert "Không có dữ liệu năm 2025" in text(verdict(person(year(2024)), "LDTT"))


def test_ldtt_agency_criteria_come_from_settings():
    settings = {"rules": {"LDTT": {"agency_criteria": ["tham_gia_phong_trao"]}}}
    met = person(year(2025, criteria={"tham_gia_phong_trao": True}))
    missed = person(year(2025, criteria={"tham_gia_phong_trao": False}))
    assert verdict(met, "LDTT", settings=settings).eligible
    v = verdict(missed, "LDTT", settings=settings)
    assert not v.eligible
    assert "✗ Chưa đạt tiêu chí của đơn vị “tham_gia_phong_trao”" in v.reasons
    assert v.reasons[0].startswith("• Theo cấu hình của đơn vị")


# ---------------------------------------------------------------- Chiến sĩ thi đua cơ sở (art. 23)


@pytest.mark.parametrize(
    "facts",
    [
        {"rating": "HTXS"},
        {"rating": "HTT", "initiatives": initiative("co_so")},
        {"rating": "HTT", "research": initiative("co_so", "Đề tài")},
    ],
    ids=["htxs", "initiative", "research"],
)
def test_cstdcs_2022_needs_ldtt_and_one_of_htxs_initiative_research(facts):
    v = verdict(person({"year": 2025, **facts}), "CSTDCS")
    assert v.eligible and v.rule_version == "luat-2022" and v.confidence == "F"


def test_cstdcs_2022_just_not_ldtt_with_neither_htxs_nor_initiative():
    v = verdict(person(year(2025, "HTT")), "CSTDCS")
    assert not v.eligible
    assert "✗ Năm 2025 không xếp loại Hoàn thành xuất sắc nhiệm vụ" in v.reasons
    assert "✗ Không có sáng kiến hoặc đề tài" in text(v)


def test_cstdcs_needs_ldtt_even_with_an_initiative():
    v = verdict(person(year(2025, "HT", initiatives=initiative())), "CSTDCS")
    assert not v.eligible
    assert "✗ Không đạt tiêu chuẩn Lao động tiên tiến năm 2025" in v.reasons


# ---- the two versions around 1/10/2026

HTXS_ONLY = person(year(2025, "HTXS"))
HTXS_AND_INITIATIVE = person(year(2025, "HTXS", initiatives=initiative()))
HTT_AND_INITIATIVE = person(year(2025, "HTT", initiatives=initiative()))


def test_dossier_received_30_september_2026_keeps_the_2022_rule():
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 9, 30))
    assert v.eligible and v.rule_version == "luat-2022" and v.confidence == "F"


def test_dossier_received_1_october_2026_needs_htxs_and_an_initiative():
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 10, 1))
    assert not v.eligible and v.rule_version == "luat-2026" and v.confidence == "U"
    assert "06/2026/QH16" in v.basis
    both = verdict(HTXS_AND_INITIATIVE, "CSTDCS", received_on=date(2026, 10, 1))
    assert both.eligible and both.confidence == "U"
    assert not verdict(HTT_AND_INITIATIVE, "CSTDCS", received_on=date(2026, 10, 1)).eligible
    assert verdict(HTT_AND_INITIATIVE, "CSTDCS", received_on=date(2026, 9, 30)).eligible


FAVOURABLE = {
    "rules": {"CSTDCS@luat-2022": {"combine": "and"}, "CSTDCS@luat-2026": {"combine": "or"}}
}


def test_an_older_dossier_uses_the_new_rule_when_it_is_more_favourable():
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 9, 30), settings=FAVOURABLE)
    assert v.eligible and v.rule_version == "luat-2026"
    assert "áp dụng quy định mới vì có lợi hơn" in v.reasons[0]
    assert "theo quy định cũ (Luật Thi đua, khen thưởng 2022) không đủ điều kiện" in v.reasons[0]
    assert "luat-20" not in " ".join(v.reasons)


def test_the_more_favourable_rule_is_not_used_for_dossiers_received_after_the_change():
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 10, 1), settings=FAVOURABLE)
    assert v.eligible and v.rule_version == "luat-2026"
    assert "có lợi hơn" not in text(v)


def test_the_more_favourable_comparison_can_be_switched_off():
    settings = {**FAVOURABLE, "more_favourable": False}
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 9, 30), settings=settings)
    assert not v.eligible and v.rule_version == "luat-2022"


def test_a_stricter_new_rule_never_replaces_the_old_one():
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 9, 30))
    assert v.rule_version == "luat-2022" and "có lợi hơn" not in text(v)


def test_an_agency_may_pin_a_rule_version():
    settings = {"versions": {"CSTDCS": "luat-2022"}}
    v = verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 10, 1), settings=settings)
    assert v.eligible and v.rule_version == "luat-2022"


def test_the_2026_version_can_be_set_to_or_by_settings():
    settings = {"rules": {"CSTDCS@luat-2026": {"combine": "or"}}}
    assert verdict(HTXS_ONLY, "CSTDCS", received_on=date(2026, 10, 1), settings=settings).eligible


# ---------------------------------------------------------------- Chiến sĩ thi đua cấp Bộ (art. 22, F)


def cstd_bo_history(*, third_year_cstdcs=True, scope="bo", research=False):
    works = {"research" if research else "initiatives": initiative(scope, "Số hoá hồ sơ")}
    return person(
        year(2022, "HTT", ["LDTT"]),
        year(2023, "HTXS", ["LDTT", "CSTDCS"] if third_year_cstdcs else ["LDTT"]),
        year(2024, "HTXS", ["LDTT", "CSTDCS"], **works),
        year(2025, "HTXS"),
    )


def test_cstd_bo_three_consecutive_cstdcs_and_a_ministry_wide_initiative():
    vs = verdicts(cstd_bo_history())
    assert vs["CSTDCS"].eligible
    v = vs["CSTD_BO"]
    assert v.eligible and v.confidence == "F" and "Điều 22" in v.basis
    assert (
        "✓ Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2023–2025) (năm 2025 đủ điều kiện "
        "Chiến sĩ thi đua cơ sở trong đợt xét này)"
    ) in v.reasons
    assert "✓ Có sáng kiến được công nhận có phạm vi ảnh hưởng cấp Bộ năm 2024" in text(v)


def test_cstd_bo_just_not_with_two_consecutive_cstdcs():
    v = verdict(cstd_bo_history(third_year_cstdcs=False), "CSTD_BO")
    assert not v.eligible
    assert (
        "✗ Chỉ có 2 năm liên tục đạt Chiến sĩ thi đua cơ sở (2024–2025), cần 3; năm 2023 "
        "không đạt Chiến sĩ thi đua cơ sở"
    ) in v.reasons


def test_cstd_bo_just_not_with_a_unit_level_initiative_only():
    v = verdict(cstd_bo_history(scope="co_so"), "CSTD_BO")
    assert not v.eligible
    assert "từ cấp Bộ trở lên trong các năm 2023–2025" in text(v)


def test_cstd_bo_accepts_research_with_ministry_wide_effect():
    assert verdict(cstd_bo_history(research=True), "CSTD_BO").eligible


def test_cstd_bo_counts_a_cstdcs_already_granted_for_the_year():
    history = cstd_bo_history()
    history["years"][-1]["titles"] = ["LDTT", "CSTDCS"]
    vs = verdicts(history)
    assert vs["CSTDCS"].already_granted and not vs["CSTDCS"].eligible
    assert vs["CSTD_BO"].eligible
    assert "đủ điều kiện Chiến sĩ thi đua cơ sở trong đợt xét này" not in text(vs["CSTD_BO"])


def test_cstd_bo_counts_only_years_after_the_last_cstd_bo():
    history = cstd_bo_history()
    history["years"][1]["titles"].append("CSTD_BO")
    v = verdict(history, "CSTD_BO")
    assert not v.eligible
    assert "• Lần gần nhất được tặng Chiến sĩ thi đua cấp Bộ: năm 2023" in text(v)


# ---------------------------------------------------------------- Chiến sĩ thi đua toàn quốc (art. 21, F)


def cstd_tq_history(*, nationwide=True, break_in_2023=False):
    return person(
        year(2020, "HTXS", ["LDTT", "CSTDCS"]),
        year(2021, "HTXS", ["LDTT", "CSTDCS"]),
        year(2022, "HTXS", ["LDTT", "CSTDCS", "CSTD_BO"], initiatives=initiative("bo")),
        year(2023, "HTXS", ["LDTT"] if break_in_2023 else ["LDTT", "CSTDCS"]),
        year(
            2024,
            "HTXS",
            ["LDTT", "CSTDCS"],
            initiatives=initiative("toan_quoc" if nationwide else "bo", "Nền tảng dùng chung"),
        ),
        year(2025, "HTXS"),
    )


def test_cstd_tq_two_consecutive_cstd_bo_and_a_nationwide_initiative():
    vs = verdicts(cstd_tq_history())
    assert vs["CSTD_BO"].eligible
    v = vs["CSTD_TQ"]
    assert v.eligible and v.confidence == "F" and "Điều 21" in v.basis
    assert "✓ Đạt Chiến sĩ thi đua cấp Bộ 2 lần liên tục (2022, 2025)" in v.reasons
    assert "phạm vi ảnh hưởng toàn quốc năm 2024" in text(v)


def test_cstd_tq_just_not_with_a_ministry_wide_initiative_only():
    v = verdict(cstd_tq_history(nationwide=False), "CSTD_TQ")
    assert not v.eligible
    assert "✗ Không có sáng kiến có phạm vi ảnh hưởng toàn quốc" in text(v)


def test_cstd_tq_just_not_with_one_cstd_bo():
    v = verdict(cstd_tq_history(break_in_2023=True), "CSTD_TQ")
    assert not v.eligible
    assert "✗ Mới có 1 lần đạt Chiến sĩ thi đua cấp Bộ (2022), cần 2 lần liên tục" in text(v)


def test_cstd_tq_two_cstd_bo_with_a_break_between_are_not_consecutive():
    history = person(
        year(2019, "HTXS", ["LDTT", "CSTDCS"]),
        year(2020, "HTXS", ["LDTT", "CSTDCS"]),
        year(2021, "HTXS", ["LDTT", "CSTDCS", "CSTD_BO"]),
        year(2022, "HTT", ["LDTT"]),
        year(2023, "HTXS", ["LDTT", "CSTDCS"]),
        year(2024, "HTXS", ["LDTT", "CSTDCS"], initiatives=initiative("toan_quoc")),
        year(2025, "HTXS"),
    )
    vs = verdicts(history)
    assert vs["CSTD_BO"].eligible
    assert not vs["CSTD_TQ"].eligible
    assert "năm 2022 không đạt Chiến sĩ thi đua cơ sở nên hai lần 2021 và 2025" in text(
        vs["CSTD_TQ"]
    )


def test_cstd_tq_may_be_proposed_the_year_after_the_second_cstd_bo():
    history = person(
        year(2019, "HTXS", ["LDTT", "CSTDCS"]),
        year(2020, "HTXS", ["LDTT", "CSTDCS"]),
        year(2021, "HTXS", ["LDTT", "CSTDCS", "CSTD_BO"]),
        year(2022, "HTXS", ["LDTT", "CSTDCS"]),
        year(2023, "HTXS", ["LDTT", "CSTDCS"], initiatives=initiative("toan_quoc")),
        year(2024, "HTXS", ["LDTT", "CSTDCS", "CSTD_BO"]),
        year(2025, "HTT"),
    )
    assert verdict(history, "CSTD_TQ").eligible
    assert not verdict(
        history, "CSTD_TQ", settings={"rules": {"CSTD_TQ": {"max_years_since_last": 0}}}
    ).eligible


# ---------------------------------------------------------------- Bằng khen Thủ tướng (art. 73.1b, F)


def bk_ttg_history(*, bk_bo_year=2020, kind="cong_trang", cstdcs_2024=True, **changes):
    years = [
        year(2021, "HTT", ["LDTT", "CSTDCS"]),
        year(2022, "HTT", ["LDTT"]),
        year(2023, "HTXS", ["LDTT", "CSTDCS"]),
        year(2024, "HTT", ["LDTT", "CSTDCS"] if cstdcs_2024 else ["LDTT"]),
        year(2025, "HTT"),
    ]
    for y, extra in changes.items():
        years[int(y[1:]) - 2021].update(extra)
    return person(*years, awards=[award("BK_BO", bk_bo_year, kind)])


def test_bk_ttg_five_years_htt_with_three_cstdcs_after_bk_bo():
    v = verdict(bk_ttg_history(), "BK_TTG")
    assert v.eligible and v.confidence == "F"
    assert v.basis == "Luật Thi đua, khen thưởng 2022, Điều 73 khoản 1 điểm b"
    assert "cao nhất là Bằng khen của Thủ tướng Chính phủ" in v.reasons[-1]  # also GK
    assert v.reasons[:-1] == (
        "✓ Đã được tặng Bằng khen cấp Bộ năm 2020",
        "✓ Sau Bằng khen cấp Bộ năm 2020 có 5 năm liên tục (2021–2025) xếp loại từ Hoàn "
        "thành tốt nhiệm vụ trở lên",
        "✓ Có 3 lần Chiến sĩ thi đua cơ sở trong các năm 2021–2025 (2021, 2023, 2024)",
    )


def test_bk_ttg_just_not_with_four_years_after_bk_bo():
    v = verdict(bk_ttg_history(bk_bo_year=2021), "BK_TTG")
    assert not v.eligible
    assert "chỉ có 4 năm liên tục (2022–2025)" in text(v)
    assert "cần 5; chỉ tính các năm sau năm 2021" in text(v)


def test_bk_ttg_just_not_with_two_cstdcs():
    v = verdict(bk_ttg_history(cstdcs_2024=False), "BK_TTG")
    assert not v.eligible
    assert "✗ Chỉ có 2 lần Chiến sĩ thi đua cơ sở trong các năm 2021–2025 (2021, 2023), cần 3" in (
        v.reasons
    )


def test_bk_ttg_a_year_below_htt_breaks_the_run():
    v = verdict(bk_ttg_history(y2022={"rating": "HT"}), "BK_TTG")
    assert not v.eligible
    assert "năm 2022 xếp loại Hoàn thành nhiệm vụ" in text(v)


def test_bk_ttg_without_bk_bo_is_not_eligible():
    v = verdict(person(year(2025)), "BK_TTG")
    assert v.reasons == ("✗ Chưa được tặng Bằng khen cấp Bộ",)


# ---------------------------------------------------------------- Huân chương Lao động hạng Ba (art. 44.1e, F)


def hcld3_history(*, htxs_2023=True, cstdcs_2024=True):
    return person(
        year(2021, "HTT", ["LDTT", "CSTDCS"]),
        year(2022, "HTT", ["LDTT"]),
        year(2023, "HTXS" if htxs_2023 else "HTT", ["LDTT", "CSTDCS"]),
        year(2024, "HTT", ["LDTT", "CSTDCS"] if cstdcs_2024 else ["LDTT"]),
        year(2025, "HTT"),
        awards=[award("BK_BO", 2012), award("BK_TTG", 2020)],
    )


def test_hcld3_five_years_one_htxs_three_cstdcs_after_bk_ttg():
    vs = verdicts(hcld3_history())
    v = vs["HCLD3"]
    assert v.eligible and v.confidence == "F" and "Điều 44 khoản 1 điểm e" in v.basis
    assert "✓ Có 1 năm Hoàn thành xuất sắc nhiệm vụ trong các năm 2021–2025 (2023)" in v.reasons
    assert not vs["BK_TTG"].eligible  # the BK_BO of 2012 was used for the BK_TTG of 2020
    assert "sau lần được tặng Bằng khen của Thủ tướng Chính phủ năm 2020" in text(vs["BK_TTG"])


def test_hcld3_just_not_without_an_htxs_year():
    v = verdict(hcld3_history(htxs_2023=False), "HCLD3")
    assert not v.eligible
    assert "✗ Chỉ có 0 năm Hoàn thành xuất sắc nhiệm vụ trong các năm 2021–2025, cần 1" in (
        v.reasons
    )


def test_hcld3_just_not_with_two_cstdcs():
    assert not verdict(hcld3_history(cstdcs_2024=False), "HCLD3").eligible


# ---------------------------------------------------------------- Huân chương hạng Nhì / Nhất (M)


def test_hcld2_and_hcld1_are_m_rules_with_settings_for_their_chains():
    history = person(
        *[year(y, "HTXS", ["LDTT", "CSTDCS"]) for y in range(2023, 2026)],
        awards=[award("HCLD3", 2022)],
    )
    v = verdict(history, "HCLD2")
    assert not v.eligible and v.confidence == "M"
    shorter = {"rules": {"HCLD2": {"years": 3, "min_cstd_bo": 0}}}
    v = verdict(history, "HCLD2", settings=shorter)
    assert v.eligible and v.confidence == "M"
    assert v.reasons[0] == "• Theo cấu hình của đơn vị: min_cstd_bo = 0, years = 3"


def test_m_rules_can_be_switched_off():
    history = person(year(2025, "HTXS"))
    v = verdict(history, "GK", settings={"rules": {"GK": {"enabled": False}}})
    assert not v.eligible and v.confidence == "M"
    assert "đang tắt trong cấu hình" in text(v)


# ---------------------------------------------------------------- Giấy khen, Bằng khen cấp Bộ (M)


def test_bk_bo_default_is_the_old_rule_two_htxs_years_and_two_initiatives():
    history = person(
        year(2024, "HTXS", initiatives=initiative()),
        year(2025, "HTXS", initiatives=initiative()),
    )
    v = verdict(history, "BK_BO")
    assert v.eligible and v.confidence == "M"
    history["years"][0]["initiatives"] = []
    v = verdict(history, "BK_BO")
    assert not v.eligible
    assert "✗ Chỉ có 1 sáng kiến được công nhận từ cấp cơ sở trong các năm 2024–2025, cần 2" in (
        v.reasons
    )


def test_bk_bo_numbers_are_agency_settings():
    history = person(year(2025, "HTXS"))
    settings = {"rules": {"BK_BO": {"years": 1, "initiatives": 0}}}
    assert verdict(history, "BK_BO", settings=settings).eligible


def test_gk_default_is_one_year_htt():
    assert verdict(person(year(2025, "HTT")), "GK").eligible
    assert not verdict(person(year(2025, "HT")), "GK").eligible


# ---------------------------------------------------------------- collectives


def members(total=40, completed=40, ldtt=28, cstdcs=1, disciplined=0):
    return {
        "total": total,
        "completed": completed,
        "LDTT": ldtt,
        "CSTDCS": cstdcs,
        "disciplined_canh_cao_or_above": disciplined,
    }


def test_tldxs_unit_htxs_all_complete_seventy_percent_ldtt_one_cstdcs():
    v = verdict(unit(members=members(ldtt=28)), "TLDXS")
    assert v.eligible and v.confidence == "F" and "Điều 27" in v.basis
    assert "✓ 28/40 cá nhân (70%) đạt Lao động tiên tiến, cần từ 70% trở lên" in v.reasons


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"members": members(ldtt=27)}, "✗ 27/40 cá nhân (67,5%) đạt Lao động tiên tiến"),
        ({"members": members(completed=39)}, "✗ 39/40 cá nhân (97,5%) hoàn thành nhiệm vụ"),
        ({"members": members(cstdcs=0)}, "✗ Có 0 cá nhân đạt Chiến sĩ thi đua cơ sở"),
        ({"rating": "HTT"}, "✗ Năm 2025 xếp loại Hoàn thành tốt nhiệm vụ"),
    ],
    ids=["ldtt-69", "one-not-complete", "no-cstdcs", "unit-htt"],
)
def test_tldxs_just_not(change, reason):
    v = verdict(unit(**change), "TLDXS")
    assert not v.eligible
    assert reason in text(v)


def test_tldtt_more_than_half_ldtt_and_no_member_disciplined():
    assert verdict(unit(rating="HTT", members=members(ldtt=21)), "TLDTT").eligible
    v = verdict(unit(rating="HTT", members=members(ldtt=20)), "TLDTT")
    assert not v.eligible and v.confidence == "M"
    assert "✗ 20/40 cá nhân (50%) đạt Lao động tiên tiến, cần trên 50%" in v.reasons
    v = verdict(unit(rating="HTT", members=members(disciplined=1)), "TLDTT")
    assert "✗ Có 1 cá nhân bị kỷ luật từ cảnh cáo trở lên" in v.reasons and not v.eligible


def test_co_cp_cluster_leader_exceeding_targets_with_a_clean_party_organisation():
    facts = {"cluster_leader": True, "exceeded_targets": True, "clean_party_org": True}
    v = verdict(unit(**facts), "CO_CP")
    assert v.eligible and v.confidence == "F" and "Điều 25" in v.basis
    v = verdict(unit(**{**facts, "clean_party_org": False}), "CO_CP")
    assert not v.eligible
    assert "✗ Không có kết luận tổ chức đảng trong sạch, vững mạnh năm 2025" in v.reasons


def test_co_cp_leading_a_five_year_movement_of_the_prime_minister():
    assert verdict(unit(pm_movement_years=5), "CO_CP").eligible
    assert not verdict(unit(pm_movement_years=4), "CO_CP").eligible


def test_co_bo_is_an_m_rule_on_cluster_leadership_and_targets():
    v = verdict(unit(cluster_leader=True, exceeded_targets=True), "CO_BO")
    assert v.eligible and v.confidence == "M"
    assert not verdict(unit(cluster_leader=True), "CO_BO").eligible
    relaxed = {"rules": {"CO_BO": {"exceeded_targets": False}}}
    assert verdict(unit(cluster_leader=True), "CO_BO", settings=relaxed).eligible


# ---------------------------------------------------------------- principles (NĐ 98/2023 art. 4, F)


def test_a_pending_case_blocks_every_title_and_form():
    for history in (bk_ttg_history(), unit(cluster_leader=True, exceeded_targets=True)):
        history["pending_case"] = True
        for v in evaluate(history, year=2025, received_on=RECEIVED):
            assert not v.eligible and v.confidence == "F"
            assert "chưa xử lý xong" in v.reasons[0] and "Nghị định 98/2023" in v.reasons[0]


@pytest.mark.parametrize("kind", ["chuyen_de", "dot_xuat"])
def test_special_campaign_and_sudden_feat_awards_do_not_count(kind):
    v = verdict(bk_ttg_history(kind=kind), "BK_TTG")
    assert not v.eligible
    assert f"Bằng khen cấp Bộ năm 2020 là khen thưởng {law.AWARD_KIND_NAMES[kind]}" in text(v)


def test_seniority_awards_count_by_default_and_by_setting_do_not():
    assert verdict(bk_ttg_history(kind="nien_han"), "BK_TTG").eligible
    settings = {
        "rules": {"SPECIAL_AWARDS": {"excluded_kinds": ["chuyen_de", "dot_xuat", "nien_han"]}}
    }
    assert not verdict(bk_ttg_history(kind="nien_han"), "BK_TTG", settings=settings).eligible


DISCIPLINE_2021 = {"form": "khien_trach", "from": "2021-02-01", "to": "2021-08-01"}


def test_after_a_disciplinary_period_achievements_count_only_from_its_end():
    v = verdict(bk_ttg_history(y2021={"discipline": DISCIPLINE_2021}), "BK_TTG")
    assert not v.eligible
    assert "chỉ có 4 năm liên tục (2022–2025)" in text(v)
    assert "năm 2021 không được tính: kỷ luật khiển trách (hết thời hạn ngày 01/08/2021)" in text(v)


def test_a_disciplinary_period_ending_next_year_excludes_that_year_too():
    discipline = {"form": "canh_cao", "from": "2023-11-01", "to": "2024-05-01"}
    history = person(year(2023, "HTT", discipline=discipline), year(2024, "HTT"), year(2025))
    assert verdict(history, "LDTT").eligible
    v = verdict(history, "GK", settings={"rules": {"GK": {"years": 2}}})
    assert not v.eligible and "năm 2024 không được tính: kỷ luật cảnh cáo" in text(v)


def test_discipline_in_the_year_makes_that_year_rated_kht():
    discipline = {"form": "khien_trach", "from": "2025-03-01", "to": "2025-09-01"}
    v = verdict(person(year(2025, "HTXS", discipline=discipline)), "LDTT")
    assert not v.eligible
    assert v.reasons == (
        "✗ Năm 2025 bị kỷ luật khiển trách do vi phạm khi thực thi nhiệm vụ nên xếp loại được "
        "tính là Không hoàn thành nhiệm vụ",
        "✗ Năm 2025 không được tính: kỷ luật khiển trách (hết thời hạn ngày 01/09/2025), thành "
        "tích chỉ được tính từ sau khi hết thời hạn kỷ luật",
    )


def test_discipline_not_for_a_duty_violation_keeps_the_rating_but_still_resets():
    discipline = {"form": "khien_trach", "from": "2025-03-01", "to": "2025-09-01"}
    v = verdict(
        person(year(2025, "HTXS", discipline={**discipline, "duty_violation": False})), "LDTT"
    )
    assert not v.eligible and len(v.reasons) == 1
    assert "không được tính: kỷ luật khiển trách" in v.reasons[0]


def test_a_missing_year_is_allowed_and_breaks_the_chain():
    history = bk_ttg_history()
    del history["years"][1]  # 2022
    v = verdict(history, "BK_TTG")
    assert not v.eligible
    assert "năm 2022 không có dữ liệu (thiếu năm làm gián đoạn chuỗi)" in text(v)


def test_a_year_with_few_months_worked_breaks_the_chain_as_an_m_setting():
    history = bk_ttg_history(y2022={"months_worked": 4})
    v = verdict(history, "BK_TTG")
    assert not v.eligible and v.confidence == "M"
    assert "năm 2022 chỉ làm việc 4 tháng, dưới 6 tháng" in text(v)
    assert verdict(
        history, "BK_TTG", settings={"rules": {"MIN_MONTHS": {"min_months": 4}}}
    ).eligible
    assert verdict(
        history, "BK_TTG", settings={"rules": {"MIN_MONTHS": {"enabled": False}}}
    ).eligible


def test_a_title_already_granted_for_the_year_is_reported_not_judged_again():
    v = verdict(person(year(2025, "HTT", ["LDTT"])), "LDTT")
    assert not v.eligible and v.already_granted
    assert v.reasons[-1] == (
        "• Đã được tặng Lao động tiên tiến năm 2025: một thành tích chỉ khen thưởng một lần"
    )


def test_a_form_already_granted_for_the_year_is_reported_not_judged_again():
    history = bk_ttg_history()
    history["awards"].append(award("BK_TTG", 2025))
    v = verdict(history, "BK_TTG")
    assert not v.eligible and v.already_granted


def test_a_lower_award_is_not_required_before_a_higher_one():
    # CSTĐ cấp Bộ without any Giấy khen or Bằng khen
    assert verdict(cstd_bo_history(), "CSTD_BO").eligible


# ---------------------------------------------------------------- validation


def problems(history, *, y=2025, received_on=RECEIVED, settings=None) -> dict[str, str]:
    with pytest.raises(HistoryError) as caught:
        evaluate(history, year=y, received_on=received_on, settings=settings)
    return {p.path: p.message for p in caught.value.problems}


def test_missing_subject_is_reported():
    assert "subject" in problems({"years": []})


def test_unknown_codes_are_reported_with_their_paths():
    found = problems(
        person(
            year(2024, "XUAT_SAC", ["LDTT", "ANH_HUNG"], initiatives=[{"scope": "tinh"}]),
            year(2025, discipline={"form": "phe_binh", "from": "2025-01-01", "to": None}),
            awards=[{"form": "HCLD4", "year": 2020}, {"form": "GK", "year": 2020, "kind": "x"}],
        )
    )
    assert set(found) == {
        "years[0].rating",
        "years[0].titles[1]",
        "years[0].initiatives[0].scope",
        "years[1].discipline.form",
        "awards[0].form",
        "awards[1].kind",
    }
    assert "không thuộc thang" in found["years[0].rating"]


def test_duplicate_years_and_years_after_the_judged_year_are_reported():
    found = problems(person(year(2024), year(2024), year(2026)))
    assert found == {
        "years[1].year": "Năm 2024 bị lặp lại",
        "years[2].year": "Năm 2026 sau năm xét 2025",
    }


def test_malformed_dates_are_reported():
    found = problems(person(year(2025, discipline={"form": "canh_cao", "from": "01/02/2025"})))
    assert "years[0].discipline.from" in found
    found = problems(
        person(
            year(2025, discipline={"form": "canh_cao", "from": "2025-05-01", "to": "2025-02-30"})
        )
    )
    assert "years[0].discipline.to" in found


def test_a_collective_needs_its_own_fields():
    found = problems({"subject": "collective", "years": [{"year": 2025, "months_worked": 3}]})
    assert "years[0].months_worked" in found
    found = problems(unit(members={"total": 10, "LDTT": 11}))
    assert "years[0].members.LDTT" in found


def test_receipt_dates_outside_the_rules_are_reported():
    assert "received_on" in problems(person(year(2023)), y=2023, received_on=date(2023, 12, 31))
    assert "received_on" in problems(person(year(2025)), received_on=date(2024, 12, 31))


def test_every_problem_is_in_vietnamese_and_english():
    with pytest.raises(HistoryError) as caught:
        evaluate({"subject": "robot"}, year=2025, received_on=RECEIVED)
    (problem,) = caught.value.problems
    assert problem.message.startswith("Loại đối tượng") and "individual or collective" in (
        problem.message_en
    )
    assert caught.value.to_dict()["problems"][0]["path"] == "subject"
    assert "subject must be" in str(caught.value)


def test_bad_settings_are_reported_as_problems():
    found = problems(
        person(year(2025)),
        settings={
            "rules": {
                "LDTT": {"enabled": False, "min_rating": "TOT"},
                "NOPE": {},
                "CSTDCS@luat-2030": {},
                "BK_BO": {"years": -1, "colour": "red"},
            },
            "versions": {"CSTDCS": "luat-1999"},
            "extra": 1,
        },
    )
    assert set(found) == {
        "settings.rules.LDTT.enabled",
        "settings.rules.LDTT.min_rating",
        "settings.rules.NOPE",
        "settings.rules.CSTDCS@luat-2030",
        "settings.rules.BK_BO.years",
        "settings.rules.BK_BO.colour",
        "settings.versions.CSTDCS",
        "settings.extra",
    }
    assert found["settings.rules.LDTT.enabled"] == "Chỉ quy định chưa xác minh (M) mới được tắt"


def test_compiled_settings_give_the_same_verdicts():
    settings = {"rules": {"BK_BO": {"years": 1, "initiatives": 0}}}
    history = person(year(2025, "HTXS"))
    compiled = compile_settings(settings)
    assert evaluate(history, year=2025, received_on=RECEIVED, settings=compiled) == evaluate(
        history, year=2025, received_on=RECEIVED, settings=settings
    )


# ---------------------------------------------------------------- the rules as data


def test_every_rule_has_a_basis_dates_and_a_confidence():
    for rule in law.RULES:
        assert rule.basis and rule.valid_from >= law.LAW_2022_FROM
        assert rule.confidence in {"F", "U", "M"}
        assert rule.valid_to is None or rule.valid_to >= rule.valid_from


def test_rule_versions_follow_each_other_without_gaps_or_overlaps():
    for code, versions in law.RULES_BY_CODE.items():
        for older, newer in zip(versions, versions[1:], strict=False):
            assert older.valid_to is not None, code
            assert (newer.valid_from - older.valid_to).days == 1, code
        assert versions[-1].valid_to is None, code


def test_every_m_rule_can_be_switched_off_and_no_f_or_u_rule_can():
    for rule in law.RULES:
        assert ("enabled" in rule.parameters) == (rule.confidence == "M"), rule.key


def test_the_2026_amendment_applies_from_1_october_2026():
    assert law.rule_in_force("CSTDCS", date(2026, 9, 30)).version == "luat-2022"
    assert law.rule_in_force("CSTDCS", date(2026, 10, 1)).version == "luat-2026"


def test_problems_in_settings_and_history_are_reported_together():
    found = problems(
        {"subject": "individual", "years": [{"year": 2025, "rating": "XS"}]},
        settings={"rules": {"GK": {"years": "two"}}},
    )
    assert set(found) == {"settings.rules.GK.years", "years[0].rating"}


def test_a_chain_counting_a_title_judged_by_a_u_rule_is_itself_u():
    history = cstd_bo_history()
    history["years"][-1]["initiatives"] = initiative("co_so")
    vs = verdicts(history, received_on=date(2026, 10, 1))
    assert vs["CSTDCS"].eligible and vs["CSTDCS"].confidence == "U"
    assert vs["CSTD_BO"].eligible and vs["CSTD_BO"].confidence == "U"
    history["years"][-1]["titles"] = ["LDTT", "CSTDCS"]  # granted: a fact, not a judgement
    assert verdict(history, "CSTD_BO", received_on=date(2026, 10, 1)).confidence == "F"
