"""Legal corrections of issue 11 on ratings: the facts that make a year KHT whatever the
score (recorded on the rating, applied, shown), and the unit band the decree leaves open."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import AuditEvent
from thidua.emulation import scoring
from thidua.emulation.scoring import HT, KHT, Params, UnitFacts
from thidua.emulation.services import ratings as services

from .test_ratings_services import drafting, frozen_today, score_month  # noqa: F401

# ---------------------------------------------------------------- scoring, pure


def test_degradation_and_a_leaders_corruption_make_the_year_kht_whatever_the_score():
    outcome = scoring.annual_outcome(
        year=2026,
        periods=[scoring.PeriodFact(1, D(95))],
        degradation=True,
        corruption_waste=True,
        conduct_note="Kết luận số 12-KL/ĐU ngày 10/06/2026",
    )
    assert (outcome.computed_level, outcome.level, outcome.overridden) == ("HTXS", KHT, True)
    assert (
        "Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống trong năm 2026 "
        "(Kết luận số 12-KL/ĐU ngày 10/06/2026) → Không hoàn thành nhiệm vụ (KHT)"
    ) in outcome.reasons
    assert (
        "Là người lãnh đạo, để xảy ra tham nhũng, lãng phí tại cơ quan, đơn vị do mình trực "
        "tiếp phụ trách trong năm 2026 (Kết luận số 12-KL/ĐU ngày 10/06/2026) → Không hoàn "
        "thành nhiệm vụ (KHT)"
    ) in outcome.reasons


def test_without_those_facts_the_score_decides():
    outcome = scoring.annual_outcome(year=2026, periods=[scoring.PeriodFact(1, D(95))])
    assert outcome.level == "HTXS" and not outcome.overridden


# ---------------------------------------------------------------- recorded on the rating


def test_the_head_records_a_degradation_conclusion_and_the_rating_becomes_kht(org, drafting):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3, general=30)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    assert rating.computed_level == "HTXS"
    rating = services.rating_record_conduct_facts(
        actor=head.user,
        rating=rating,
        degradation=True,
        corruption_waste=False,
        note="Kết luận số 5-KL/ĐU ngày 02/09/2026",
    )
    rating.refresh_from_db()
    assert rating.kht_degradation and rating.computed_level == KHT
    assert any(r.startswith("Có kết luận suy thoái") for r in rating.reasons)
    assert "rating.conduct_facts_recorded" in set(
        AuditEvent.objects.filter(target_id=str(rating.pk)).values_list("action", flat=True)
    )
    services.rating_self_assess(actor=staff.user, rating=rating, text="Tự đánh giá")
    with pytest.raises(ValidationError) as info:
        services.rating_propose(actor=head.user, rating=rating, level="HTT")
    assert "phải xếp loại KHT" in info.value.message_dict["level"][0]
    services.rating_propose(actor=head.user, rating=rating, level=KHT)


def test_a_conduct_fact_needs_its_conclusion_and_the_right_person(org, drafting):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    with pytest.raises(ValidationError) as info:
        services.rating_record_conduct_facts(
            actor=head.user, rating=rating, degradation=False, corruption_waste=True, note=" "
        )
    assert "note" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        services.rating_record_conduct_facts(
            actor=staff.user, rating=rating, degradation=True, corruption_waste=False, note="KL"
        )
    rating.refresh_from_db()
    assert not rating.kht_corruption_waste and not rating.kht_degradation


def test_clearing_the_facts_gives_the_score_its_level_back(org, drafting):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3, general=30)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    rating = services.rating_record_conduct_facts(
        actor=head.user, rating=rating, degradation=True, corruption_waste=False, note="KL 1"
    )
    assert rating.computed_level == KHT
    rating = services.rating_record_conduct_facts(
        actor=head.user, rating=rating, degradation=False, corruption_waste=False
    )
    assert rating.computed_level == "HTXS"


def test_the_rating_page_shows_the_facts_and_the_rules_in_words(org, drafting, client):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3, general=30)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    services.rating_record_conduct_facts(
        actor=head.user,
        rating=rating,
        degradation=True,
        corruption_waste=False,
        note="Kết luận số 5-KL/ĐU",
    )
    client.force_login(head.user)
    page = client.get(
        reverse("emulation:rating_detail", args=[rating.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống trong năm 2026" in page
    assert "Kết luận số 5-KL/ĐU" in page
    assert "Nghị định 335/2025/NĐ-CP" in page
    assert "nd335-2025" not in page


# ---------------------------------------------------------------- the unit band (M)


def test_a_unit_with_most_but_not_all_of_its_plan_is_ht_by_default_and_says_why():
    level, reasons = scoring.unit_level(UnitFacts(D(80), 10, 8, 8, 0))
    assert level == HT
    assert "không quy định rõ trường hợp này" in reasons[-1]
    assert "chưa xác minh" in reasons[-1]


def test_the_band_is_an_agency_setting():
    params = Params.from_settings({"emulation.unit_partial_plan_level": "KHT"})
    level, reasons = scoring.unit_level(UnitFacts(D(80), 10, 8, 8, 0), params)
    assert level == KHT and reasons[-1].endswith("→ Không hoàn thành nhiệm vụ (KHT)")
    assert Params.from_settings({"emulation.unit_partial_plan_level": "HTXS"}) == Params()


def test_the_band_does_not_cover_units_under_70_percent_or_too_late():
    assert scoring.unit_level(UnitFacts(D(80), 10, 6, 6, 0))[0] == KHT
    assert scoring.unit_level(UnitFacts(D(80), 10, 8, 5, 0))[0] == KHT  # 30% late


def test_the_band_setting_is_declared_with_its_basis_and_mark_m():
    from thidua.core.agency_settings import specs

    spec = next(s for s in specs() if s.key == "emulation.unit_partial_plan_level")
    assert spec.default == "HT" and spec.confidence == "M" and "Điều 7" in spec.basis


def test_the_unit_ratings_page_shows_the_band_setting(org, officer, client):
    setting_override(
        actor=SYSTEM, key="emulation.unit_partial_plan_level", value="KHT", reason="Quy chế Bộ"
    )
    client.force_login(officer.user)
    page = client.get(
        reverse("emulation:rating_unit_ratings", args=[org["root"].pk, 2026]),
        HTTP_ACCEPT_LANGUAGE="vi",
    ).content.decode()
    assert 'id="partial-plan-rule"' in page
    assert "Nghị định 233/2026/NĐ-CP, Điều 7 không quy định rõ" in page
    assert "được xếp loại: Không hoàn thành" in page


def test_the_head_records_the_facts_from_the_rating_page(org, drafting, client):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3, general=30)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    url = reverse("emulation:rating_detail", args=[rating.pk])
    client.force_login(head.user)
    assert 'id="conduct-facts"' in client.get(url).content.decode()
    client.post(
        reverse("emulation:rating_conduct_facts", args=[rating.pk]),
        {"degradation": "on", "note": "Kết luận số 9-KL/ĐU"},
    )
    rating.refresh_from_db()
    assert rating.kht_degradation and rating.computed_level == KHT
    client.force_login(staff.user)
    assert 'id="conduct-facts"' not in client.get(url).content.decode()
    response = client.post(
        reverse("emulation:rating_conduct_facts", args=[rating.pk]), {"note": "x"}
    )
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.kht_degradation


def test_corruption_or_waste_applies_to_leaders_only(org, officer, drafting):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score_month(actor=head, person=staff, item=drafting, month=3)
    rating = services.annual_rating_prepare(actor=staff.user, person=staff, year=2026)
    with pytest.raises(ValidationError) as info:
        services.rating_record_conduct_facts(
            actor=head.user, rating=rating, degradation=False, corruption_waste=True, note="KL"
        )
    assert "lãnh đạo, quản lý" in info.value.message_dict["corruption_waste"][0]
    head_rating = services.annual_rating_prepare(actor=officer.user, person=head, year=2026)
    head_rating = services.rating_record_conduct_facts(
        actor=officer.user,
        rating=head_rating,
        degradation=False,
        corruption_waste=True,
        note="Kết luận thanh tra số 9/KL-TTr",
    )
    assert head_rating.computed_level == KHT
    assert any(r.startswith("Là người lãnh đạo, để xảy ra tham nhũng") for r in head_rating.reasons)
