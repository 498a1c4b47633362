# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API: changing a council session's date (issue 11; issue 15, point 2: the API does
what the page `awards:session_reschedule` does, through the same service). The office moves
an open session while the council has done nothing at it, audited as on the page; council
members and staff are refused; a session with a secret ballot opened, a decision taken, or
closed keeps its date, and a bad date is a 422 in Vietnamese — nothing written in each case."""

import json
from datetime import date, timedelta

import pytest

from thidua.accounts.tokens import token_create
from thidua.awards.choices import AwardsAudit
from thidua.awards.models import CouncilSession
from thidua.awards.services import council as services
from thidua.core.audit import audit_for
from thidua.core.models import AuditEvent

from .test_council_services import approved_path, council  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/awards/council/sessions"
HELD_ON = date(2026, 1, 20)
BALLOT_OPEN = "Tại phiên họp này đã mở bỏ phiếu kín theo quy định áp dụng vào ngày họp"
DECIDED = "Hội đồng đã bỏ phiếu hoặc quyết định tại phiên này: không đổi được ngày họp."


def _post(client, url, data, **headers):
    return client.generic("POST", url, json.dumps(data), content_type="application/json", **headers)


def _messages(response) -> list[str]:
    return [item["msg"] for item in response.json()["detail"]]


@pytest.fixture
def session(org, officer, council, histories):
    """An open session with a proposal that needs a secret ballot (CSTĐ) and one that does
    not (LĐTT) before it."""
    found = services.session_create(actor=officer.user, title="Phiên họp tháng 1", held_on=HELD_ON)
    proposals = [
        approved_path(officer.user, officer, histories["star"]),
        approved_path(officer.user, officer, histories["steady"], code="LDTT"),
    ]
    services.session_add_proposals(actor=officer.user, session=found, proposals=proposals)
    return found


def _unchanged(session) -> None:
    session.refresh_from_db()
    assert session.held_on == HELD_ON
    assert not AuditEvent.objects.filter(action=AwardsAudit.SESSION_RESCHEDULED).exists()


def test_the_office_moves_the_session_and_the_change_is_audited(officer, session, client):
    client.force_login(officer.user)
    url = f"{API}/{session.pk}/date"

    moved = _post(client, url, {"held_on": "2026-02-03"})

    assert moved.status_code == 200, moved.content
    assert moved.json()["held_on"] == "2026-02-03"
    assert len(moved.json()["proposals"]) == 2  # the session's detail, as its GET
    session.refresh_from_db()
    assert session.held_on == date(2026, 2, 3)
    event = audit_for(session).get(action=AwardsAudit.SESSION_RESCHEDULED)
    assert event.actor == officer.user
    assert event.data == {"before": "2026-01-20", "after": "2026-02-03"}
    assert client.get(f"{API}/{session.pk}").json()["held_on"] == "2026-02-03"


def test_if_match_is_checked_when_sent(officer, session, client):
    client.force_login(officer.user)
    url = f"{API}/{session.pk}/date"
    etag = client.get(f"{API}/{session.pk}")["ETag"]

    assert _post(client, url, {"held_on": "2026-02-03"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = _post(client, url, {"held_on": "2026-02-10"}, HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    session.refresh_from_db()
    assert session.held_on == date(2026, 2, 3)
    assert AuditEvent.objects.filter(action=AwardsAudit.SESSION_RESCHEDULED).count() == 1
    assert _post(client, url, {"held_on": "2026-02-10"}, HTTP_IF_MATCH="*").status_code == 200


def test_council_members_staff_and_a_read_only_token_are_refused(
    org, officer, council, session, client
):
    url = f"{API}/{session.pk}/date"
    for user in (council[0].user, org["staff_a"].user, org["head_a"].user):
        client.force_login(user)
        refused = _post(client, url, {"held_on": "2026-02-03"})
        assert refused.status_code == 403, (user, refused.content)
    client.force_login(officer.user)
    secret = token_create(
        actor=officer.user,
        name="API",
        scopes=["awards:read"],
        expires_on=date.today() + timedelta(days=5),
    ).secret
    scoped = _post(client, url, {"held_on": "2026-02-03"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert scoped.status_code == 403
    _unchanged(session)


def test_a_member_is_refused_before_the_session_is_looked_up(council, client):
    client.force_login(council[0].user)
    assert _post(client, f"{API}/999999/date", {"held_on": "2026-02-03"}).status_code == 403


def test_an_unknown_session_is_a_404_for_the_office(officer, client):
    client.force_login(officer.user)
    assert _post(client, f"{API}/999999/date", {"held_on": "2026-02-03"}).status_code == 404


def test_a_session_with_a_secret_ballot_opened_keeps_its_date(officer, session, client):
    proposal = session.proposals.get(code="CSTD_BO")
    services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    client.force_login(officer.user)

    refused = _post(client, f"{API}/{session.pk}/date", {"held_on": "2026-02-03"})

    assert refused.status_code == 422
    said = _messages(refused)
    assert any(BALLOT_OPEN in m for m in said), said
    _unchanged(session)


def test_a_session_where_the_council_decided_keeps_its_date(officer, session, client):
    proposal = session.proposals.get(code="LDTT")
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    client.force_login(officer.user)

    refused = _post(client, f"{API}/{session.pk}/date", {"held_on": "2026-02-03"})

    assert refused.status_code == 422
    assert _messages(refused) == [DECIDED]
    _unchanged(session)


def test_a_held_and_closed_session_keeps_its_date(officer, session, client):
    services.session_close(actor=officer.user, session=session)
    client.force_login(officer.user)

    refused = _post(client, f"{API}/{session.pk}/date", {"held_on": "2026-02-03"})

    assert refused.status_code == 422
    assert _messages(refused) == ["Phiên họp đã kết thúc."]
    _unchanged(session)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"held_on": "2026-02-30"}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"held_on": "20/01/2026"}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"held_on": "2026-02-03T09:00:00"}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"held_on": 1767225600}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"held_on": ""}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"held_on": None}, "Hãy nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({}, "Trường này là bắt buộc."),
    ],
)
def test_a_bad_date_is_a_422_in_vietnamese_and_changes_nothing(
    officer, session, client, body, message
):
    client.force_login(officer.user)

    refused = _post(client, f"{API}/{session.pk}/date", body)

    assert refused.status_code == 422, refused.content
    assert _messages(refused) == [message]
    assert refused.json()["detail"][0]["loc"][-1] == "held_on"
    _unchanged(session)
    assert CouncilSession.objects.get().held_on == HELD_ON
