"""Pages say where a Party secretary's rights come from: the home page's roles list names
the body and the membership that gives them; the person's page says the membership does."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.org.choices import PartyOrgKind, PartyRole
from thidua.org.models import PartyMembership

from ..factories import PartyOrganizationFactory


@pytest.fixture
def secretary(org):
    """Hoa is the secretary of Chi bộ A1 by her membership; no role was granted to her."""
    committee = PartyOrganizationFactory(code="DB", name="Đảng bộ", kind=PartyOrgKind.COMMITTEE)
    cell = PartyOrganizationFactory(code="CB-A1", name="Chi bộ Phòng A1", parent=committee)
    PartyMembership.objects.create(
        person=org["staff_a"],
        organization=cell,
        role=PartyRole.SECRETARY,
        joined_party_on=date(2010, 1, 1),
        valid_from=date(2020, 1, 1),
    )
    return org["staff_a"]


def test_home_lists_the_secretarys_rights_with_the_membership_they_come_from(secretary, client):
    client.force_login(secretary.user)
    page = client.get(reverse("home")).content.decode()
    assert "Chi bộ Phòng A1" in page
    assert "theo sinh hoạt đảng của bạn: Bí thư" in page  # by your Party membership


def test_a_plain_members_home_lists_no_party_right(org, secretary, client):
    PartyMembership.objects.filter(person=secretary).update(role=PartyRole.MEMBER)
    client.force_login(secretary.user)
    page = client.get(reverse("home")).content.decode()
    assert "theo sinh hoạt đảng của bạn" not in page


def test_the_persons_page_says_the_membership_gives_the_rights(secretary, client):
    client.force_login(secretary.user)
    page = client.get(reverse("org:person", args=[secretary.pk])).content.decode()
    assert "Sinh hoạt đảng này cho quyền bí thư đối với tổ chức đảng này" in page
