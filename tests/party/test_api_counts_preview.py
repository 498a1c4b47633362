# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""Party API (issue 15, point 2): the inspections' counts for a term as the inspections page
shows them, and a campaign previewed before it is created from the same input as creating it
— the same checks, the same preview as the page's, nothing written. Who covers the body (its
secretary, the committee office above) may; another cell's secretary, a state role and a
stranger may not."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.org.models import Person
from thidua.party import services
from thidua.party.choices import InspectionKind
from thidua.party.models import Campaign, Inspection

from .conftest import party, resolution_text  # noqa: F401
from .test_separation import state, work  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1/party"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _done(actor, body, kind, *, commission=False, on=None):
    on = on or timezone.localdate() - timedelta(days=3)
    inspection = services.inspection_plan(
        actor=actor, kind=kind, by_body=body, planned_on=on, by_commission=commission,
        subject="Thử",
    )  # fmt: skip
    return services.inspection_done(actor=actor, inspection=inspection, done_on=on, findings="Ổn")


def test_the_counts_split_committee_and_commission_as_the_page(party, client):
    office, secretary_a = party["office"].user, party["secretary_a"].user
    _done(office, party["committee"], InspectionKind.KIEM_TRA)
    _done(office, party["committee"], InspectionKind.GIAM_SAT, commission=True)
    _done(secretary_a, party["cell_a"], InspectionKind.GIAM_SAT)
    _done(office, party["committee"], InspectionKind.KIEM_TRA, on=date(2015, 5, 1))  # too old
    services.inspection_plan(  # planned, not done: not counted
        actor=office, kind=InspectionKind.KIEM_TRA, by_body=party["committee"],
        planned_on=timezone.localdate(), subject="Chưa làm",
    )  # fmt: skip
    body = _as(office).get(f"{API}/inspections/counts").json()
    assert body["body_id"] == party["committee"].pk
    assert body["committee"] == {"kiem_tra": 1, "giam_sat": 1}
    assert body["commission"] == {"kiem_tra": 0, "giam_sat": 1}
    assert body["start"] == f"{timezone.localdate().year - 4}-01-01"
    old = _as(office).get(
        f"{API}/inspections/counts",
        {"body_id": party["committee"].pk, "start": "2015-01-01", "end": "2015-12-31"},
    )
    assert old.json()["committee"]["kiem_tra"] == 1
    # the cell's secretary: her cell only, by default too
    cell = _as(secretary_a).get(f"{API}/inspections/counts").json()
    assert cell["body_id"] == party["cell_a"].pk and cell["committee"]["giam_sat"] == 1
    # the page shows the same numbers
    client.force_login(office)
    assert client.get("/party/inspections/").status_code == 200


def test_the_counts_refuse_a_body_not_covered_a_state_role_and_bad_dates(party, state):
    secretary_b = _as(party["secretary_b"].user)
    url = f"{API}/inspections/counts"
    assert secretary_b.get(url, {"body_id": party["committee"].pk}).status_code == 403
    assert secretary_b.get(url, {"body_id": party["cell_a"].pk}).status_code == 403
    for user in (state["administrator"], state["superuser"], party["outsider"].user):
        refused = _as(user).get(url)
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Bạn không phụ trách tổ chức đảng nào."
    reversed_term = secretary_b.get(url, {"start": "2026-06-01", "end": "2026-01-01"})
    assert reversed_term.status_code == 422
    assert "trước ngày bắt đầu" in reversed_term.json()["detail"][0]["msg"]
    assert secretary_b.get(url, {"start": "2026-02-30"}).status_code == 422
    assert _as(party["office"].user).get(url, {"body_id": "abc"}).status_code == 422
    assert Client().get(url).status_code == 401


def _draft(work, **extra):
    return {
        "resolution_id": work["top_resolution"].pk,
        "audience": "committee_subtree",
        "body_ids": [work["top_resolution"].body_id],
        "channels": ["in_app", "email", "sms"],
        **extra,
    }


def test_the_office_previews_a_campaign_before_creating_it_and_nothing_is_written(party, work):
    office = _as(party["office"].user)
    before = (Campaign.objects.count(), AuditEvent.objects.count(), Inspection.objects.count())
    answer = _post(office, f"{API}/campaigns/preview", _draft(work, channels=[]))
    assert answer.status_code == 200, answer.content
    preview = answer.json()
    # the same preview as the created campaign's (same audience, in the app only)
    created = services.campaign_preview(work["unsent"])
    assert preview["recipients"] == created["recipients"] > 0
    assert preview["per_channel"] == created["per_channel"]
    assert preview["per_channel"]["in_app"] == preview["recipients"]
    assert Decimal(preview["price_per_part"]) == created["price_per_part"]
    assert preview["sms_chosen"]["parts"] >= 1
    with_email = _post(office, f"{API}/campaigns/preview", _draft(work)).json()
    if not with_email["email_unavailable"]:  # e-mail to the members who have one
        assert 0 < with_email["per_channel"]["email"] <= with_email["recipients"]
    assert (
        Campaign.objects.count(),
        AuditEvent.objects.count(),
        Inspection.objects.count(),
    ) == before


def test_sms_is_counted_and_priced_only_when_it_really_sends(party, work, settings):
    office = _as(party["office"].user)
    url = f"{API}/campaigns/preview"
    settings.SMS_GATEWAY_URL = ""  # no gateway: chosen, but nothing sent nor priced
    off = _post(office, url, _draft(work)).json()
    assert off["per_channel"]["sms"] == 0 and Decimal(off["sms_chosen"]["cost"]) == 0
    assert "chưa cấu hình cổng gửi SMS" in off["sms_unavailable"]
    settings.SMS_GATEWAY_URL = "http://sms.example/send"
    on = _post(office, url, _draft(work)).json()
    with_phone = Person.objects.filter(
        party_memberships__organization__path__startswith=party["committee"].path
    ).exclude(phone="")
    assert on["sms_unavailable"] == ""
    assert on["per_channel"]["sms"] == with_phone.distinct().count() > 0
    assert Decimal(on["sms_chosen"]["cost"]) > 0
    not_chosen = _post(office, url, _draft(work, channels=["in_app"])).json()
    assert not_chosen["per_channel"]["sms"] == 0 and not_chosen["per_channel"]["email"] == 0
    assert Decimal(not_chosen["sms_chosen"]["cost"]) == 0


def test_a_preview_is_refused_as_creating_is(party, work, state):
    url = f"{API}/campaigns/preview"
    office = _as(party["office"].user)
    # another cell's secretary and state roles do not see the resolution: 404
    for user in (party["secretary_b"].user, state["administrator"], party["outsider"].user):
        assert _post(_as(user), url, _draft(work)).status_code == 404
    # a body not covered: 403; draft key points: 422; cells only for a cells audience: 422
    other = _post(_as(party["secretary_a"].user), url, _draft(work))
    assert other.status_code == 404
    draft_points = _post(
        office,
        url,
        _draft(work, resolution_id=work["cell_resolution"].pk, body_ids=[party["cell_a"].pk]),
    )
    assert draft_points.status_code == 422
    cells = _post(office, url, _draft(work, audience="cells"))
    assert cells.status_code == 422
    roles = _post(office, url, _draft(work, audience="roles"))
    assert roles.status_code == 422 and roles.json()["detail"][0]["msg"]
    assert _post(office, url, _draft(work, body_ids=[])).status_code == 422
    assert _post(office, url, _draft(work, channels=["fax"])).status_code == 422
    assert _post(office, url, {"audience": "committee_subtree"}).status_code == 422
    assert _post(office, url, _draft(work, resolution_id=999999)).status_code == 404
    assert not Campaign.objects.exclude(pk__in=[work["unsent"].pk, work["sent"].pk]).exists()
