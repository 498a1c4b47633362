"""Draft proposals wait for the head of their proposing unit (walk-through of 06/12/2026, F6):
the yearly round's "create the proposals" made 302 drafts that no one's "Việc của tôi"
mentioned, though only a head of the unit (or the office) may send them. The nearest head
sees how many wait, the link lists them, and the item goes once they are sent; a head of
another unit, and a leader above a unit that has its own head, are not asked."""

from datetime import date

import pytest

from thidua.awards.nextsteps import awards_next_steps
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def drafts(user):
    return [s for s in awards_next_steps(user) if s.key == "awards.drafts"]


def test_drafts_wait_for_the_nearest_head_until_sent(client, org, officer, histories):
    star, steady = histories["star"], histories["steady"]  # both in Phòng A1, under Cục A
    made = [
        services.proposal_create(actor=officer.user, code="LDTT", year=2025, person=person)
        for person in (star, steady)
    ]
    head_b = PersonFactory(unit=org["dept_b"], user=UserFactory(username="truong-b"))
    role_grant(
        actor=SYSTEM, user=head_b.user, role=Role.UNIT_HEAD, unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )  # fmt: skip
    leader = PersonFactory(unit=org["root"], user=UserFactory(username="thutruong-a"))
    role_grant(
        actor=SYSTEM, user=leader.user, role=Role.LEADERSHIP, unit=org["root"],
        valid_from=date(2020, 1, 1),
    )  # fmt: skip

    [item] = drafts(org["head_a"].user)
    assert item.count == 2
    assert "2 đề nghị khen thưởng (bản nháp) của đơn vị đang chờ gửi" in item.title
    client.force_login(org["head_a"].user)
    page = client.get(item.url)
    assert page.status_code == 200
    assert star.full_name in page.content.decode()
    assert not drafts(head_b.user)
    assert not drafts(leader.user)  # Cục A has its own head
    assert not drafts(officer.user)  # the office checks what is sent, not the drafts

    for proposal in made:
        services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    assert not drafts(org["head_a"].user)
