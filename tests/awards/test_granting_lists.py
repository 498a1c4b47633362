# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""The lists of proposals say who decides each (issue 11, point 1): "Bộ trưởng quyết định" (the
ministry's own decision), "Trình Thủ tướng Chính phủ", "Trình Chủ tịch nước" (its submission);
the approved proposals awaiting a decision are grouped by it and can be shown one authority at
a time; a proposal already in a decision keeps that decision's authority when the split
changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards import authority
from thidua.awards.selectors import granting
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from ..factories import PersonFactory
from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(org, officer, council, histories):
    return {
        "minister": approved(officer, histories["steady"], "BK_BO"),
        "pm": approved(officer, histories["star"], "BK_TTG"),
        "president": approved(
            officer, PersonFactory(unit=org["sec_a"], full_name="Đỗ Văn Huân"), "HCLD3"
        ),
    }


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_the_proposal_list_says_who_decides_each(client, officer, three, histories):
    client.force_login(officer.user)
    page = client.get(reverse("awards:proposal_list"), {"status": "approved"}).content.decode()
    assert "Bộ trưởng quyết định" in _row(page, histories["steady"].full_name)
    assert "Trình Thủ tướng Chính phủ" in _row(page, histories["star"].full_name)
    assert "Trình Chủ tịch nước" in _row(page, "Đỗ Văn Huân")
    assert reverse("awards:decision_new") in page


def test_awaiting_a_decision_grouped_and_filtered_by_authority(client, officer, three):
    client.force_login(officer.user)
    url = reverse("awards:decision_new")
    page = client.get(url).content.decode()
    headings = [page.index(f'id="authority-{g}"') for g in authority.DECISION_LEVELS]
    assert headings == sorted(headings)  # the minister's first, then the submissions
    assert "Bộ trưởng quyết định (1)" in page and "Trình Thủ tướng Chính phủ (1)" in page
    assert "Trình Chủ tịch nước (1)" in page
    only = client.get(url, {"authority": "prime_minister", "only": "1"}).content.decode()
    assert 'id="authority-prime_minister"' in only
    assert 'id="authority-minister"' not in only and 'id="authority-president"' not in only
    assert f'value="{three["pm"].pk}" checked' in only


def test_a_proposal_in_a_decision_keeps_its_decisions_authority(org, officer, three):
    decision = draft(officer, [three["minister"]])
    three["minister"].refresh_from_db()
    setting_override(
        actor=SYSTEM,
        key=authority.SETTING_KEY,
        value={"BK_BO": "prime_minister"},
        reason="Thử",
        valid_from=timezone.localdate(),
    )
    later = approved(officer, PersonFactory(unit=org["sec_b"], full_name="Lê Văn Sau"), "BK_BO")
    words = granting.decides_words([three["minister"], later, three["pm"]])
    assert words[three["minister"].pk] == "Bộ trưởng quyết định"  # in the minister's decision
    assert decision.authority == "minister"
    assert words[later.pk] == "Trình Thủ tướng Chính phủ"  # routed by the setting from today
