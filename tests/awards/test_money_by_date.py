"""Reward money priced at the base salary in force on each decision date (issue 11, point 4):
the dated table, values the office adds, the multiples' marks, and the statistics page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.awards import law
from thidua.awards.selectors.registry import statistics
from thidua.awards.services.registry import award_record
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override, specs
from thidua.core.models import AgencySetting


def give(officer, recipient, code, year, decided):
    target = {"unit": recipient} if hasattr(recipient, "path") else {"person": recipient}
    return award_record(
        actor=officer.user,
        code=code,
        year=year,
        decision_number="12/QĐ-BTTTT",
        decision_date=decided,
        issuer="Bộ trưởng",
        **target,
    )


# ---------------------------------------------------------------- the table, pure


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2013, 5, 1), 1_150_000),
        (date(2016, 4, 30), 1_150_000),
        (date(2016, 5, 1), 1_210_000),
        (date(2017, 7, 1), 1_300_000),
        (date(2018, 7, 1), 1_390_000),
        (date(2019, 7, 1), 1_490_000),
        (date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), 1_800_000),
        (date(2024, 7, 1), 2_340_000),
        (date(2026, 12, 3), 2_340_000),
    ],
)
def test_the_base_salary_in_force_on_a_decision_date(day, amount):
    assert law.base_salary_on(day)[1] == amount


def test_no_base_salary_is_known_before_may_2013():
    assert law.base_salary_on(date(2013, 4, 30)) is None


def test_the_office_adds_a_later_base_salary_and_bad_entries_are_named():
    added = [{"from": "2026-07-01", "amount": 2_530_000, "basis": "Nghị định mới"}]
    table = law.base_salary_table(added)
    assert law.base_salary_on(date(2026, 12, 1), table) == (
        date(2026, 7, 1),
        2_530_000,
        "Nghị định mới",
    )
    assert law.base_salary_on(date(2026, 6, 30), table)[1] == 2_340_000
    bad = [{"from": "1/7/2026", "amount": 2_530_000}, {"from": "2026-07-01", "amount": -1}]
    assert law.base_salary_table(bad) == law.BASE_SALARIES
    assert len(law.base_salary_problems(bad)) == 2
    assert law.base_salary_problems(added) == []


def test_only_the_multiples_confirmed_in_decree_152_carry_f():
    declared = {s.key: s for s in specs()}
    confirmed = declared["awards.reward_multiples"]
    unconfirmed = declared["awards.reward_multiples_unconfirmed"]
    assert confirmed.confidence == "F"
    assert sorted(confirmed.default.values()) == [0.3, 3.0, 4.5]
    assert unconfirmed.confidence == "M"
    assert unconfirmed.default == {"CSTDCS": 1.0, "TLDXS": 1.5}
    assert "awards.base_salary_vnd" not in declared
    assert declared["awards.base_salary_added"].default == []
    assert law.reward_multiple("CSTDCS", confirmed.default, unconfirmed.default) == (1.0, "M")
    assert law.reward_multiple("LDTT", confirmed.default, unconfirmed.default) == (0.3, "F")
    assert law.reward_multiple("BK_BO", confirmed.default, unconfirmed.default) == (None, "")


# ---------------------------------------------------------------- statistics 2015–2020


@pytest.fixture
def awards_2015_2020(org, officer):
    give(officer, org["staff_a"], "CSTD_BO", 2015, date(2016, 3, 1))  # 1.150.000
    give(officer, org["staff_b"], "CSTD_BO", 2016, date(2017, 3, 1))  # 1.210.000
    give(officer, org["staff_a"], "LDTT", 2019, date(2019, 12, 20))  # 1.490.000
    give(officer, org["staff_b"], "CSTDCS", 2018, date(2019, 1, 10))  # 1.390.000, M multiple
    give(officer, org["sec_a"], "BK_BO", 2017, date(2018, 1, 5))  # no multiple


def test_statistics_price_each_award_at_its_own_decision_date(org, officer, awards_2015_2020):
    stats = statistics(viewer=officer.user, year_from=2015, year_to=2020)
    rows = {r.code: r for r in stats.rows}
    assert rows["CSTD_BO"].money == 3 * (1_150_000 + 1_210_000)
    assert rows["CSTD_BO"].multiple_mark == "F"
    assert rows["LDTT"].money == Decimal("447000")  # 0,3 × 1.490.000
    assert stats.unpriced == 0
    assert (rows["CSTDCS"].money, rows["CSTDCS"].multiple_unconfirmed) == (1_390_000, True)
    assert (rows["BK_BO"].multiple, rows["BK_BO"].money) == (None, None)
    assert stats.without_multiple == 1
    assert stats.money == 3 * (1_150_000 + 1_210_000) + 447_000 + 1_390_000
    assert [(b.amount, b.awards) for b in stats.base_salaries] == [
        (1_150_000, 1),
        (1_210_000, 1),
        (1_390_000, 1),
        (1_490_000, 1),
    ]


def test_an_award_decided_before_the_first_base_salary_known_is_not_priced(client, org, officer):
    give(officer, org["staff_a"], "LDTT", 2012, date(2012, 12, 1))
    stats = statistics(viewer=officer.user, year_from=2012, year_to=2012)
    ldtt = {r.code: r for r in stats.rows}["LDTT"]
    assert (ldtt.total, ldtt.money, ldtt.unpriced, stats.unpriced) == (1, 0, 1, 1)
    client.force_login(officer.user)
    html = client.get(reverse("awards:statistics_page"), {"from": 2012, "to": 2012})
    assert "quyết định trước 01/05/2013" in html.content.decode()


def test_a_base_salary_added_by_the_office_prices_later_decisions(org, officer):
    give(officer, org["staff_a"], "CSTD_BO", 2025, date(2026, 8, 1))
    setting_override(
        actor=SYSTEM,
        key="awards.base_salary_added",
        value=[{"from": "2026-07-01", "amount": 2_530_000, "basis": "Nghị định (minh hoạ)"}],
        reason="Mức lương cơ sở mới",
    )
    stats = statistics(viewer=officer.user, year_from=2025, year_to=2025)
    assert {r.code: r.money for r in stats.rows}["CSTD_BO"] == 3 * 2_530_000


def test_an_unconfirmed_multiple_is_a_setting(org, officer):
    give(officer, org["staff_a"], "CSTDCS", 2025, date(2026, 1, 10))
    setting_override(
        actor=SYSTEM,
        key="awards.reward_multiples_unconfirmed",
        value={"CSTDCS": 1.5},
        reason="Đối chiếu văn bản",
    )
    stats = statistics(viewer=officer.user, year_from=2025, year_to=2025)
    assert {r.code: r.money for r in stats.rows}["CSTDCS"] == Decimal("3510000")


def test_the_statistics_page_says_which_forms_have_no_multiple_and_which_salaries_applied(
    client, org, officer, awards_2015_2020
):
    client.force_login(org["staff_b"].user)
    page = client.get(reverse("awards:statistics_page"), {"from": 2015, "to": 2020})
    html = page.content.decode()
    assert "chưa có hệ số" in html
    assert "1.150.000 đ từ 01/05/2013 (Nghị định 66/2013/NĐ-CP): 1 khen thưởng" in html
    assert "quyết định trước 01/05/2013" not in html
    assert "chưa xác minh" in html


def test_a_malformed_base_salary_added_by_the_office_is_shown_not_used(client, org, officer):
    give(officer, org["staff_a"], "CSTD_BO", 2025, date(2026, 8, 1))
    # stored before the settings were checked (setting_override now refuses a malformed entry)
    AgencySetting.objects.update_or_create(
        key="awards.base_salary_added",
        valid_from=date(2000, 1, 1),
        defaults={"value": [{"from": "2026-13-01", "amount": 2_530_000}], "reason": "Nhập sai"},
    )
    stats = statistics(viewer=officer.user, year_from=2025, year_to=2025)
    assert {r.code: r.money for r in stats.rows}["CSTD_BO"] == 3 * 2_340_000
    assert len(stats.salary_problems) == 1
    client.force_login(officer.user)
    html = client.get(reverse("awards:statistics_page"), {"from": 2025, "to": 2025})
    assert "Mục 1: cần" in html.content.decode()
