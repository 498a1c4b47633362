# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Party API (issue 15, point 2): a single Party body and a single membership with their ETag, a campaign's preview
before sending (who manages the resolution only) and its results export (xlsx, csv, json;
each caller's own cells' rows, a classified resolution's name only for who may read it) —
the pages' services, selectors and builders (party/views/campaigns.py)."""

import csv
import io
import json
from datetime import timedelta

from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.org.models import PartyMembership
from thidua.party import exchange
from thidua.party.models import Resolution

from .conftest import party, resolution_text  # noqa: F401
from .test_separation import state, work  # noqa: F401

API = "/api/v1/party"


def _bearer(user, scopes):
    secret = token_create(
        actor=user, name="Đảng", scopes=scopes, expires_on=timezone.localdate() + timedelta(days=30)
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_body_is_read_with_its_etag_by_who_covers_it(party, state, client):
    url = f"{API}/bodies/{party['cell_a'].pk}"
    client.force_login(party["secretary_a"].user)
    found = client.get(url)
    assert found.status_code == 200, found.content
    assert found.json()["code"] == party["cell_a"].code and found["ETag"]
    assert client.get(url)["ETag"] == found["ETag"]  # the same version, the same tag
    client.force_login(party["office"].user)  # the committee office above it
    assert client.get(url).status_code == 200
    for user in (party["secretary_b"].user, state["administrator"], party["member_a"].user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url, **_bearer(party["secretary_a"].user, ["party:read"])).status_code == 200
    assert client.get(url, **_bearer(party["secretary_a"].user, ["org:read"])).status_code == 403


def test_a_membership_is_read_with_its_etag_by_who_covers_its_body(party, state, client):
    membership = PartyMembership.objects.get(person=party["member_a"])
    url = f"{API}/memberships/{membership.pk}"
    client.force_login(party["secretary_a"].user)
    found = client.get(url)
    assert found.status_code == 200, found.content
    body = found.json()
    assert (
        body["person_id"] == party["member_a"].pk and body["organization_id"] == party["cell_a"].pk
    )
    assert body["joined_party_on"] == "2010-01-01" and found["ETag"]
    PartyMembership.objects.filter(pk=membership.pk).update(status="probationary")
    assert client.get(url)["ETag"] != found["ETag"]  # a changed membership, a new tag
    client.force_login(party["office"].user)
    assert client.get(url).status_code == 200
    # the other cell's secretary, a state role, the member herself: 404
    for user in (party["secretary_b"].user, state["administrator"], party["member_a"].user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url, **_bearer(party["office"].user, ["party:read"])).status_code == 200
    assert client.get(url, **_bearer(party["office"].user, ["org:write"])).status_code == 403


def test_the_preview_counts_the_audience_for_who_sends_it(party, state, work, client):
    url = f"{API}/campaigns/{work['unsent'].pk}/preview"
    client.force_login(party["office"].user)
    preview = client.get(url)
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["recipients"] >= 2 and body["per_channel"]["in_app"] == body["recipients"]
    assert set(body["sms"]) == {"as_written", "no_diacritics"}
    assert body["sms_chosen"]["parts"] >= 1
    # a cell's secretary follows the campaign for her cell but does not send it: 403
    client.force_login(party["secretary_a"].user)
    assert client.get(url).status_code == 403
    client.force_login(state["administrator"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url, **_bearer(party["office"].user, ["party:read"])).status_code == 200
    assert client.get(url, **_bearer(party["office"].user, ["goals:write"])).status_code == 403


def test_the_results_are_exported_in_three_formats_scoped_to_the_callers_cells(
    party, state, work, client
):
    url = f"{API}/campaigns/{work['sent'].pk}/results"
    client.force_login(party["office"].user)
    everyone = client.get(url, {"format": "json"})
    assert everyone.status_code == 200, everyone.content
    assert everyone["Content-Disposition"].endswith(f'campaign-{work["sent"].pk}.json"')
    cells = {row["cell"] for row in json.loads(everyone.content)["members"]}
    assert {party["cell_a"].code, party["cell_b"].code} <= cells
    workbook = client.get(url)  # xlsx by default
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    table = client.get(url, {"format": "csv"})
    assert table.status_code == 200
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert rows[0][0] == exchange.column_header("employee_code") and len(rows) > 1
    # a cell's secretary: her cell's rows only
    client.force_login(party["secretary_a"].user)
    mine = json.loads(client.get(url, {"format": "json"}).content)
    assert {row["cell"] for row in mine["members"]} == {party["cell_a"].code}
    assert client.get(url, {"format": "pdf"}).status_code == 422
    for user in (state["administrator"], party["member_a"].user):
        client.force_login(user)
        assert client.get(url, {"format": "json"}).status_code == 404
    client.logout()
    token = _bearer(party["office"].user, ["messaging:read"])
    assert client.get(url, {"format": "csv"}, **token).status_code == 403


def test_a_classified_resolutions_name_is_left_out_for_a_cell_following_it(party, work, client):
    resolution = work["sent"].digest.resolution
    Resolution.objects.filter(pk=resolution.pk).update(classification="mat")
    url = f"{API}/campaigns/{work['sent'].pk}/results"
    client.force_login(party["secretary_a"].user)
    followed = json.loads(client.get(url, {"format": "json"}).content)
    assert followed["resolution"] is None and followed["members"]
    client.force_login(party["office"].user)
    assert json.loads(client.get(url, {"format": "json"}).content)["resolution"]


def test_the_pages_json_export_leaves_a_classified_name_out_as_the_api_does(party, work, client):
    from django.urls import reverse

    resolution = work["sent"].digest.resolution
    Resolution.objects.filter(pk=resolution.pk).update(classification="mat")
    url = reverse("party:campaign_export", args=[work["sent"].pk, "json"])
    client.force_login(party["secretary_a"].user)
    response = client.get(url)
    assert response.status_code == 200
    followed = json.loads(response.content)
    assert followed["resolution"] is None and followed["members"]
    assert resolution.title not in response.content.decode()
    client.force_login(party["office"].user)
    assert json.loads(client.get(url).content)["resolution"]
