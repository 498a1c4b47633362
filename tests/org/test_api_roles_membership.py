"""Who holds which rights, through the roles API (issue 15): a Party cell's secretary (or
deputy) holds the secretary rights by her membership, without a role row (org.rules). The
roles list and the single GET show those rights beside the role rows — `source:
"membership"`, the membership's id negated as their id — to whoever sees that body's Party
secretary roles; they cannot be ended there (409: change the membership)."""

import json
from datetime import date

import pytest
from django.utils import timezone, translation

from thidua.core.actors import SYSTEM
from thidua.org.choices import PartyOrgKind, PartyRole, Role
from thidua.org.models import PartyMembership, RoleAssignment
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory

API = "/api/v1/org"


def _member(person, body, role, valid_from=date(2020, 1, 1), valid_to=None):
    return PartyMembership.objects.create(
        person=person,
        organization=body,
        role=role,
        joined_party_on=date(2010, 1, 1),
        valid_from=valid_from,
        valid_to=valid_to,
    )


@pytest.fixture
def rights(org):
    """Đảng bộ → Chi bộ A1 (Hoa, secretary by membership) and Chi bộ B1 (Châu, deputy by
    membership; Huy, a secretary role granted by hand); the committee's office holds a role
    over the Đảng bộ."""
    committee = PartyOrganizationFactory(code="DB", name="Đảng bộ", kind=PartyOrgKind.COMMITTEE)
    cell_a = PartyOrganizationFactory(code="CB-A1", name="Chi bộ A1", parent=committee)
    cell_b = PartyOrganizationFactory(code="CB-B1", name="Chi bộ B1", parent=committee)
    office = PersonFactory(unit=org["root"], user=UserFactory(username="vanphong-du"))
    hoa = _member(org["staff_a"], cell_a, PartyRole.SECRETARY)
    chau = _member(org["staff_b"], cell_b, PartyRole.DEPUTY_SECRETARY, date(2021, 3, 1))
    _member(org["colleague_a"], cell_a, PartyRole.DEPUTY_SECRETARY)  # no account: no right
    granted = role_grant(
        actor=SYSTEM,
        user=org["head_a"].user,
        role=Role.PARTY_SECRETARY,
        party_organization=cell_b,
        valid_from=date(2022, 5, 1),
    )
    role_grant(
        actor=SYSTEM,
        user=office.user,
        role=Role.PARTY_SECRETARY,
        party_organization=committee,
        valid_from=date(2020, 1, 1),
    )
    return {
        "committee": committee,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "office": office,
        "hoa": hoa,
        "chau": chau,
        "granted": granted,
    }


def _items(client, query=""):
    answer = client.get(f"{API}/roles{query}")
    assert answer.status_code == 200, answer.content
    return answer.json()["items"]


def test_the_list_shows_the_rights_held_by_membership_beside_the_role_rows(org, rights, client):
    client.force_login(rights["office"].user)

    items = _items(client, "?role=party_secretary")

    hoa, chau = rights["hoa"], rights["chau"]
    by_id = {item["id"]: item for item in items}
    assert by_id[-hoa.pk] == {
        "id": -hoa.pk,
        "user_id": org["staff_a"].user_id,
        "username": "hoa",
        "person_id": org["staff_a"].pk,
        "role": "party_secretary",
        "unit_id": None,
        "unit_group_id": None,
        "party_organization_id": rights["cell_a"].pk,
        "valid_from": "2020-01-01",
        "valid_to": None,
        "source": "membership",
        "membership_id": hoa.pk,
    }
    assert by_id[-chau.pk]["source"] == "membership"
    assert by_id[rights["granted"].pk]["source"] == "assignment"
    assert by_id[rights["granted"].pk]["membership_id"] is None
    # newest first, then by id: role rows (positive ids) before rights begun the same day
    order = [(item["valid_from"], item["id"]) for item in items]
    assert order == sorted(order, reverse=True)
    assert {item["person_id"] for item in items if item["source"] == "membership"} == {
        org["staff_a"].pk,
        org["staff_b"].pk,
    }  # the deputy without an account holds nothing to list


def test_the_rights_by_membership_are_seen_as_the_party_secretary_roles_are(
    org, org_admin, rights, client
):
    client.force_login(org_admin)  # Party and state apart: the administrator sees neither
    assert all(item["source"] == "assignment" for item in _items(client))
    assert client.get(f"{API}/roles/{-rights['hoa'].pk}").status_code == 404
    client.force_login(org["staff_a"].user)  # Hoa covers her cell, not Chi bộ B1
    seen = {item["id"] for item in _items(client)}
    assert -rights["hoa"].pk in seen and -rights["chau"].pk not in seen
    assert rights["granted"].pk not in seen
    client.force_login(UserFactory())  # no role, no Party body
    assert _items(client) == []


def test_one_right_by_membership_is_read_with_an_etag_and_cannot_be_ended_here(org, rights, client):
    hoa = rights["hoa"]
    url = f"{API}/roles/{-hoa.pk}"
    client.force_login(rights["office"].user)

    one = client.get(url)
    with translation.override("vi"):
        ended = client.post(
            f"{url}/end",
            json.dumps({"valid_to": "2026-12-31"}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="vi",
        )

    assert one.status_code == 200 and one["ETag"]
    assert (one.json()["source"], one.json()["membership_id"]) == ("membership", hoa.pk)
    assert ended.status_code == 409
    message = ended.json()["detail"]
    assert "bản ghi sinh hoạt đảng" in message
    assert f"/api/v1/party/memberships/{hoa.pk}/role" in message
    hoa.refresh_from_db()
    assert hoa.valid_to is None
    assert client.get(f"{API}/roles/{-999999}").status_code == 404
    assert client.get(f"{API}/roles/0").status_code == 404
    before = RoleAssignment.objects.count()
    client.force_login(org["staff_b"].user)  # Châu covers Chi bộ B1 only
    assert client.get(url).status_code == 404
    assert (
        client.post(
            f"{url}/end", json.dumps({"valid_to": "2026-12-31"}), content_type="application/json"
        ).status_code
        == 404
    )
    assert RoleAssignment.objects.count() == before


def test_a_successor_ends_the_predecessors_right_on_the_day_and_in_the_list(org, rights, client):
    """Recorded while the former secretary's membership was not yet changed: only the one
    who began last holds the rights (rules.secretary_memberships), in the list too."""
    nam = PersonFactory(unit=org["sec_a"], user=UserFactory(username="nam2"))
    successor = _member(nam, rights["cell_b"], PartyRole.DEPUTY_SECRETARY, date(2025, 1, 1))
    client.force_login(rights["office"].user)

    then = {i["id"] for i in _items(client, "?on=2024-06-01") if i["source"] == "membership"}
    now = {i["id"] for i in _items(client, "?on=2025-06-01") if i["source"] == "membership"}
    every = {i["id"]: i for i in _items(client) if i["source"] == "membership"}

    chau = rights["chau"]
    assert then == {-rights["hoa"].pk, -chau.pk}
    assert now == {-rights["hoa"].pk, -successor.pk}
    assert every[-chau.pk]["valid_to"] == "2025-01-01"
    assert every[-successor.pk]["valid_to"] is None
    assert _items(client, "?role=unit_head") == []
    mine = _items(client, f"?person_id={org['staff_a'].pk}")
    assert [(i["id"], i["source"]) for i in mine] == [(-rights["hoa"].pk, "membership")]
    ended = _items(client, "?on=2019-06-01")
    assert ended == []


def test_the_list_pages_through_both_kinds_once_each_in_order(org, rights, client):
    client.force_login(rights["office"].user)
    expected = [(i["valid_from"], i["id"]) for i in _items(client, "?limit=200")]
    assert any(i < 0 for _d, i in expected) and any(i > 0 for _d, i in expected)

    seen, cursor = [], None
    while True:
        query = "?limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"{API}/roles{query}").json()
        seen += [(i["valid_from"], i["id"]) for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break

    assert seen == expected
    assert client.get(f"{API}/roles?cursor=WyJ4IiwxXQ").status_code == 422  # ["x",1]


def test_the_demos_cell_secretary_without_a_role_row_is_listed(db, client):
    from django.contrib.auth import get_user_model

    from thidua.org.demo import demo_load

    demo_load(people=60)
    bithu = get_user_model().objects.get(username="bithu")
    assert not RoleAssignment.objects.filter(user=bithu).exists()  # her rights: her membership
    client.force_login(bithu)
    today = timezone.localdate().isoformat()
    mine = [i for i in _items(client, f"?on={today}") if i["user_id"] == bithu.pk]
    assert [(i["role"], i["source"]) for i in mine] == [("party_secretary", "membership")]
    client.force_login(get_user_model().objects.get(username="vanphongdanguy"))
    office_sees = _items(client, f"?person_id={bithu.person.pk}&on={today}")
    assert [i["id"] for i in office_sees] == [mine[0]["id"]]
