"""The rating arithmetic (scoring.py): pure Python, no database."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.emulation import scoring
from thidua.emulation.scoring import (
    HT,
    HTT,
    HTXS,
    KHT,
    DisciplineFact,
    KeyResultLine,
    Params,
    PeriodFact,
    ScoringError,
    UnitFacts,
    WorkLine,
)

D = Decimal
KR_20 = Params(kr_share=D("0.2"))


def drafting(**kwargs) -> WorkLine:
    spec = {"name": "Soạn thảo văn bản", "assigned": D(10), "conversion_factor": D(2)}
    return WorkLine(**{**spec, **kwargs})


# ---------------------------------------------------------------- a month
def test_a_month_with_late_work_deducts_a_quarter_of_each_late_items_points_and_says_so():
    score = scoring.month_score(
        general_points=25,
        work=[drafting(completed=D(8), late=D(2))],
        key_results=[KeyResultLine("Hồ sơ số hoá", D("0.5"))],
        params=KR_20,
    )
    # 56 work points (80% of 70); 8 of 10 done → 44,8; each late unit costs 25% of 5,6 → −2,8.
    assert score.explanation[2] == (
        "Soạn thảo văn bản: hoàn thành 8/10 (quy đổi 16/20) → 44,8 điểm; 2 lần chậm tiến độ "
        "mỗi lần trừ 25% điểm của việc đó: −2,8"
    )
    assert score.result_points == D("49.00")  # 42 from work + 7 from a KR half done
    assert score.total == D("74.00")
    assert score.level == HTT
    assert "Kết quả then chốt (1 KR, tiến độ bình quân 50%) → 7/14 điểm" in score.explanation
    assert score.explanation[-1] == (
        "Tổng: 25 + 49 = 74 điểm (từ 70 đến dưới 90) → Hoàn thành tốt nhiệm vụ (HTT)"
    )


def test_quality_failures_deduct_like_delays_and_an_objective_cause_deducts_nothing():
    failed = scoring.month_score(
        general_points=30, work=[drafting(completed=D(10), quality_failed=D(1))]
    )
    excused = scoring.month_score(
        general_points=30,
        work=[drafting(completed=D(10), quality_failed=D(1), objective_cause=True)],
    )
    assert failed.result_points == D("68.25")  # 70 − 25% of 7
    assert (
        "1 lần không đạt yêu cầu chất lượng trừ 25% điểm của việc đó: −1,75"
        in (failed.explanation[2])
    )
    assert excused.result_points == D("70.00")
    assert "do nguyên nhân khách quan: không trừ điểm" in excused.explanation[2]


def test_kinds_of_work_weigh_by_their_converted_units():
    score = scoring.month_score(
        general_points=0,
        work=[
            WorkLine("Báo cáo", assigned=D(1), completed=D(1), conversion_factor=D(3)),
            WorkLine("Công văn", assigned=D(1), completed=D(0), conversion_factor=D(1)),
        ],
    )
    assert score.result_points == D("52.50")  # 3 of 4 converted units done
    assert score.assigned_units == D(4) and score.completed_units == D(3)


def test_a_month_with_neither_work_nor_key_results_scores_only_the_general_points():
    score = scoring.month_score(general_points=20)
    assert (score.result_points, score.total, score.level) == (D("0.00"), D(20), KHT)
    assert "0 điểm kết quả" in score.explanation[1]


@pytest.mark.parametrize("points", [D(-1), D("30.01"), D(100)])
def test_general_points_outside_the_scale_are_refused(points):
    with pytest.raises(ScoringError, match="Điểm tiêu chí chung phải từ 0 đến 30") as info:
        scoring.month_score(general_points=points)
    assert info.value.field == "general_points"


def test_late_work_beyond_what_was_completed_is_refused():
    with pytest.raises(ScoringError, match="chậm tiến độ \\(3\\) không được lớn hơn"):
        scoring.month_score(general_points=10, work=[drafting(completed=D(2), late=D(3))])


def test_a_score_outside_0_to_100_has_no_level():
    with pytest.raises(ScoringError, match="Điểm phải từ 0 đến 100"):
        scoring.level_for(D("100.5"))


@pytest.mark.parametrize(
    ("score", "level"), [(D(90), HTXS), (D("89.99"), HTT), (D(70), HTT), (D(50), HT), (D(49), KHT)]
)
def test_levels_follow_the_thresholds(score, level):
    assert scoring.level_for(score)[0] == level


# ---------------------------------------------------------------- the year
def test_discipline_for_a_duty_violation_forces_kht_with_the_reason():
    outcome = scoring.annual_outcome(
        year=2026,
        periods=[PeriodFact(m, D(95)) for m in range(1, 13)],
        disciplines=[DisciplineFact("khien_trach", True, date(2026, 4, 2), "15/QĐ-CA")],
    )
    assert (outcome.computed_level, outcome.level, outcome.overridden) == (HTXS, KHT, True)
    assert outcome.reasons[-1] == (
        "Bị kỷ luật khiển trách (quyết định số 15/QĐ-CA ngày 02/04/2026) do vi phạm khi thực thi "
        "nhiệm vụ trong năm 2026 → Không hoàn thành nhiệm vụ (KHT)"
    )


def test_discipline_of_another_year_or_not_for_duties_does_not_force_kht():
    outcome = scoring.annual_outcome(
        year=2026,
        periods=[PeriodFact(1, D(80))],
        disciplines=[
            DisciplineFact("canh_cao", True, date(2025, 12, 30)),
            DisciplineFact("khien_trach", False, date(2026, 5, 1)),
        ],
    )
    assert outcome.level == HTT
    assert any("không do vi phạm khi thực thi nhiệm vụ" in r for r in outcome.reasons)


def test_a_transferred_persons_months_from_both_units_count_and_are_named():
    periods = [PeriodFact(m, D(80), "Phòng A1") for m in range(1, 7)]
    periods += [PeriodFact(m, D(92), "Phòng B1") for m in range(7, 13)]
    outcome = scoring.annual_outcome(year=2026, periods=periods, rating_unit_name="Phòng B1")
    assert outcome.score == D("86.00")
    assert (
        "Chuyển công tác trong năm: tháng 1–6 do Phòng A1 chấm; tháng 7–12 do Phòng B1 chấm. "
        "Đơn vị hiện tại (Phòng B1) đánh giá, dùng cả điểm tháng của đơn vị cũ"
    ) in outcome.reasons


def test_before_2026_there_is_no_point_scale_and_the_head_chooses():
    outcome = scoring.annual_outcome(year=2025, periods=[], point_scale=False)
    assert outcome.level == "" and "NĐ 90/2020" in outcome.reasons[0]


# ---------------------------------------------------------------- caps
def test_the_htxs_cap_blocks_with_the_counts():
    cap = scoring.htxs_cap(levels=[HTXS] * 3 + [HTT] * 7 + [HT])
    assert not cap.ok
    assert (cap.proposed, cap.allowed, cap.base) == (3, 2, 10)
    assert cap.message == "Vượt tỷ lệ HTXS: đã đề xuất 3, tối đa 2 (20% của 10 người HTT trở lên)"


def test_the_cap_rises_to_25_percent_when_the_unit_is_htxs():
    levels = [HTXS] * 3 + [HTT] * 9
    assert not scoring.htxs_cap(levels=levels, unit_level=HTT).ok
    cap = scoring.htxs_cap(levels=levels, unit_level=HTXS)
    assert (cap.ok, cap.allowed, cap.exception) == (True, 3, True)
    assert "Áp dụng tỷ lệ ngoại lệ 25% vì đơn vị được xếp loại HTXS" in cap.reasons


def test_outstanding_results_trigger_the_exception_only_when_the_setting_allows_it():
    levels = [HTXS] * 3 + [HTT] * 9
    assert not scoring.htxs_cap(levels=levels, unit_level=HTT, unit_outstanding=True).ok
    relaxed = Params(htxs_cap_exception_needs_unit_htxs=False)
    assert scoring.htxs_cap(levels=levels, unit_outstanding=True, params=relaxed).ok


def test_the_cap_base_can_be_those_rated_htt_only():
    cap = scoring.htxs_cap(levels=[HTXS] * 2 + [HTT] * 8, params=Params(htxs_cap_base="htt_only"))
    assert (cap.base, cap.allowed, cap.ok) == (8, 1, False)
    assert "20% của 8 người xếp loại HTT" in cap.message


def test_a_head_is_never_above_the_unit():
    ok, message = scoring.head_within_unit(head_level=HTXS, unit_level=HTT)
    assert not ok
    assert message == (
        "Người đứng đầu không được xếp loại cao hơn đơn vị: đơn vị xếp loại HTT, đề xuất HTXS"
    )
    assert scoring.head_within_unit(head_level=HTT, unit_level=HTT)[0]


# ---------------------------------------------------------------- units (NĐ 233/2026 art. 7)
@pytest.mark.parametrize(
    ("facts", "level"),
    [
        (UnitFacts(D(92), 10, 10, 10, 3), HTXS),
        (UnitFacts(D(92), 10, 10, 10, 2), HTT),  # under 30% exceeding
        (UnitFacts(D(95), 10, 10, 9, 5), HTT),  # one task late
        (UnitFacts(D(92), 10, 10, 10, 3, (HTT, KHT)), HTT),  # a sub-unit KHT
        (UnitFacts(D(60), 10, 10, 8, 0), HT),  # 20% late is still HT
        (UnitFacts(D(60), 10, 10, 7, 0), KHT),  # 30% late
        (UnitFacts(D(45), 10, 10, 10, 0), KHT),
        (UnitFacts(D(80), 10, 6, 6, 0), KHT),  # under 70% of the plan
    ],
)
def test_unit_levels_follow_article_7(facts, level):
    assert scoring.unit_level(facts)[0] == level


def test_a_unit_level_explains_what_was_missing():
    level, reasons = scoring.unit_level(UnitFacts(D(80), 10, 6, 6, 0))
    assert level == KHT
    assert "Không đạt HTT: thiếu hoàn thành 100% nhiệm vụ" in reasons
    assert reasons[-1] == "→ Không hoàn thành nhiệm vụ (KHT): hoàn thành dưới 70% kế hoạch"


def test_unit_facts_that_cannot_be_are_refused():
    with pytest.raises(ScoringError, match="không được lớn hơn số nhiệm vụ trong kế hoạch"):
        scoring.unit_level(UnitFacts(D(80), 10, 11, 10, 0))


def test_fewer_than_five_units_may_have_one_htxs_and_no_more():
    one = scoring.unit_htxs_cap(levels=[HTXS, HTT, HTT], group_size=3)
    two = scoring.unit_htxs_cap(levels=[HTXS, HTXS, HTT], group_size=3)
    assert (one.ok, one.allowed) == (True, 1)
    assert not two.ok
    assert "nhóm 3 đơn vị, dưới 5: tối đa một đơn vị HTXS" in two.message


def test_the_unit_cap_in_a_larger_group_is_20_percent_or_25_exceptionally():
    levels = [HTXS] * 3 + [HTT] * 9
    assert scoring.unit_htxs_cap(levels=levels, group_size=12).allowed == 2
    assert scoring.unit_htxs_cap(levels=levels, group_size=12, exceptional=True).allowed == 3


def test_numbers_are_written_the_vietnamese_way():
    assert scoring.fmt(D("1234567.891")) == "1.234.567,89"
    assert scoring.fmt(D("-2.80")) == "−2,8"
    assert scoring.fmt(D(10)) == "10"


# ---------------------------------------------------------------- properties
quantity = st.integers(min_value=0, max_value=500).map(D)
factor = st.decimals(min_value=D("0.1"), max_value=D(20), places=1)


@st.composite
def work_lines(draw):
    assigned = draw(st.integers(min_value=1, max_value=200))
    completed = draw(st.integers(min_value=0, max_value=assigned + 20))
    late = draw(st.integers(min_value=0, max_value=completed))
    failed = draw(st.integers(min_value=0, max_value=completed))
    return WorkLine(
        name=draw(st.sampled_from(["Văn bản", "Hồ sơ", "Báo cáo"])),
        assigned=D(assigned),
        completed=D(completed),
        late=D(late),
        quality_failed=D(failed),
        objective_cause=draw(st.booleans()),
        conversion_factor=draw(factor),
    )


key_results = st.lists(
    st.builds(
        KeyResultLine,
        title=st.just("KR"),
        progress=st.decimals(min_value=D(-1), max_value=D(3), places=3),
        weight=st.decimals(min_value=D("0.1"), max_value=D(5), places=1),
    ),
    max_size=4,
)
general = st.decimals(min_value=D(0), max_value=D(30), places=2)
levels = st.lists(st.sampled_from([HTXS, HTT, HT, KHT]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(general, st.lists(work_lines(), max_size=5), key_results)
def test_the_total_always_lies_within_0_and_100(general_points, work, krs):
    score = scoring.month_score(general_points=general_points, work=work, key_results=krs)
    assert D(0) <= score.result_points <= D(70)
    assert D(0) <= score.total <= D(100)
    assert score.total == score.general_points + score.result_points


@settings(max_examples=200, deadline=None)
@given(general, st.lists(work_lines(), min_size=1, max_size=5), key_results, st.data())
def test_another_late_unit_never_raises_the_points(general_points, work, krs, data):
    index = data.draw(st.integers(min_value=0, max_value=len(work) - 1))
    line = work[index]
    if line.late >= line.completed:
        line = WorkLine(**{**line.__dict__, "completed": line.completed + 1})
        work = [*work[:index], line, *work[index + 1 :]]
    later = [
        *work[:index],
        WorkLine(**{**line.__dict__, "late": line.late + 1}),
        *work[index + 1 :],
    ]
    before = scoring.month_score(general_points=general_points, work=work, key_results=krs)
    after = scoring.month_score(general_points=general_points, work=later, key_results=krs)
    assert after.result_points <= before.result_points


@given(levels, st.sampled_from(["", HTT, HTXS]), st.booleans(), st.sampled_from(scoring.CAP_BASES))
def test_the_cap_never_allows_more_than_the_percentage(chosen, unit_level, outstanding, base):
    params = Params(htxs_cap_base=base)
    cap = scoring.htxs_cap(
        levels=chosen, unit_level=unit_level, unit_outstanding=outstanding, params=params
    )
    assert cap.allowed * 100 <= cap.percent * cap.base
    assert cap.percent in (D(20), D(25))
    assert cap.ok == (cap.proposed <= cap.allowed)


@given(levels, st.integers(min_value=1, max_value=60), st.booleans())
def test_the_unit_cap_allows_the_percentage_or_one_in_a_small_group(chosen, size, exceptional):
    cap = scoring.unit_htxs_cap(levels=chosen, group_size=size, exceptional=exceptional)
    limit = 1 if size < 5 else cap.percent * cap.base / 100
    assert cap.allowed <= limit
    assert cap.allowed <= cap.base


@given(
    st.decimals(min_value=D(0), max_value=D(100), places=2),
    st.decimals(min_value=D(0), max_value=D(100), places=2),
)
def test_a_higher_score_never_gets_a_lower_level(a, b):
    low, high = sorted([a, b])
    assert (
        scoring.LEVEL_RANK[scoring.level_for(low)[0]]
        <= scoring.LEVEL_RANK[scoring.level_for(high)[0]]
    )


def test_the_arithmetic_imports_nothing_from_django():
    import ast
    from pathlib import Path

    # scoring.py and its sibling modules (scoring_scale, scoring_year, scoring_units)
    for path in sorted(Path(scoring.__file__).parent.glob("scoring*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {
            alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
        }
        modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(m.startswith(("django", "thidua")) for m in modules), (path.name, modules)
