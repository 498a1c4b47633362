"""The page "Thiết lập của cơ quan": the emulation office sees every agency setting with its
basis and mark in words, changes one with a reason (audited), and a bad value is refused."""

from django.urls import reverse

from thidua.core.agency_settings import specs, value
from thidua.core.models import AgencySetting, AuditEvent

URL = reverse("agency_settings")


def test_the_office_sees_every_setting_with_its_basis_and_mark_in_words(client, officer):
    client.force_login(officer.user)
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thiết lập của cơ quan" in html
    for spec in specs():
        assert f'id="{spec.key}"' in html
    cap = html[html.index('id="awards.cstdcs_cap_share"') :]
    cap = cap[: cap.index("</section>")]
    assert "Nghị định 91/2017/NĐ-CP" in cap
    assert "chưa xác minh, cần đối chiếu văn bản chính thức" in cap and "trí nhớ" not in cap
    assert "0,15" in cap
    base = html[html.index('id="awards.htxs_cap_base"') :]
    assert "số xếp loại Hoàn thành tốt và Hoàn thành xuất sắc nhiệm vụ" in base[:3000]


def test_the_office_changes_the_cstdcs_cap_with_a_reason(client, officer):
    client.force_login(officer.user)
    page = client.post(
        URL,
        {"key": "awards.cstdcs_cap_share", "value": "0,2", "reason": "Quy chế thi đua của Bộ"},
        follow=True,
    )
    assert page.status_code == 200
    assert value("awards.cstdcs_cap_share") == 0.2
    event = AuditEvent.objects.get(action="setting.overridden")
    assert event.actor == officer.user and event.data["reason"] == "Quy chế thi đua của Bộ"
    html = page.content.decode()
    cap = html[html.index('id="awards.cstdcs_cap_share"') :]
    cap = cap[: cap.index("</section>")]
    assert "0,2" in cap and "Quy chế thi đua của Bộ" in cap and "Vũ Thị Thi Đua" in cap


def test_a_share_above_1_is_refused_with_the_message_and_nothing_saved(client, officer):
    client.force_login(officer.user)
    page = client.post(
        URL, {"key": "awards.cstdcs_cap_share", "value": "1,5", "reason": "Nhập nhầm"}
    )
    assert page.status_code == 400
    assert "Nhập tỷ lệ từ 0 đến 1" in page.content.decode()
    assert 'value="1,5"' in page.content.decode()
    assert not AgencySetting.objects.exists()
    assert not AuditEvent.objects.filter(action="setting.overridden").exists()


def test_a_change_without_a_reason_or_for_an_unknown_key_is_refused(client, officer):
    client.force_login(officer.user)
    page = client.post(URL, {"key": "awards.cstdcs_cap_share", "value": "0,2", "reason": " "})
    assert page.status_code == 400 and "Cần ghi lý do thay đổi" in page.content.decode()
    page = client.post(URL, {"key": "awards.khong_co", "value": "1", "reason": "Thử"})
    assert page.status_code == 400
    assert not AgencySetting.objects.exists()


def test_a_base_salary_added_by_the_office_appears(client, officer):
    client.force_login(officer.user)
    client.post(
        URL,
        {
            "key": "awards.base_salary_added",
            "value": "01/07/2026 2.530.000 Nghị định (minh hoạ)",
            "reason": "Mức lương cơ sở mới",
        },
    )
    assert value("awards.base_salary_added") == [
        {"from": "2026-07-01", "amount": 2_530_000, "basis": "Nghị định (minh hoạ)"}
    ]
    html = client.get(URL).content.decode()
    salary = html[html.index('id="awards.base_salary_added"') :]
    assert "01/07/2026 2.530.000 Nghị định (minh hoạ)" in salary[: salary.index("</section>")]


def test_staff_may_neither_see_nor_change_the_settings(client, org):
    client.force_login(org["staff_a"].user)
    assert client.get(URL).status_code == 403
    page = client.post(URL, {"key": "awards.cstdcs_cap_share", "value": "0,2", "reason": "x"})
    assert page.status_code == 403
    assert not AgencySetting.objects.exists()


def test_the_office_finds_the_page_in_the_menu(client, officer, org):
    client.force_login(officer.user)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(org["staff_a"].user)
    assert URL not in client.get(reverse("home")).content.decode()


def test_multiples_and_ballot_rules_are_typed_per_form_by_name(client, officer):
    client.force_login(officer.user)
    html = client.get(URL).content.decode()
    multiples = html[html.index('id="awards.reward_multiples_unconfirmed"') :]
    multiples = multiples[: multiples.index("</section>")]
    assert "Chiến sĩ thi đua cơ sở: 1; Tập thể lao động xuất sắc: 1,5" in multiples
    client.post(
        URL,
        {
            "key": "awards.reward_multiples_unconfirmed",
            "value:CSTDCS": "1,5",
            "value:TLDXS": "",
            "reason": "Đối chiếu văn bản",
        },
    )
    assert value("awards.reward_multiples_unconfirmed") == {"CSTDCS": 1.5}
    page = client.post(
        URL,
        {
            "key": "awards.council_quorum",
            "value:default": "0,5",
            "value:CSTD_BO": "1,2",
            "reason": "Quy chế",
        },
    )
    assert page.status_code == 400
    assert "Chiến sĩ thi đua cấp Bộ: Nhập tỷ lệ từ 0 đến 1" in page.content.decode()
    client.post(
        URL,
        {
            "key": "awards.council_quorum",
            "value:default": "0,5",
            "value:CSTD_BO": "0,8",
            "reason": "Quy chế",
        },
    )
    assert value("awards.council_quorum") == {"default": 0.5, "CSTD_BO": 0.8}


def test_party_levels_are_ticked_by_name(client, officer):
    client.force_login(officer.user)
    client.post(
        URL, {"key": "awards.party_clean_levels", "value": ["HTXS"], "reason": "Quy định mới"}
    )
    assert value("awards.party_clean_levels") == ["HTXS"]
