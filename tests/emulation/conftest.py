from datetime import date

import pytest

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, PositionFactory, UserFactory


@pytest.fixture
def council_member(org):
    person = PersonFactory(
        unit=org["root"], full_name="Đinh Văn Hội Đồng", user=UserFactory(username="hoidong")
    )
    role_grant(
        actor=SYSTEM, user=person.user, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1)
    )
    return person


@pytest.fixture
def minister(org):
    """Whole-ministry leadership: approves ratings proposed by department heads."""
    person = PersonFactory(
        unit=org["root"],
        full_name="Lê Bộ Trưởng",
        user=UserFactory(username="bt"),
        position=PositionFactory(code="BT", name="Bộ trưởng", level=6),
    )
    role_grant(actor=SYSTEM, user=person.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    return person
