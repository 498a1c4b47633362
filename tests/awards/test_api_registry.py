# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Awards API, the registry's reads and the eligibility settings: any staff member reads the
registry with the page's filters and the statistics of a period; the office alone reads the
yearly review (a page of people at a time, as the page judges them) and changes the
settings with If-Match — the same selectors and service as the pages; another role refused
with nothing written, bad input 422, a stale If-Match 412."""

import json
from datetime import date

import pytest

from thidua.awards.models import EligibilitySettings, Proposal
from thidua.awards.selectors import registry as selectors
from thidua.awards.selectors.settings import eligibility_settings
from thidua.awards.services import registry as registry_services
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"
CRITERION = {"rules": {"LDTT": {"agency_criteria": ["tham_gia_phong_trao"]}}}


def _json(client, method, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json", **headers)


@pytest.fixture
def awards(org, officer):
    record = registry_services.award_record
    return [
        record(
            actor=officer.user,
            person=org["staff_a"],
            code="LDTT",
            year=2018,
            decision_number="12/QĐ-BTN",
            decision_date=date(2018, 12, 20),
            issuer="Bộ Thử nghiệm",
        ),
        record(
            actor=officer.user,
            person=org["staff_b"],
            code="CSTDCS",
            year=2019,
            decision_number="13/QĐ-BTN",
            decision_date=date(2019, 12, 20),
            issuer="Bộ Thử nghiệm",
        ),
        record(
            actor=officer.user,
            unit=org["sec_a"],
            code="TLDTT",
            year=2019,
            decision_number="14/QĐ-BTN",
            decision_date=date(2019, 12, 21),
            issuer="Bộ Thử nghiệm",
        ),
    ]


def test_any_staff_member_reads_the_registry_with_the_pages_filters(org, awards, client):
    client.force_login(org["staff_b"].user)
    everything = client.get(f"{API}/registry")
    assert everything.status_code == 200, everything.content
    expected = list(selectors.award_list(viewer=org["staff_b"].user).values_list("pk", flat=True))
    assert [a["id"] for a in everything.json()["items"]] == expected
    in_a = client.get(f"{API}/registry?unit_id={org['dept_a'].pk}").json()["items"]
    assert {a["id"] for a in in_a} == {awards[0].pk, awards[2].pk}
    assert [
        a["id"] for a in client.get(f"{API}/registry?year=2019&code=CSTDCS").json()["items"]
    ] == [awards[1].pk]
    first = client.get(f"{API}/registry?limit=2").json()
    rest = client.get(f"{API}/registry?limit=2&cursor={first['next_cursor']}").json()
    assert [a["id"] for a in first["items"] + rest["items"]] == expected
    assert rest["next_cursor"] is None
    for bad in ("code=NOPE", "year=1800", "unit_id=0", "cursor=%21"):
        assert client.get(f"{API}/registry?{bad}").status_code == 422, bad


def test_statistics_of_a_period_are_the_pages(org, awards, client):
    client.force_login(org["staff_a"].user)
    answer = client.get(f"{API}/statistics?from=2018&to=2019")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    stats = selectors.statistics(viewer=org["staff_a"].user, year_from=2018, year_to=2019)
    assert (data["individual"], data["collective"], data["total"]) == (1 + 1, 1, 3)
    assert data["total"] == stats.total and data["money"] == int(stats.money)
    by_code = {r["code"]: r for r in data["rows"]}
    assert by_code["LDTT"]["individual"] == 1 and by_code["TLDTT"]["collective"] == 1
    only_2019 = client.get(f"{API}/statistics?from=2019&to=2019").json()
    assert only_2019["total"] == 2
    unit_a = client.get(f"{API}/statistics?from=2018&to=2019&unit_id={org['dept_a'].pk}").json()
    assert unit_a["total"] == 2 and unit_a["unit_id"] == org["dept_a"].pk
    assert client.get(f"{API}/statistics?from=abc").status_code == 422


def test_statistics_without_a_period_are_the_last_five_years_and_this_one(org, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 8))
    client.force_login(org["staff_a"].user)
    data = client.get(f"{API}/statistics").json()
    assert (data["year_from"], data["year_to"]) == (2021, 2026)
    assert client.get(f"{API}/statistics?to=2019").json()["year_from"] == 2014
    assert client.get(f"{API}/statistics?from=2024").json()["year_to"] == 2026


def test_the_office_reads_the_yearly_review_a_page_at_a_time(org, officer, histories, client):
    url = f"{API}/review?year=2025&received_on=2026-01-15"
    client.force_login(org["head_a"].user)
    assert client.get(url).status_code == 403
    client.force_login(officer.user)
    answer = client.get(f"{url}&show=all")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    rows = selectors.yearly_review(
        year=2025, received_on=date(2026, 1, 15), viewer=officer.user, processes=1
    )
    assert data["people"] == len(rows) == data["shown"]
    assert sorted(i["person_id"] for i in data["items"]) == sorted(r.person_id for r in rows)
    star = next(i for i in data["items"] if i["person_id"] == histories["star"].pk)
    assert "CSTDCS" in star["eligible"]
    assert data["counts"]["CSTDCS"] >= 1
    ids, cursor = [], ""
    while True:
        page = client.get(f"{url}&show=all&limit=1" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200
        ids += [i["person_id"] for i in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert ids == sorted(r.person_id for r in rows)
    only = client.get(f"{url}&code=CSTDCS").json()["items"]
    assert only and all("CSTDCS" in i["eligible"] for i in only)
    person = client.get(f"{API}/review/{histories['star'].pk}?year=2025&received_on=2026-01-15")
    assert person.status_code == 200, person.content
    assert {v["code"] for v in person.json()["verdicts"]} >= {"LDTT", "CSTDCS"}
    for bad in ("received_on=2023-01-01", "cursor=bm9wZQ", "show=some", "limit=0", "year=2999"):
        assert client.get(f"{API}/review?{bad}").status_code == 422, bad


def test_the_office_changes_the_settings_with_if_match(org, officer, client):
    url = f"{API}/eligibility-settings"
    body = {"valid_from": "2026-01-01", "values": CRITERION, "reason": "Nghị quyết HĐ"}
    client.force_login(org["head_a"].user)
    assert client.get(url).status_code == 403
    assert _json(client, "PUT", url, body, HTTP_IF_MATCH="*").status_code == 403
    client.force_login(officer.user)
    read = client.get(f"{url}?on=2026-01-01")
    assert read.status_code == 200, read.content
    assert read.json()["valid_from"] is None and read.json()["parameters"]
    etag = read["ETag"]
    assert _json(client, "PUT", url, body).status_code == 428
    assert _json(client, "PUT", url, body, HTTP_IF_MATCH='"stale"').status_code == 412
    bad = {**body, "values": {"rules": {"LDTT": {"min_rating": "XYZ"}}}}
    assert _json(client, "PUT", url, bad, HTTP_IF_MATCH=etag).status_code == 422
    assert _json(client, "PUT", url, {**body, "reason": " "}, HTTP_IF_MATCH=etag).status_code == 422
    assert not EligibilitySettings.objects.exists()
    saved = _json(client, "PUT", url, body, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.content
    # the page's effect: dated settings in force from their day, audited with the reason
    assert eligibility_settings(on=date(2026, 1, 15)) == CRITERION
    assert eligibility_settings(on=date(2025, 12, 31)) == {}
    event = AuditEvent.objects.get(action="awards.settings_changed")
    assert event.actor == officer.user and event.data["reason"] == "Nghị quyết HĐ"
    assert saved.json()["valid_from"] == "2026-01-01"
    assert _json(client, "PUT", url, body, HTTP_IF_MATCH=etag).status_code == 412  # now stale


def test_the_office_proposes_from_the_review_as_the_page_does(org, officer, histories, client):
    star, steady = histories["star"], histories["steady"]
    body = {
        "year": 2025,
        "received_on": "2026-01-15",
        "picks": [
            {"person_id": star.pk, "code": "CSTDCS"},
            {"person_id": steady.pk, "code": "CSTD_BO"},  # not eligible: skipped
        ],
    }
    url = f"{API}/review/propose"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", url, body).status_code == 403
    assert not Proposal.objects.exists()
    client.force_login(officer.user)
    for bad in ({**body, "picks": []}, {**body, "picks": [{"person_id": star.pk, "code": "X"}]}):
        assert _json(client, "POST", url, bad).status_code == 422
    assert _json(client, "POST", url, {**body, "received_on": "2023-01-01"}).status_code == 422
    assert not Proposal.objects.exists()
    made = _json(client, "POST", url, body)
    assert made.status_code == 200, made.content
    assert (made.json()["created"], made.json()["skipped"]) == (1, 1)
    proposal = Proposal.objects.get()
    assert made.json()["proposal_ids"] == [proposal.pk]
    assert (proposal.person, proposal.code, proposal.year) == (star, "CSTDCS", 2025)
    assert proposal.verdict["eligible"] is True
    assert proposal.verdict["received_on"] == "2026-01-15"
    again = _json(client, "POST", url, body).json()
    assert again["created"] == 0 and Proposal.objects.count() == 1  # already proposed
