"""Agency settings are dated (issue 11, point 2): a change applies from its date, what is judged
before that date keeps the value in force then; a change for a date that already has one
replaces it (audited before/after with the date); the page shows the date a value applies
from, a change scheduled later and the latest changes; bad input is refused, nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override, settings_table, value, values
from thidua.core.models import AgencySetting, AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("agency_settings")
CAP = "awards.cstdcs_cap_share"
JUNE = date(2026, 6, 1)


def _change(cap: float, valid_from: date | None = JUNE, reason: str = "Quy chế thi đua mới"):
    return setting_override(actor=SYSTEM, key=CAP, value=cap, reason=reason, valid_from=valid_from)


def test_a_change_dated_1_june_2026_leaves_2025_alone_and_applies_by_the_end_of_2026():
    _change(0.2)
    assert value(CAP, on=date(2025, 12, 31)) == 0.15  # the law's default
    assert value(CAP, on=date(2026, 5, 31)) == 0.15
    assert value(CAP, on=JUNE) == 0.2
    assert value(CAP, on=date(2026, 12, 31)) == 0.2
    assert values("awards.", on=date(2025, 12, 31))[CAP] == 0.15
    assert values("awards.", on=date(2026, 12, 31))[CAP] == 0.2
    # a later change does not rewrite what was in force before it
    _change(0.1, valid_from=date(2027, 1, 1))
    assert value(CAP, on=date(2026, 12, 31)) == 0.2
    assert value(CAP, on=date(2027, 1, 1)) == 0.1
    # by default: today
    assert value(CAP) == value(CAP, on=timezone.localdate())


def test_values_is_one_query_however_many_changes(django_assert_num_queries):
    for day, cap in ((date(2024, 1, 1), 0.1), (JUNE, 0.2), (date(2027, 1, 1), 0.3)):
        _change(cap, valid_from=day)
    setting_override(
        actor=SYSTEM, key="awards.ballot_min_votes", value=5, reason="Hội đồng", valid_from=JUNE
    )
    with django_assert_num_queries(1):
        found = values("awards.", on=date(2026, 12, 31))
    assert found[CAP] == 0.2 and found["awards.ballot_min_votes"] == 5
    with django_assert_num_queries(1):
        assert value(CAP, on=date(2025, 1, 1)) == 0.1


def test_a_change_for_a_date_that_has_one_replaces_it_and_the_audit_says_so():
    _change(0.2, reason="Lần đầu")
    _change(0.25, reason="Sửa lại cho đúng nghị quyết")
    (row,) = AgencySetting.objects.filter(key=CAP)
    assert (row.valid_from, row.value, row.reason) == (JUNE, 0.25, "Sửa lại cho đúng nghị quyết")
    first, second = AuditEvent.objects.filter(action="setting.overridden").order_by("pk")
    assert first.data["valid_from"] == "2026-06-01" and not first.data["replaced"]
    assert first.data["changes"] == {"value": [0.15, 0.2], "valid_from": [None, "2026-06-01"]}
    assert second.data["replaced"] and second.data["changes"] == {"value": [0.2, 0.25]}
    assert second.data["reason"] == "Sửa lại cho đúng nghị quyết"


def test_a_change_without_a_date_applies_from_today():
    row = _change(0.2, valid_from=None)
    assert row.valid_from == timezone.localdate()


@pytest.mark.parametrize(
    ("key", "cap", "valid_from", "reason", "field"),
    [
        ("awards.no_such_setting", 0.2, JUNE, "Thử", "key"),
        (CAP, 1.5, JUNE, "Thử", "value"),
        (CAP, 0.2, "01/06/2026", "Thử", "valid_from"),
        (CAP, 0.2, JUNE, "   ", "reason"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_saved(key, cap, valid_from, reason, field):
    with pytest.raises(ValidationError) as caught:
        setting_override(actor=SYSTEM, key=key, value=cap, reason=reason, valid_from=valid_from)
    assert field in caught.value.message_dict
    assert not AgencySetting.objects.exists()
    assert not AuditEvent.objects.filter(action="setting.overridden").exists()


def test_only_the_office_and_administrators_change_a_setting(org):
    with pytest.raises(PermissionDenied):
        setting_override(
            actor=org["head_a"].user, key=CAP, value=0.2, reason="Thử", valid_from=JUNE
        )
    assert not AgencySetting.objects.exists()


def test_the_table_on_a_day_shows_the_value_its_date_the_scheduled_change_and_history(officer):
    _change(0.2, valid_from=date(2025, 1, 1), reason="Quy chế 2025")
    _change(0.3, valid_from=date(2099, 1, 1), reason="Quy chế sau")
    row = next(r for r in settings_table(viewer=officer.user, on=JUNE) if r.spec.key == CAP)
    assert (row.value, row.valid_from, row.reason, row.changed) == (
        0.2,
        date(2025, 1, 1),
        "Quy chế 2025",
        True,
    )
    assert [(c.valid_from, c.value) for c in row.scheduled] == [(date(2099, 1, 1), 0.3)]
    assert [c.valid_from for c in row.history] == [date(2099, 1, 1), date(2025, 1, 1)]
    before = next(
        r for r in settings_table(viewer=officer.user, on=date(2024, 1, 1)) if r.spec.key == CAP
    )
    assert (before.value, before.valid_from, before.changed) == (0.15, None, False)


def _section(html: str, key: str) -> str:
    part = html[html.index(f'id="{key}"') :]
    return part[: part.index("</section>")]


def test_the_page_changes_a_setting_from_a_date_and_shows_it(client, officer):
    client.force_login(officer.user)
    page = client.post(
        URL,
        {"key": CAP, "value": "0,2", "reason": "Quy chế 2026", "valid_from": "01/06/2026"},
        follow=True,
    )
    assert page.status_code == 200
    assert "áp dụng từ ngày 01/06/2026" in page.content.decode()
    assert AgencySetting.objects.get(key=CAP).valid_from == JUNE
    event = AuditEvent.objects.get(action="setting.overridden")
    assert event.data["valid_from"] == "2026-06-01" and event.actor == officer.user
    client.post(
        URL, {"key": CAP, "value": "0,3", "reason": "Quy chế sau", "valid_from": "01/01/2099"}
    )
    cap = _section(client.get(URL).content.decode(), CAP)
    assert "Áp dụng từ" in cap and "01/06/2026" in cap  # in force today, from its date
    assert "Thay đổi đã hẹn" in cap and "từ 01/01/2099:" in cap and "0,3" in cap
    assert "Các thay đổi gần đây" in cap
    assert "Quy chế 2026" in cap and "Quy chế sau" in cap and "Vũ Thị Thi Đua" in cap
    # the form offers today's date
    assert f'name="valid_from" value="{timezone.localdate():%d/%m/%Y}"' in cap


def test_the_page_refuses_a_bad_date_and_keeps_what_was_typed(client, officer):
    client.force_login(officer.user)
    page = client.post(
        URL, {"key": CAP, "value": "0,2", "reason": "Quy chế", "valid_from": "31/02/2026"}
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Nhập ngày bắt đầu áp dụng theo dạng dd/mm/yyyy." in html
    assert 'value="31/02/2026"' in html
    assert not AgencySetting.objects.exists()


def test_the_page_is_refused_to_a_unit_head(client, org):
    client.force_login(org["head_a"].user)
    page = client.post(
        URL, {"key": CAP, "value": "0,2", "reason": "Thử", "valid_from": "01/06/2026"}
    )
    assert page.status_code == 403
    assert client.get(URL).status_code == 403
    assert not AgencySetting.objects.exists()
