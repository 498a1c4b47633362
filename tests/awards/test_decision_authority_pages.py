# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Granting authority on the pages and in the API (issue 11): the new-decision page lists the
approved proposals by the authority that decides them and offers one decision each; a mix is
refused with the proposals named; a Prime Minister's decision is recorded ("Ghi nhận quyết
định của Thủ tướng Chính phủ"), not signed; the API checks the same and says the authority."""

import json

import pytest
from django.urls import reverse

from thidua.awards.models import Award, Decision

from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def _post_json(client, url, data):
    return client.generic("POST", url, json.dumps(data), content_type="application/json")


@pytest.fixture
def mixed(org, officer, council, histories):
    return {
        "minister": approved(officer, histories["steady"], "BK_BO"),
        "pm": approved(officer, histories["star"], "BK_TTG"),
    }


def _checked(html: str, pk: int) -> bool:
    return f'value="{pk}" checked' in html


def test_the_new_decision_page_offers_one_decision_per_authority(client, officer, mixed):
    client.force_login(officer.user)
    url = reverse("awards:decision_new")
    page = client.get(url).content.decode()
    assert "?authority=prime_minister" in page  # the other group's own draft
    assert _checked(page, mixed["minister"].pk) and not _checked(page, mixed["pm"].pk)
    page = client.get(url, {"authority": "prime_minister"}).content.decode()
    assert _checked(page, mixed["pm"].pk) and not _checked(page, mixed["minister"].pk)
    assert '<option value="prime_minister" selected>' in page
    assert 'value="Thủ tướng Chính phủ"' in page  # the issuer until the decision comes
    assert client.get(url, {"authority": "<script>"}).status_code == 400


def test_a_mix_is_refused_on_the_page_naming_the_proposal(client, officer, mixed, histories):
    client.force_login(officer.user)
    response = client.post(
        reverse("awards:decision_new"),
        {
            "authority": "minister",
            "summary": "tặng Bằng khen",
            "issuer": "Bộ Thử nghiệm",
            "proposals": [mixed["minister"].pk, mixed["pm"].pk],
        },
    )
    assert response.status_code == 200 and not Decision.objects.exists()
    page = response.content.decode()
    assert f"Bằng khen của Thủ tướng Chính phủ — {histories['star'].full_name}" in page
    # what was chosen stays chosen
    assert _checked(page, mixed["minister"].pk) and _checked(page, mixed["pm"].pk)


def test_the_prime_ministers_decision_is_recorded_on_its_page(client, officer, mixed, histories):
    client.force_login(officer.user)
    response = client.post(
        reverse("awards:decision_new") + "?authority=prime_minister",
        {
            "authority": "prime_minister",
            "summary": "tặng Bằng khen của Thủ tướng Chính phủ",
            "issuer": "Thủ tướng Chính phủ",
            "proposals": [mixed["pm"].pk],
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and decision.authority == "prime_minister"
    url = reverse("awards:decision_detail", args=[decision.pk])
    page = client.get(url).content.decode()
    assert 'name="issuer"' in page and 'value="Thủ tướng Chính phủ"' in page
    assert 'name="signed_on"' in page and 'name="number"' in page
    response = client.post(
        url, {"number": "345/QĐ-TTg", "signed_on": "2026-03-02", "issuer": "Thủ tướng Chính phủ"}
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.person, award.decision_number, award.issuer) == (
        histories["star"],
        "345/QĐ-TTg",
        "Thủ tướng Chính phủ",
    )
    page = client.get(url).content.decode()
    assert 'name="number"' not in page and "345/QĐ-TTg" in page


def test_the_api_refuses_a_mix_and_records_a_higher_decision(client, officer, mixed, histories):
    client.force_login(officer.user)
    body = {"summary": "tặng Bằng khen", "issuer": "Bộ Thử nghiệm", "authority": "minister"}
    body["proposal_ids"] = [mixed["minister"].pk, mixed["pm"].pk]
    refused = _post_json(client, f"{API}/decisions", body)
    assert refused.status_code == 422 and not Decision.objects.exists()
    assert histories["star"].full_name in json.dumps(refused.json(), ensure_ascii=False)
    assert _post_json(client, f"{API}/decisions", {**body, "authority": "x"}).status_code == 422
    created = _post_json(
        client,
        f"{API}/decisions",
        {
            "summary": "tặng Bằng khen",
            "issuer": "Thủ tướng Chính phủ",
            "proposal_ids": [mixed["pm"].pk],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["authority"] == "prime_minister"
    url = f"{API}/decisions/{created.json()['id']}"
    recorded = _post_json(
        client,
        f"{url}/sign",
        {"number": "345/QĐ-TTg", "signed_on": "2026-03-02", "issuer": "Thủ tướng Chính phủ (ký)"},
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["issuer"] == "Thủ tướng Chính phủ (ký)"
    assert Award.objects.get().issuer == "Thủ tướng Chính phủ (ký)"
    minister = _post_json(
        client, f"{API}/decisions", {**body, "proposal_ids": [mixed["minister"].pk]}
    )
    assert minister.status_code == 201 and minister.json()["authority"] == "minister"
