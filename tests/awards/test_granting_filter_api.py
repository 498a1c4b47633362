# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Who decides each proposal, beyond the column (issue 11): /awards/proposals/ filters by it
(`?authority=`, kept by the pager and the status filter, for each role that sees the list; an
unknown value leaves the list unfiltered with a notice, never an error), and the API gives it
on each proposal (code, name, words) and a decision's authority name and Tờ trình number."""

import re

import pytest
from django.urls import reverse

from thidua.awards.api_schemas import ProposalOut
from thidua.awards.models import Proposal

from ..factories import PersonFactory
from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved, draft
from .test_granting_lists import three  # noqa: F401

pytestmark = pytest.mark.django_db

LIST = reverse("awards:proposal_list")


def _names(page: str) -> set[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return {
        name
        for name in ("Lê Văn Nam", "Trần Thị Hoa", "Đỗ Văn Huân")
        if re.search(rf">{name}</a>", body)
    }


@pytest.mark.parametrize("who", ["officer", "head", "member"])
def test_each_role_that_sees_the_list_can_filter_it_by_authority(
    client, org, officer, council, three, who
):
    user = {"officer": officer.user, "head": org["head_a"].user, "member": council[0].user}[who]
    client.force_login(user)
    everyone = {"Lê Văn Nam", "Trần Thị Hoa", "Đỗ Văn Huân"}
    assert _names(client.get(LIST).content.decode()) == everyone
    expected = {
        "minister": {"Lê Văn Nam"},
        "prime_minister": {"Trần Thị Hoa"},
        "president": {"Đỗ Văn Huân"},
    }
    for level, names in expected.items():
        page = client.get(LIST, {"authority": level}).content.decode()
        assert _names(page) == names, level
        assert f'<option value="{level}" selected>' in page
    page = client.get(LIST, {"authority": "prime_minister", "status": "approved"}).content.decode()
    assert _names(page) == {"Trần Thị Hoa"}
    assert 'value="approved" selected' in page


def test_a_proposal_in_a_decision_is_filtered_by_its_decisions_authority(client, officer, three):
    draft(officer, [three["minister"]])
    client.force_login(officer.user)
    page = client.get(LIST, {"authority": "minister"}).content.decode()
    assert _names(page) == {"Lê Văn Nam"}


def test_the_pager_keeps_the_authority_and_status(client, org, officer, three, monkeypatch):
    approved(officer, PersonFactory(unit=org["sec_a"], full_name="Lê Văn Sau"), "BK_BO")
    monkeypatch.setattr("thidua.awards.views.council.PROPOSALS_PAGE_SIZE", 1)
    client.force_login(officer.user)
    query = {"status": "approved", "authority": "minister"}
    first = client.get(LIST, query).content.decode()
    assert "?status=approved&amp;authority=minister&amp;page=2" in first
    assert "1 / 2" in first
    second = client.get(LIST, {**query, "page": "2"}).content.decode()
    assert len(_names(first) | _names(second)) == 1  # Lê Văn Nam on one, Lê Văn Sau on the other
    assert ("Lê Văn Sau" in first) != ("Lê Văn Sau" in second)
    assert '<option value="minister" selected>' in second


@pytest.mark.parametrize("value", ["governor", "x" * 3000, "minister' OR 1=1", "unit_head"])
def test_an_unknown_authority_leaves_the_list_unfiltered_with_a_notice(
    client, officer, three, value
):
    client.force_login(officer.user)
    response = client.get(LIST, {"authority": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert _names(page) == {"Lê Văn Nam", "Trần Thị Hoa", "Đỗ Văn Huân"}
    notice = [str(m) for m in response.context["messages"]]
    assert len(notice) == 1
    assert "Bộ trưởng quyết định; Trình Thủ tướng Chính phủ; Trình Chủ tịch nước" in notice[0]
    assert value not in notice[0]


def test_the_api_says_who_decides_each_proposal(client, officer, three):
    client.force_login(officer.user)
    items = {p["id"]: p for p in client.get("/api/v1/awards/proposals").json()["items"]}
    assert {
        k: items[three["pm"].pk][k]
        for k in ("granting_authority", "granting_authority_label", "granting_authority_words")
    } == {
        "granting_authority": "prime_minister",
        "granting_authority_label": "Thủ tướng Chính phủ",
        "granting_authority_words": "Trình Thủ tướng Chính phủ",
    }
    assert items[three["minister"].pk]["granting_authority_words"] == "Bộ trưởng quyết định"
    assert items[three["president"].pk]["granting_authority"] == "president"
    one = client.get(f"/api/v1/awards/proposals/{three['president'].pk}").json()
    assert one["granting_authority_label"] == "Chủ tịch nước"


def test_the_list_reads_the_split_once(officer, three, django_assert_max_num_queries):
    rows = list(
        Proposal.objects.filter(pk__in=[p.pk for p in three.values()]).select_related(
            "person", "unit"
        )
    )
    context = {"request": type("R", (), {})()}
    with django_assert_max_num_queries(1):
        for row in rows:
            ProposalOut.model_validate(row, context=context)


def test_the_api_gives_a_decisions_authority_and_submission_number(client, officer, three):
    submission = draft(officer, [three["pm"]], authority="prime_minister")
    own = draft(officer, [three["minister"]])
    client.force_login(officer.user)
    found = {d["id"]: d for d in client.get("/api/v1/awards/decisions").json()["items"]}
    assert found[submission.pk]["authority"] == "prime_minister"
    assert found[submission.pk]["authority_label"] == "Thủ tướng Chính phủ"
    assert re.fullmatch(r"\d+/TTr-\w+", found[submission.pk]["submission_number"])
    assert found[submission.pk]["submission_number"] == submission.submission_number
    assert found[own.pk]["submission_number"] == ""
    assert found[own.pk]["authority_label"] == "Bộ trưởng"
    detail = client.get(f"/api/v1/awards/decisions/{submission.pk}").json()
    assert detail["submission_number"] == submission.submission_number
    pm = client.get(f"/api/v1/awards/proposals/{three['pm'].pk}").json()
    assert pm["granting_authority"] == "prime_minister"  # in the submission, its authority


API_LIST = "/api/v1/awards/proposals"


@pytest.mark.parametrize("who", ["officer", "head", "member"])
def test_the_api_list_filters_by_authority_as_the_page_does(
    client, org, officer, council, three, who
):
    user = {"officer": officer.user, "head": org["head_a"].user, "member": council[0].user}[who]
    client.force_login(user)
    for level, key in (
        ("minister", "minister"),
        ("prime_minister", "pm"),
        ("president", "president"),
    ):
        response = client.get(API_LIST, {"authority": level})
        assert response.status_code == 200, response.content
        assert [p["id"] for p in response.json()["items"]] == [three[key].pk], level
        assert {p["granting_authority"] for p in response.json()["items"]} == {level}
    both = client.get(API_LIST, {"authority": "prime_minister", "status": "approved", "year": 2025})
    assert [p["id"] for p in both.json()["items"]] == [three["pm"].pk]
    assert (
        client.get(API_LIST, {"authority": "prime_minister", "status": "draft"}).json()["items"]
        == []
    )


def test_the_api_filters_a_proposal_in_a_decision_by_its_decisions_authority(
    client, officer, three
):
    draft(officer, [three["minister"]])
    client.force_login(officer.user)
    found = client.get(API_LIST, {"authority": "minister"}).json()["items"]
    assert [p["id"] for p in found] == [three["minister"].pk]


@pytest.mark.parametrize("value", ["governor", "x" * 3000, "minister' OR 1=1", "unit_head", ""])
def test_an_unknown_authority_is_refused_by_the_api_naming_the_choices(
    client, officer, three, value
):
    client.force_login(officer.user)
    response = client.get(API_LIST, {"authority": value})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "authority"]
    assert "'minister', 'prime_minister' hoặc 'president'" in error["msg"]
    assert value not in error["msg"] or value == ""
