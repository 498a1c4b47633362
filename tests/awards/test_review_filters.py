"""Long award lists on a phone (issue 12, point 6): the yearly eligibility review, 50 people a
page, filtered by unit (its whole subtree), by what they are eligible for and by verdict, the
filters kept in the page links; the proposals, 50 a page."""

import pytest
from django.urls import reverse

from thidua.emulation.choices import RatingLevel

from ..factories import PersonFactory
from .conftest import rate

pytestmark = pytest.mark.django_db
PARAMS = {"year": 2025, "received_on": "2026-01-15"}


def _shown(page) -> set[int]:
    return {row.person_id for row, _unit, _pairs in page.context["entries"]}


def test_the_review_filters_by_unit_subtree_title_and_verdict(client, org, officer, histories):
    client.force_login(officer.user)
    review = reverse("awards:review_page")
    star, steady = histories["star"], histories["steady"]
    disciplined, pending = histories["disciplined"], histories["pending"]

    everyone = client.get(review, PARAMS)
    # Cục B and its section Phòng B1, nobody from Cục A
    dept_b = client.get(review, {**PARAMS, "unit": org["dept_b"].pk, "show": "all"})
    cstdcs = client.get(review, {**PARAMS, "code": "CSTDCS"})
    problems = client.get(review, {**PARAMS, "show": "problems"})

    assert {star.pk, steady.pk} <= _shown(everyone)
    assert disciplined.pk in _shown(dept_b) and star.pk not in _shown(dept_b)
    assert steady.pk not in _shown(dept_b)
    assert pending.pk in _shown(dept_b)
    assert _shown(cstdcs) == {star.pk}
    assert star.pk not in _shown(problems)
    assert all(row.problems for row, _u, _p in problems.context["entries"])
    body = dept_b.content.decode()
    assert f'<option value="{org["dept_b"].pk}" selected>' in body
    assert '<option value="all" selected>' in body


def test_the_review_shows_fifty_people_a_page_and_keeps_the_filters_in_its_links(
    client, org, officer
):
    people = [PersonFactory(unit=org["sec_b"], full_name=f"Cán bộ {i:02d}") for i in range(60)]
    for person in people:
        rate(person, dict.fromkeys(range(2021, 2026), RatingLevel.HTT))
    client.force_login(officer.user)
    query = {**PARAMS, "unit": org["dept_b"].pk, "code": "LDTT"}

    first = client.get(reverse("awards:review_page"), query)
    second = client.get(reverse("awards:review_page"), {**query, "page": 2})

    assert len(first.context["entries"]) == 50
    assert len(second.context["entries"]) == 10
    assert _shown(first).isdisjoint(_shown(second))
    assert {p.pk for p in people} <= _shown(first) | _shown(second)
    next_link = first.content.decode().split('class="pager"')[1]
    assert f"unit={org['dept_b'].pk}" in next_link and "code=LDTT" in next_link
    assert "page=2" in next_link


def test_the_old_show_everyone_link_still_shows_everyone(client, officer, histories):
    client.force_login(officer.user)
    page = client.get(reverse("awards:review_page"), {**PARAMS, "all": "1"})

    assert page.context["show"] == "all"
    assert histories["steady"].pk in _shown(page)


def test_the_proposals_come_fifty_a_page_with_the_status_kept(client, org, officer):
    from thidua.awards.models import Proposal

    people = [PersonFactory(unit=org["sec_b"], full_name=f"Người {i:02d}") for i in range(60)]
    Proposal.objects.bulk_create(
        Proposal(proposing_unit=org["dept_b"], person=p, code="LDTT", year=2025) for p in people
    )
    client.force_login(officer.user)
    url = reverse("awards:proposal_list")

    first = client.get(url, {"status": "draft"})
    second = client.get(url, {"status": "draft", "page": 2})

    ids = [{p.pk for p in page.context["proposals"]} for page in (first, second)]
    assert [len(i) for i in ids] == [50, 10] and ids[0].isdisjoint(ids[1])
    assert f'href="{url}?status=draft&amp;page=2"' in first.content.decode()


def test_proposing_from_a_filtered_page_comes_back_to_that_page(client, org, officer, histories):
    star = histories["star"]
    client.force_login(officer.user)
    filters = {"unit": org["dept_a"].pk, "show": "all", "code": "LDTT", "page": 1}

    answer = client.post(
        reverse("awards:review_propose"), {**PARAMS, **filters, "pick": [f"{star.pk}:LDTT"]}
    )

    assert answer.status_code == 302
    for part in (f"unit={org['dept_a'].pk}", "show=all", "code=LDTT", "page=1", "year=2025"):
        assert part in answer.url
