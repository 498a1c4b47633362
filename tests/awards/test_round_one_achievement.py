"""One achievement, one award in the yearly round (NĐ 98/2023 art. 4): step f keeps one form
of the same-achievement group per person — the highest, or the one already proposed — and
sets the others aside with the reason; the office may propose a set-aside form only with a
written reason; a bulk refusal stays readable."""

from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.one_achievement import SET_ASIDE, set_aside_lower_forms
from thidua.core.view_helpers import capped_error_text

GROUP = frozenset({"GK", "BK_BO", "BK_TTG"})


@dataclass
class Row:
    code: str
    person_id: int | None
    kept: bool = True
    verdict: dict = field(default_factory=lambda: {"eligible": True, "reasons": []})


def test_only_the_highest_form_of_one_achievement_is_kept():
    rows = [Row("GK", 1), Row("BK_TTG", 1), Row("BK_BO", 1), Row("CSTD_BO", 1), Row("GK", 2)]
    assert set_aside_lower_forms(rows, year=2025, forms=GROUP, taken={}) == 2
    kept = {(r.person_id, r.code) for r in rows if r.kept}
    # the Prime Minister's Bằng khen for person 1; a title outside the group is untouched
    assert kept == {(1, "BK_TTG"), (1, "CSTD_BO"), (2, "GK")}
    gk = rows[0]
    assert "Bằng khen của Thủ tướng Chính phủ" in gk.verdict[SET_ASIDE]
    assert "Nghị định 98/2023/NĐ-CP, Điều 4" in gk.verdict[SET_ASIDE]


def test_a_form_already_proposed_for_the_year_is_the_one_kept():
    rows = [Row("GK", 1), Row("BK_TTG", 1), Row("BK_BO", 1)]
    taken = {1: [{"kind": "proposal", "pk": 7, "code": "BK_BO", "status": "submitted"}]}
    set_aside_lower_forms(
        rows, year=2025, forms=GROUP, taken=taken, describe=lambda r: f"đề nghị số {r['pk']}"
    )
    assert [r.code for r in rows if r.kept] == ["BK_BO"]
    assert "đề nghị số 7" in rows[1].verdict[SET_ASIDE]


def test_the_verdicts_shared_dict_is_not_changed_for_other_people():
    shared = {"eligible": True, "reasons": ["r"]}
    rows = [Row("GK", 1, verdict=shared), Row("BK_BO", 1), Row("GK", 2, verdict=shared)]
    set_aside_lower_forms(rows, year=2025, forms=GROUP, taken={})
    assert SET_ASIDE not in shared and SET_ASIDE not in rows[2].verdict


def test_with_no_group_in_force_nothing_is_set_aside():
    rows = [Row("GK", 1), Row("BK_BO", 1)]
    assert set_aside_lower_forms(rows, year=2025, forms=frozenset(), taken={}) == 0
    assert all(r.kept for r in rows)


def test_a_bulk_refusal_shows_ten_problems_and_counts_the_rest():
    error = ValidationError([f"Người số {i}: chưa đủ điều kiện." for i in range(25)])
    text = capped_error_text(error)
    assert "Người số 9:" in text and "Người số 10:" not in text
    assert text.endswith("và 15 vấn đề khác")


# ---------------------------------------------------------------- with the database


@pytest.mark.django_db
def test_the_office_proposes_a_set_aside_form_only_with_a_reason(officer, section):
    from thidua.awards.choices import RoundStep
    from thidua.awards.models import RoundVerdict
    from thidua.awards.services import round as services

    from .test_round_checks import RECEIVED

    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    step = services._step(round_, RoundStep.CHAINS)
    step.status = "computed"
    step.save()
    verdict = RoundVerdict.objects.create(
        round=round_,
        step=RoundStep.CHAINS,
        code="GK",
        person=section[0],
        eligible=True,
        kept=False,
        verdict={"eligible": True, "reasons": [], SET_ASIDE: "Không giữ để đề nghị: …"},
    )
    with pytest.raises(ValidationError) as caught:
        services.round_verdict_choose(actor=officer.user, verdict=verdict, keep=True, reason="")
    assert "lý do" in caught.value.messages[0]
    services.round_verdict_choose(
        actor=officer.user, verdict=verdict, keep=True, reason="Thành tích đột xuất riêng"
    )
    verdict.refresh_from_db()
    assert verdict.kept and verdict.override_reason == "Thành tích đột xuất riêng"
