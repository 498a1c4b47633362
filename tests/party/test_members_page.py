"""The Party members page ("Đảng viên", /party/members/): the current members of the Party
bodies the viewer manages — those whose members she may import — grouped by body, sorted by
name, with labels (never codes) and dates as dd/mm/yyyy. Walk-through: the cell secretary
had no list of her cell's members at all."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.org.choices import MembershipStatus, PartyRole, Role
from thidua.org.models import PartyMembership
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("party:members")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(cell, unit, name, *, role=PartyRole.MEMBER, status=MembershipStatus.OFFICIAL, **dates):
    person = PersonFactory(unit=unit, full_name=name)
    PartyMembership.objects.create(
        person=person,
        organization=cell,
        role=role,
        status=status,
        joined_party_on=dates.get("joined", date(2015, 3, 9)),
        valid_from=dates.get("valid_from", date(2020, 1, 1)),
        valid_to=dates.get("valid_to"),
    )
    return person


def _shown(response) -> dict[str, list[str]]:
    """Body code → the employee codes listed under it, in the page's order."""
    return {
        g.body.code: [m.person.employee_code for m in g.members] for g in response.context["groups"]
    }


def test_the_secretary_sees_her_cells_current_members_sorted_by_name_not_another_cells(party, org):
    zed = _add(party["cell_a"], org["sec_a"], "Vũ Thị Yến")
    anh = _add(party["cell_a"], org["sec_a"], "An Văn Bình")
    gone = _add(party["cell_a"], org["sec_a"], "Bùi Đã Chuyển", valid_to=date(2021, 1, 1))
    other = _add(party["cell_b"], org["sec_b"], "Cao Chi Bộ Khác")
    response = _client(party["secretary_a"].user).get(URL)
    assert response.status_code == 200
    shown = _shown(response)
    assert list(shown) == ["CB-A"]
    codes = shown["CB-A"]
    expected = {
        anh.employee_code,
        zed.employee_code,
        party["secretary_a"].employee_code,
        party["member_a"].employee_code,
    }
    assert set(codes) == expected
    names = [m.person.full_name for m in response.context["groups"][0].members]
    assert names == sorted(names) and names[0] == "An Văn Bình" and names[-1] == "Vũ Thị Yến"
    body = response.content.decode()
    assert gone.employee_code not in body  # no longer a member: not listed
    assert other.employee_code not in body and "Chi bộ B" not in body
    assert response.context["groups"][0].count == 4


def test_the_page_shows_labels_unit_and_the_date_as_dd_mm_yyyy(party, org):
    _add(
        party["cell_a"],
        org["sec_a"],
        "An Dự Bị",
        status=MembershipStatus.PROBATIONARY,
        joined=date(2024, 7, 5),
    )
    body = _client(party["secretary_a"].user).get(URL).content.decode()
    assert "Bí thư" in body and "Chính thức" in body and "Dự bị" in body
    assert "05/07/2024" in body and "Phòng A1" in body
    for code in ("secretary", "official", "probationary", "2024-07-05"):
        assert f">{code}<" not in body


def test_the_committee_office_sees_every_body_under_it_and_may_keep_one(party, org):
    _add(party["cell_b"], org["sec_b"], "Cao Thị Bé")
    client = _client(party["office"].user)
    shown = _shown(client.get(URL))
    assert list(shown) == ["DB", "CB-A", "CB-B"]  # tree order
    assert party["member_a"].employee_code in shown["CB-A"]
    assert len(shown["CB-B"]) == 2
    kept = _shown(client.get(URL, {"body": party["cell_b"].pk}))
    assert list(kept) == ["CB-B"]


def test_a_body_not_managed_or_not_an_id_answers_404(party):
    client = _client(party["secretary_a"].user)
    assert client.get(URL, {"body": party["cell_b"].pk}).status_code == 404
    assert client.get(URL, {"body": party["committee"].pk}).status_code == 404
    for value in ("abc", "0", "-1", "99999999999999999999"):
        assert client.get(URL, {"body": value}).status_code == 404
    assert client.get(URL, {"body": party["cell_a"].pk}).status_code == 200


def test_a_state_role_or_a_plain_member_is_refused_like_the_import(party, org):
    admin = UserFactory(username="quantri-dv", is_superuser=True, is_staff=True)
    PersonFactory(unit=org["root"], user=admin)
    role_grant(actor=SYSTEM, user=admin, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    officer = UserFactory(username="tdkt-dv")
    role_grant(actor=SYSTEM, user=officer, role=Role.EMULATION_OFFICER, valid_from=date(2020, 1, 1))
    for user in (admin, officer, party["member_a"].user, party["outsider"].user):
        client = _client(user)
        assert client.get(URL).status_code == 404
        assert client.get(reverse("party:members_import")).status_code == 404
    assert Client().get(URL).status_code == 302  # anonymous: to the login page


def test_the_menu_offers_the_page_to_who_manages_a_body_only(party):
    link, meetings = f'href="{URL}"', reverse("party:meetings")  # a page both may open
    assert link in _client(party["secretary_a"].user).get(meetings).content.decode()
    assert link not in _client(party["member_a"].user).get(meetings).content.decode()


def test_the_number_of_queries_does_not_grow_with_the_members(
    party, org, django_assert_max_num_queries
):
    client = _client(party["office"].user)
    client.get(URL)  # the session and the viewer's scope warmed up as on any page
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(15):
        _add(party["cell_a" if n % 2 else "cell_b"], org["sec_b"], f"Đinh Văn {n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert sum(g.count for g in response.context["groups"]) >= 15 + 4
