"""A verdict page says which settings were in force on the date judged (issue 11, point 2):
the eligibility settings ("Thiết lập xét khen thưởng áp dụng từ …" or the law's defaults) and
the agency settings the round applies, each with its value in words and the date it applies
from — the round's page per year and each step's verdicts, the yearly review, a person's
verdict and a proposal's verdict. Links to the settings pages for the emulation office only."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.awards.selectors.settings import settings_in_force_note
from thidua.awards.services import round as round_services
from thidua.awards.services.settings import eligibility_settings_save
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from .test_council_views import session  # noqa: F401

pytestmark = pytest.mark.django_db

CAP = "awards.cstdcs_cap_share"
CAP_WORDS = "Trần Chiến sĩ thi đua cơ sở (tỷ lệ trên số đạt Lao động tiên tiến)"
AGENCY_PAGE = f'href="{reverse("agency_settings")}"'
ELIGIBILITY_PAGE = f'href="{reverse("awards:eligibility_settings")}?on='


def text(html: str) -> str:
    """The page's text with tags dropped and white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def caps():
    """The CSTĐCS cap 20 % from 01/01/2025, then 10 % from 01/06/2026."""
    for value, day in ((0.2, date(2025, 1, 1)), (0.1, date(2026, 6, 1))):
        setting_override(actor=SYSTEM, key=CAP, value=value, reason="Quy chế", valid_from=day)


def test_the_round_page_of_2025_shows_the_cap_in_force_then_after_a_later_change(
    client, officer, caps
):
    round_services.round_start(actor=officer.user, year=2025, received_on=date(2026, 1, 15))
    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    shown = text(page)
    assert "Thiết lập áp dụng vào ngày xét 15/01/2026" in shown
    assert "Thiết lập xét khen thưởng: mặc định theo luật" in shown
    assert f"{CAP_WORDS} : 20 % — áp dụng từ 01/01/2025" in shown
    assert "10 %" not in shown and "01/06/2026" not in shown
    assert "Căn cứ tính trần hoàn thành xuất sắc nhiệm vụ : số xếp loại Hoàn thành tốt" in shown
    assert "Trần tỷ lệ đơn vị hoàn thành xuất sắc nhiệm vụ : 20 % — mặc định theo luật" in shown
    assert "trong sạch, vững mạnh" in shown
    for code in (CAP, "htt_and_htxs", "awards.party_clean_levels", "0.2"):
        assert code not in page
    assert AGENCY_PAGE in page and ELIGIBILITY_PAGE + "2026-01-15" in page
    for link in (reverse("agency_settings"), reverse("awards:eligibility_settings")):
        assert client.get(link, {"on": "2026-01-15"}).status_code == 200  # they open

    step = client.get(reverse("awards:round_step_verdicts", args=[2025, "titles"]))
    shown = text(step.content.decode())
    assert f"{CAP_WORDS} : 20 % — áp dụng từ 01/01/2025" in shown
    assert "Căn cứ tính trần" not in shown  # the step's own settings only


def test_a_round_received_after_the_change_shows_the_new_value(client, officer, caps):
    round_services.round_start(actor=officer.user, year=2026, received_on=date(2026, 12, 6))
    client.force_login(officer.user)
    shown = text(client.get(reverse("awards:round_detail", args=[2026])).content.decode())
    assert f"{CAP_WORDS} : 10 % — áp dụng từ 01/06/2026" in shown


def test_the_review_says_which_eligibility_settings_applied(client, officer, histories):
    eligibility_settings_save(
        actor=officer.user, valid_from=date(2025, 7, 1), values={}, reason="Nghị quyết HĐ"
    )
    client.force_login(officer.user)
    query = {"year": 2025, "received_on": "2026-01-15"}
    for url in (
        reverse("awards:review_page"),
        reverse("awards:review_person", args=[histories["steady"].pk]),
    ):
        page = client.get(url, query).content.decode()
        assert "Thiết lập xét khen thưởng áp dụng từ 01/07/2025" in text(page), url
        assert ELIGIBILITY_PAGE + "2026-01-15" in page


def test_a_proposals_verdict_links_for_the_office_not_for_a_council_member(
    client,
    officer,
    council_member,
    session,  # noqa: F811
):
    proposal = session.proposals.get()
    for user, linked in ((officer.user, True), (council_member.user, False)):
        client.force_login(user)
        page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
        assert "Thiết lập xét khen thưởng: mặc định theo luật" in text(page)
        assert (ELIGIBILITY_PAGE in page) is linked
        assert (AGENCY_PAGE in page) is linked


def test_a_collectives_verdict_shows_the_clean_party_levels(officer, org, council_member):
    with translation.override("vi"):
        note = settings_in_force_note(
            viewer=council_member.user, on=date(2026, 1, 15), keys=("awards.party_clean_levels",)
        )
    [level] = note.agency
    assert level.valid_from is None and "Hoàn thành xuất sắc" in level.value
    assert not note.eligibility_link and not note.agency_link
    office = settings_in_force_note(viewer=officer.user, on=date(2026, 1, 15))
    assert office.eligibility_link and office.agency_link and office.agency == ()


def test_the_round_api_says_which_agency_settings_were_in_force(client, officer, caps):
    """The same settings the round page shows, for another system: value in words, the date
    each applies from (null for the law's default), on the round's receipt date."""
    round_services.round_start(actor=officer.user, year=2025, received_on=date(2026, 1, 15))
    client.force_login(officer.user)
    with translation.override("vi"):
        body = client.get("/api/v1/awards/rounds/2025").json()
    shown = {s["key"]: s for s in body["settings_in_force"]}
    assert shown[CAP]["value"] == "20 %" and shown[CAP]["valid_from"] == "2025-01-01"
    assert shown["emulation.unit_htxs_cap_percent"]["valid_from"] is None
    assert set(shown) == {
        "emulation.htxs_cap_percent",
        "awards.htxs_cap_base",
        "emulation.unit_htxs_cap_percent",
        "emulation.unit_small_group_size",
        CAP,
        "awards.party_clean_levels",
    }
    later = round_services.round_start(actor=officer.user, year=2026, received_on=date(2026, 12, 6))
    assert later.year == 2026
    body = client.get("/api/v1/awards/rounds/2026").json()
    assert {s["key"]: s for s in body["settings_in_force"]}[CAP]["valid_from"] == "2026-06-01"
