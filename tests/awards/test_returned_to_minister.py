"""A proposal the office returns reaches whoever must complete it (issue 12, "Việc của tôi";
found walking the flow in the browser): a minister who holds no unit of their own but sends
the ministry's Bằng khen proposals finds the one returned to him in his work list, and the
office, which returned it, is not told it was "returned to your unit"."""

from datetime import date

import pytest

from thidua.awards.selectors.work import returned_proposals
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .test_work_items import items

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister(org):
    person = PersonFactory(unit=org["root"], full_name="Lê Bộ Trưởng", user=UserFactory())
    role_grant(actor=SYSTEM, user=person.user, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    return person.user


def test_the_minister_finds_the_bang_khen_he_sent_returned(org, officer, histories, minister):
    proposal = services.proposal_create(
        actor=minister, code="BK_BO", year=2025, person=histories["star"]
    )
    services.proposal_submit(actor=minister, proposal=proposal)
    assert returned_proposals(viewer=minister)["n"] == 0
    services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason="Thiếu")

    assert returned_proposals(viewer=minister)["n"] == 1
    assert "awards.returned" in items(minister, "awards.returned")
    assert returned_proposals(viewer=officer.user)["n"] == 0
    assert "awards.returned" not in items(officer.user, "awards.returned")


def test_a_proposal_the_office_made_and_returned_is_not_the_office_s_work(org, officer, histories):
    proposal = services.proposal_create(
        actor=officer.user, code="LDTT", year=2025, person=histories["steady"]
    )
    services.proposal_submit(actor=officer.user, proposal=proposal)
    services.proposal_check(actor=officer.user, proposal=proposal, accept=False, reason="Thiếu")
    assert returned_proposals(viewer=officer.user)["n"] == 0
    assert returned_proposals(viewer=org["head_a"].user)["n"] == 1  # Cục A's, to complete
