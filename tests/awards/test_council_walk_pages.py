"""The council pages as the office walks them (walk-through of 06/12/2026): a proposal's history
names the session it was put before in Vietnamese; the session's date is offered for change only
while it may change, and the page and the refusal say why it may not (a ballot opened with no
vote yet is not "the council has voted"); a closed session's attendance is read-only, and so is
a session's before its date (the service refuses attendance before the day)."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.services import council as services

from .test_council_services import approved_path, member

pytestmark = pytest.mark.django_db

BALLOT_OPEN = "Tại phiên họp này đã mở bỏ phiếu kín theo quy định áp dụng vào ngày họp"


@pytest.fixture
def session(org, officer, council_member, histories):
    member(org, "tv-a")
    member(org, "tv-b")
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(
        actor=officer.user, title="Phiên họp bổ sung", held_on=date(2026, 1, 5)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    return session


def test_the_proposal_history_names_its_session_in_vietnamese(client, officer, session):
    client.force_login(officer.user)
    proposal = session.proposals.get()
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Phiên họp Hội đồng: Phiên họp bổ sung" in page
    assert "Council session" not in page


def test_the_date_form_goes_once_a_ballot_is_open_and_the_refusal_says_why(
    client, officer, session
):
    client.force_login(officer.user)
    url = reverse("awards:session_detail", args=[session.pk])
    reschedule = reverse("awards:session_reschedule", args=[session.pk])
    assert reschedule in client.get(url).content.decode()

    services.ballot_open(actor=officer.user, session=session, proposal=session.proposals.get())
    page = client.get(url).content.decode()
    assert reschedule not in page
    assert BALLOT_OPEN in page

    refused = client.post(reschedule, {"held_on": "2026-01-10"}, follow=True)
    said = [str(m) for m in refused.context["messages"]]
    assert any(BALLOT_OPEN in m for m in said), said
    assert not any("đã bỏ phiếu hoặc quyết định" in m for m in said)
    session.refresh_from_db()
    assert session.held_on == date(2026, 1, 5)


def test_a_closed_sessions_attendance_is_read_only(client, officer, session):
    services.session_close(actor=officer.user, session=session)
    client.force_login(officer.user)
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    assert "Lưu điểm danh" not in page
    assert reverse("awards:session_reschedule", args=[session.pk]) not in page


def test_attendance_is_offered_from_the_sessions_day(client, officer, council_member):
    later = services.session_create(
        actor=officer.user, title="Phiên họp sau", held_on=date(2099, 1, 12)
    )
    client.force_login(officer.user)
    page = client.get(reverse("awards:session_detail", args=[later.pk])).content.decode()
    assert "Lưu điểm danh" not in page
    assert reverse("awards:session_reschedule", args=[later.pk]) in page
