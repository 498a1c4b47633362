"""The draft list shown again after a refused bulk send (walk-through of 06/12/2026, second
pass): the page is rendered at the send URL (/awards/proposals/send/, POST only), so its
status filter and its page links, relative to the current URL, led to a 405. They now point
at the list itself."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.services import council as services
from thidua.emulation.models import PendingCase

pytestmark = pytest.mark.django_db
LIST = reverse("awards:proposal_list")
SEND = reverse("awards:proposal_send_many")


def test_after_a_refusal_the_filter_and_page_links_lead_to_the_list(
    client, org, histories, monkeypatch
):
    monkeypatch.setattr("thidua.awards.views.council.PROPOSALS_PAGE_SIZE", 1)
    drafts = [
        services.proposal_create(actor=org["head_a"].user, code="LDTT", year=2025, person=p)
        for p in (histories["steady"], histories["star"])
    ]
    PendingCase.objects.create(
        person=histories["star"], kind="complaint", opened_on=date(2026, 1, 5)
    )
    client.force_login(org["head_a"].user)
    response = client.post(SEND, {"proposals": [p.pk for p in drafts], "status": "draft"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa đề nghị nào được gửi" in page
    assert f'<form method="get" action="{LIST}"' in page
    assert f'href="{LIST}?status=draft&amp;page=2"' in page
    assert 'href="?' not in page
    # and they open
    assert client.get(LIST, {"status": "draft", "page": 2}).status_code == 200


def test_the_list_itself_keeps_working_links(client, org, histories, monkeypatch):
    monkeypatch.setattr("thidua.awards.views.council.PROPOSALS_PAGE_SIZE", 1)
    for p in (histories["steady"], histories["star"]):
        services.proposal_create(actor=org["head_a"].user, code="LDTT", year=2025, person=p)
    client.force_login(org["head_a"].user)
    page = client.get(LIST, {"status": "draft"}).content.decode()
    assert f'href="{LIST}?status=draft&amp;page=2"' in page


def test_select_all_says_this_page_when_the_drafts_run_over_a_page(
    client, org, histories, monkeypatch
):
    """thutruong's 76 drafts come 50 a page: "Chọn tất cả" ticks this page's only, so it says so."""
    for p in (histories["steady"], histories["star"]):
        services.proposal_create(actor=org["head_a"].user, code="LDTT", year=2025, person=p)
    client.force_login(org["head_a"].user)
    one_page = client.get(LIST, {"status": "draft"}).content.decode()
    assert "Chọn tất cả" in one_page and "Chọn tất cả trên trang này" not in one_page
    monkeypatch.setattr("thidua.awards.views.council.PROPOSALS_PAGE_SIZE", 1)
    assert "Chọn tất cả trên trang này" in client.get(LIST, {"status": "draft"}).content.decode()
