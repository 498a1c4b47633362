"""The value checks of the agency settings: each declared setting refuses a value out of its
shape with a Vietnamese message and stores the cleaned value (thidua.core.setting_checks)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core import setting_checks as checks
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import clean, setting_override, spec_of, specs, value
from thidua.core.models import AgencySetting


def _refused(check, raw, said):
    with pytest.raises(ValidationError) as exc:
        check(raw)
    assert said in " ".join(exc.value.messages)


def test_every_declared_setting_has_a_check_that_keeps_its_default():
    for spec in specs():
        assert isinstance(spec.check, checks.Check), spec.key
        assert spec.check(spec.default) == spec.default, spec.key


def test_a_share_is_between_0_and_1():
    share = checks.Share()
    assert share(0.2) == 0.2
    assert share.parse("0,2") == 0.2
    assert share(1) == 1.0
    for bad in (1.5, -0.1, "mười lăm", True, None):
        _refused(share, bad, "từ 0 đến 1")


def test_a_whole_number_has_its_bounds():
    points = checks.Whole(0, 100)
    assert points(90) == 90 and points.parse("90") == 90
    for bad in (101, -1, 2.5, "chín mươi", True):
        _refused(points, bad, "từ 0 đến 100")
    _refused(checks.Whole(1), 0, "ít nhất là 1")


def test_a_number_is_at_least_its_minimum():
    assert checks.Number(0).parse("1,5") == 1.5
    _refused(checks.Number(0), -1, "ít nhất là 0")


def test_a_choice_is_among_the_allowed_values_named_in_words():
    base = spec_of("awards.htxs_cap_base").check
    assert base("htt_only") == "htt_only"
    _refused(base, "htxs_only", "chỉ số xếp loại Hoàn thành tốt nhiệm vụ")


def test_a_list_of_codes_is_among_the_allowed_ones_each_once():
    levels = spec_of("awards.party_clean_levels").check
    assert levels.parse("HTXS, HTT") == ["HTXS", "HTT"]
    _refused(levels, ["HTXS", "HTXS"], "một lần")
    _refused(levels, ["XUAT_SAC"], "XUAT_SAC")


def test_weekdays_off_are_days_of_the_week_not_all_seven():
    days = checks.Weekdays()
    assert days.parse("6, 5") == [5, 6]
    _refused(days, [7], "thứ Hai")
    _refused(days, list(range(7)), "thứ Hai")


def test_a_deadline_is_a_real_day_of_the_year():
    deadline = checks.MonthDay()
    assert deadline.parse("15/12") == "12-15"
    assert deadline.text("12-15") == "15/12"
    _refused(deadline, "02-30", "dd/mm")


def test_multiples_are_numbers_at_least_0_for_known_award_codes():
    multiples = spec_of("awards.reward_multiples_unconfirmed").check
    assert multiples.parse("CSTDCS = 1,5; TLDXS = 2") == {"CSTDCS": 1.5, "TLDXS": 2.0}
    _refused(multiples, {"CSTDCS": -1}, "không nhỏ hơn 0")
    _refused(multiples, {"KHONG_CO": 1}, "KHONG_CO")


def test_a_ballot_setting_is_one_value_or_one_per_title_with_a_default():
    quorum = spec_of("awards.council_quorum").check
    assert quorum.parse({"default": "0,5", "CSTD_BO": "0,8", "LDTT": ""}) == {
        "default": 0.5,
        "CSTD_BO": 0.8,
    }
    assert quorum.parse({"default": "0,5", "CSTD_BO": ""}) == 0.5
    _refused(quorum, {"CSTD_BO": 0.8}, "giá trị chung")
    _refused(quorum, {"default": 2}, "từ 0 đến 1")
    assert quorum.words({"default": 0.5}) == "các danh hiệu còn lại: 0,5"


def test_base_salaries_added_are_dated_amounts_after_the_built_in_ones_each_date_once():
    added = spec_of("awards.base_salary_added").check
    assert added.parse("01/07/2026 2.530.000 Nghị định mới") == [
        {"from": "2026-07-01", "amount": 2_530_000, "basis": "Nghị định mới"}
    ]
    _refused(added, [{"from": "01/07/2024", "amount": 2_340_000}], "01/07/2024")
    _refused(added, [{"from": "2026-07-01", "amount": 2.5}], "số nguyên")
    _refused(added, [{"from": "31/02/2026", "amount": 1}], "dd/mm/yyyy")
    twice = [{"from": "2026-07-01", "amount": 1}, {"from": "01/07/2026", "amount": 2}]
    _refused(added, twice, "một lần")
    assert added.text(added.parse("01/07/2026 2530000")) == "01/07/2026 2.530.000"


def test_an_abbreviation_is_a_short_text():
    _refused(checks.Text(max_length=20), "X" * 21, "20")


def test_an_override_refuses_an_unknown_key_and_a_bad_value_and_stores_the_cleaned_one(db):
    with pytest.raises(ValidationError) as exc:
        setting_override(actor=SYSTEM, key="awards.khong_co", value=1, reason="Thử")
    assert "Không có thiết lập" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        setting_override(actor=SYSTEM, key="awards.cstdcs_cap_share", value=1.5, reason="Thử")
    assert "từ 0 đến 1" in " ".join(exc.value.message_dict["value"])
    assert not AgencySetting.objects.exists()
    setting_override(
        actor=SYSTEM,
        key="awards.base_salary_added",
        value=[{"from": "01/07/2026", "amount": "2.530.000"}],
        reason="Lương cơ sở mới",
    )
    assert value("awards.base_salary_added") == [
        {"from": "2026-07-01", "amount": 2_530_000, "basis": ""}
    ]
    assert clean("org.weekdays_off", [6, 5]) == [5, 6]


def test_the_emulation_office_may_change_a_setting_and_a_staff_member_may_not(org, officer):
    setting_override(actor=officer.user, key="emulation.appeal_days", value=15, reason="Quy chế")
    assert value("emulation.appeal_days") == 15
    with pytest.raises(PermissionDenied):
        setting_override(
            actor=org["staff_a"].user, key="emulation.appeal_days", value=5, reason="Thử"
        )


def test_numbers_that_cannot_be_stored_are_refused():
    for bad in ("1e999", "NaN", "inf", "sNaN", float("inf")):
        _refused(checks.Number(0), bad, "ít nhất là 0")
        _refused(checks.Share(), bad, "từ 0 đến 1")
