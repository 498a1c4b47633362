"""The council session page and the office's home item agree on when a secret ballot can be
counted (issue 11, the round closed end to end): a ballot opened before the minimum number
of votes was a setting carries none in its rule, and both take today's setting
(`selectors.council.ballot_min_votes`) — the page used to say "can be counted" where the
home item and the count itself still waited."""

import pytest
from django.urls import reverse

from thidua.awards.models import Ballot
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services

from . import test_work_items
from .test_work_items import items

pytestmark = pytest.mark.django_db
ballot_session = test_work_items.ballot_session  # the fixture: three seated members, one ballot


def _session_row(client, officer, session):
    client.force_login(officer.user)
    response = client.get(reverse("awards:session_detail", args=[session.pk]))
    assert response.status_code == 200
    return response.context["rows"][0]["ballot"], response.content.decode()


def test_the_session_page_and_the_home_item_wait_for_the_same_votes(
    client, officer, ballot_session
):
    """Three seated members, quorum 2/3 (2 votes), a ballot opened before the setting: the
    minimum of 3 votes in force today applies on both."""
    ballot, seated, session = (ballot_session[k] for k in ("ballot", "seated", "session"))
    rule = {k: v for k, v in ballot.rule.items() if k != "min_votes"}
    Ballot.objects.filter(pk=ballot.pk).update(rule=rule)
    ballot.refresh_from_db()
    assert selectors.ballot_min_votes(ballot.rule, ballot.proposal.code) == 3
    key = f"awards.count:{session.pk}"

    for voter in seated[:2]:
        services.ballot_cast(ballot=ballot, voter_user=voter.user, choice="yes")
    row, page = _session_row(client, officer, session)
    assert row.n_voted == 2 and row.votes_to_count == 3
    assert key not in items(officer.user, "awards.count")  # the home item waits too
    assert any(w in page for w in ("kiểm phiếu được khi đủ 3", "can be counted once 3"))
    assert 'name="count_missing"' not in page  # no offer to count now

    services.ballot_cast(ballot=ballot, voter_user=seated[2].user, choice="yes")
    row, page = _session_row(client, officer, session)
    assert row.n_voted == 3 and row.votes_to_count == 3
    assert items(officer.user, "awards.count")[key].count == 1
    assert not any(w in page for w in ("kiểm phiếu được khi đủ", "can be counted once"))
    services.ballot_close(actor=officer.user, ballot=ballot)  # and the count agrees


def test_a_ballot_with_its_own_minimum_keeps_it(client, officer, ballot_session):
    ballot, session = ballot_session["ballot"], ballot_session["session"]
    Ballot.objects.filter(pk=ballot.pk).update(rule={**ballot.rule, "min_votes": 1})
    services.ballot_cast(ballot=ballot, voter_user=ballot_session["seated"][0].user, choice="yes")
    row, _page = _session_row(client, officer, session)
    assert row.votes_to_count == 2  # the quorum of 3 members, above the ballot's minimum
    assert f"awards.count:{session.pk}" not in items(officer.user, "awards.count")
