# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API: the yearly round's steps (start, run as a job and follow it, confirm, the
verdicts and the office's choice, proposals) and the council (sessions, attendance with
If-Match, proposals before it, decisions, secret ballots, minutes) — for the office only
where the pages are, council members reading and voting; a wrong role, a token without the
scope and a stale ETag refused with nothing written."""

import json
from datetime import date, timedelta

import pytest
from django.test import TestCase

from thidua.accounts.tokens import token_create
from thidua.awards.choices import ProposalStatus, RoundStepStatus
from thidua.awards.models import (
    Ballot,
    BallotVote,
    CommendationRound,
    CouncilMember,
    CouncilSession,
    RoundStepResult,
    RoundVerdict,
)
from thidua.awards.services import council as council_services
from thidua.awards.services import round as round_services

from .test_council_services import approved_path, council  # noqa: F401
from .test_round import run, run_and_confirm

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def _json(client, method, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json", **headers)


def _bearer(person, *scopes) -> dict:
    secret = token_create(
        actor=person.user,
        name="API",
        scopes=list(scopes),
        expires_on=date.today() + timedelta(days=5),
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# ---- the round ---------------------------------------------------------------------------


def test_the_office_runs_the_round_step_by_step_and_others_are_refused(
    officer, org, section, council_member, client
):
    client.force_login(council_member.user)
    start = {"year": 2025, "received_on": "2026-01-15"}
    assert _json(client, "POST", f"{API}/rounds", start).status_code == 403
    assert client.get(f"{API}/rounds").status_code == 403
    assert not CommendationRound.objects.exists()
    client.force_login(officer.user)
    scoped = _json(client, "POST", f"{API}/rounds", start, **_bearer(officer, "awards:read"))
    assert scoped.status_code == 403
    started = _json(client, "POST", f"{API}/rounds", start)
    assert started.status_code == 201, started.content
    assert _json(client, "POST", f"{API}/rounds", start).status_code == 200  # the same round
    assert [r["year"] for r in client.get(f"{API}/rounds").json()["items"]] == [2025]
    assert client.get(f"{API}/rounds/2025/job").status_code == 404
    early = _json(client, "POST", f"{API}/rounds/2025/steps/titles/run")
    assert early.status_code == 422  # the previous step is not confirmed
    etag = client.get(f"{API}/rounds/2025")["ETag"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        ran = _json(client, "POST", f"{API}/rounds/2025/steps/ratings/run", HTTP_IF_MATCH=etag)
    assert ran.status_code == 202, ran.content
    job = client.get(f"{API}/rounds/2025/job").json()
    assert job["id"] == ran.json()["id"] and job["status"] == "succeeded", job
    stale = _json(client, "POST", f"{API}/rounds/2025/steps/ratings/confirm", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert RoundStepResult.objects.get(step="ratings").status == RoundStepStatus.COMPUTED
    client.force_login(council_member.user)
    assert _json(client, "POST", f"{API}/rounds/2025/steps/ratings/confirm").status_code == 403
    client.force_login(officer.user)
    unknowing = _json(client, "POST", f"{API}/rounds/2025/steps/ratings/confirm")
    assert unknowing.status_code == 422
    assert "người chưa có xếp loại chính thức" in unknowing.json()["detail"][0]["msg"]
    confirmed = _json(client, "POST", f"{API}/rounds/2025/steps/ratings/confirm?incomplete_ok=true")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == RoundStepStatus.CONFIRMED
    assert _json(client, "POST", f"{API}/rounds/2025/steps/nope/run").status_code == 422


def test_the_office_keeps_a_capped_person_with_a_reason(officer, org, section, client):
    round_ = round_services.round_start(
        actor=officer.user, year=2025, received_on=date(2026, 1, 15)
    )
    run_and_confirm(round_, ["ratings", "unit_ratings"])
    run(round_, "titles")
    client.force_login(officer.user)
    capped = client.get(f"{API}/rounds/2025/steps/titles/verdicts?code=CSTDCS&only=capped")
    assert capped.status_code == 200, capped.content
    [verdict] = capped.json()["items"]
    url = f"{API}/round-verdicts/{verdict['id']}/choose"
    no_reason = _json(client, "POST", url, {"keep": True})
    assert no_reason.status_code == 422
    assert not RoundVerdict.objects.get(pk=verdict["id"]).kept
    kept = _json(client, "POST", url, {"keep": True, "reason": "Thành tích đột xuất"})
    assert kept.status_code == 200, kept.content
    assert kept.json()["kept"] is True
    assert client.get(f"{API}/rounds/2025").json()["overrides"][0]["reason"] == (
        "Thành tích đột xuất"
    )
    client.force_login(org["head_a"].user)
    refused = _json(client, "POST", url, {"keep": False, "reason": "x"})
    assert refused.status_code == 403
    assert RoundVerdict.objects.get(pk=verdict["id"]).kept


# ---- the council -------------------------------------------------------------------------


@pytest.fixture
def session_with_proposals(org, officer, council, histories):
    ballot_one = approved_path(officer.user, officer, histories["star"])  # CSTĐ: secret ballot
    plain = approved_path(officer.user, officer, histories["steady"], code="LDTT")
    return {"ballot": ballot_one, "plain": plain}


def test_the_office_holds_a_session_and_members_read_it(
    officer, org, council, session_with_proposals, client
):
    client.force_login(org["head_a"].user)
    assert client.get(f"{API}/council/sessions").status_code == 403
    body = {"title": "Phiên họp tháng 1", "held_on": "2026-01-20"}
    assert _json(client, "POST", f"{API}/council/sessions", body).status_code == 403
    client.force_login(council[1].user)
    assert _json(client, "POST", f"{API}/council/sessions", body).status_code == 403
    assert not CouncilSession.objects.exists()
    client.force_login(officer.user)
    created = _json(client, "POST", f"{API}/council/sessions", body)
    assert created.status_code == 201, created.content
    session = created.json()
    assert len(session["members"]) == 10
    url = f"{API}/council/sessions/{session['id']}"
    ids = [session_with_proposals["ballot"].pk, session_with_proposals["plain"].pk]
    added = _json(client, "POST", f"{url}/proposals", {"proposal_ids": ids})
    assert added.status_code == 200, added.content
    assert {p["id"]: p["needs_ballot"] for p in added.json()["proposals"]} == {
        ids[0]: True,
        ids[1]: False,
    }
    # attendance: If-Match required, a stale one refused
    etag = client.get(url)["ETag"]
    present = [m["id"] for m in session["members"]][:8]
    assert (
        _json(client, "POST", f"{url}/attendance", {"present_member_ids": present}).status_code
        == 428
    )
    taken = _json(
        client, "POST", f"{url}/attendance", {"present_member_ids": present}, HTTP_IF_MATCH=etag
    )
    assert taken.status_code == 200, taken.content
    assert sum(m["present"] for m in taken.json()["members"]) == 8
    stale = _json(
        client, "POST", f"{url}/attendance", {"present_member_ids": []}, HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert CouncilMember.objects.filter(present=True).count() == 8
    # the council decides the title without a ballot
    decided = _json(
        client,
        "POST",
        f"{url}/decisions",
        {"proposal_id": ids[1], "approve": True, "note": "Nhất trí"},
    )
    assert decided.status_code == 200, decided.content
    wrong = _json(client, "POST", f"{url}/decisions", {"proposal_id": ids[0], "approve": True})
    assert wrong.status_code == 422  # this one needs a secret ballot
    # members read the session and its minutes, but do not write
    client.force_login(council[2].user)
    assert client.get(url).status_code == 200
    minutes = client.get(f"{url}/minutes")
    assert minutes.status_code == 200
    assert minutes["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _json(client, "POST", f"{url}/close").status_code == 403
    assert CouncilSession.objects.get().status == "open"
    # the office closes it: the proposal still waiting for its ballot is deferred, back to
    # checked for a later session, and the session's detail says it was deferred here
    client.force_login(officer.user)
    closed = _json(client, "POST", f"{url}/close")
    assert closed.status_code == 200, closed.content
    rows = {p["id"]: (p["status"], p["deferred_here"]) for p in closed.json()["proposals"]}
    assert rows == {ids[0]: ("checked", True), ids[1]: ("approved", False)}


def test_a_secret_ballot_opened_by_the_office_voted_once_by_members_and_counted(
    officer, org, council, session_with_proposals, client
):
    session = council_services.session_create(
        actor=officer.user, title="Phiên bỏ phiếu", held_on=date(2026, 1, 20)
    )
    proposal = session_with_proposals["ballot"]
    council_services.session_add_proposals(
        actor=officer.user, session=session, proposals=[proposal]
    )
    url = f"{API}/council/sessions/{session.pk}/ballots"
    client.force_login(council[0].user)
    assert _json(client, "POST", url, {"proposal_id": proposal.pk}).status_code == 403
    client.force_login(officer.user)
    opened = _json(client, "POST", url, {"proposal_id": proposal.pk})
    assert opened.status_code == 201, opened.content
    ballot_id = opened.json()["id"]
    count = f"{API}/ballots/{ballot_id}/close"
    early = _json(client, "POST", count)
    assert early.status_code == 422  # no quorum of votes yet
    client.force_login(org["head_a"].user)  # no seat in the session
    assert (
        _json(client, "POST", f"{API}/ballots/{ballot_id}/vote", {"choice": "yes"}).status_code
        == 403
    )
    assert client.get(f"{API}/ballots").status_code == 403
    for person in council:
        client.force_login(person.user)
        assert [b["voted"] for b in client.get(f"{API}/ballots").json()["items"]] == [False]
        voted = _json(client, "POST", f"{API}/ballots/{ballot_id}/vote", {"choice": "yes"})
        assert voted.status_code == 200, voted.content
    again = _json(client, "POST", f"{API}/ballots/{ballot_id}/vote", {"choice": "no"})
    assert again.status_code == 422
    scoped = _json(
        client,
        "POST",
        f"{API}/ballots/{ballot_id}/vote",
        {"choice": "no"},
        **_bearer(council[-1], "awards:read"),
    )
    assert scoped.status_code == 403
    assert BallotVote.objects.count() == 10
    assert client.get(f"{API}/ballots/{ballot_id}").json()["voted"] is True
    assert _json(client, "POST", count).status_code == 403  # a member does not count
    client.force_login(officer.user)
    counted = _json(client, "POST", count)
    assert counted.status_code == 200, counted.content
    assert counted.json()["result"]["approved"] is True
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    closed = _json(client, "POST", f"{API}/council/sessions/{session.pk}/close")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert Ballot.objects.get().status == "closed"


def test_bad_input_to_the_council_is_a_422_and_writes_nothing(officer, council, client):
    client.force_login(officer.user)
    session = council_services.session_create(
        actor=officer.user, title="Phiên họp", held_on=date(2026, 1, 20)
    )
    url = f"{API}/council/sessions/{session.pk}"
    lone = '{"proposal_id": 1, "approve": true, "note": "\\ud800"}'
    assert client.post(f"{url}/decisions", lone, content_type="application/json").status_code == 422
    assert _json(client, "POST", f"{url}/decisions", {"proposal_id": 1}).status_code == 422
    too_many = {"present_member_ids": list(range(1, 502))}
    answer = _json(client, "POST", f"{url}/attendance", too_many, HTTP_IF_MATCH="*")
    assert answer.status_code == 422
    assert (
        _json(client, "POST", f"{API}/rounds", {"year": 1900, "received_on": "x"}).status_code
        == 422
    )
    assert (
        _json(
            client, "POST", f"{API}/rounds", {"year": 2010, "received_on": "2011-01-15"}
        ).status_code
        == 422
    )
    assert client.get(f"{API}/rounds/2025/steps/nope/verdicts").status_code == 422
    assert _json(client, "POST", f"{API}/ballots/1/vote", {"choice": "maybe"}).status_code == 422
    assert CouncilMember.objects.filter(present=True).count() == len(council)
    assert not CommendationRound.objects.exists()
