"""The new goal page names the units one may set a goal for as the rest of the site does: a name
several units share ("Văn phòng Cục" of each Cục) followed by its parent's (walk-through of
06/12/2026, F8: thutruong read three bare "Văn phòng Cục")."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

pytestmark = pytest.mark.django_db


def test_units_named_alike_carry_their_parents_name(org, client):
    UnitFactory(code="CA-VP", name="Văn phòng Cục", parent=org["dept_a"], kind="section")
    UnitFactory(code="CB-VP", name="Văn phòng Cục", parent=org["dept_b"], kind="section")
    leader = PersonFactory(unit=org["root"], user=UserFactory(username="lanhdao"))
    role_grant(actor=SYSTEM, user=leader.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    client.force_login(leader.user)
    page = client.get(reverse("goals:new")).content.decode()
    assert ">Văn phòng Cục — Cục A</option>" in page
    assert ">Văn phòng Cục — Cục B</option>" in page
    assert ">Văn phòng Cục</option>" not in page
    assert ">Phòng A1</option>" in page  # a name of its own stays as it is
