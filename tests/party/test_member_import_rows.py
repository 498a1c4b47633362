"""The Party members import checks each row's subject, not only its target (issue 10): a
person is moved, added or closed only by someone who manages both their current Party
place and the target body; a file with one refused row writes nothing; each changed row is
audited with the membership before and after."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.org.models import PartyMembership, PartyOrganization, Person
from thidua.party import exchange

from ..factories import PersonFactory


def _csv(*rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exchange.MEMBER_COLUMNS)
    for person, cell in rows:
        writer.writerow(
            [person.employee_code, person.full_name, cell, "02/09/2015", "member", "official"]
        )
    return buffer.getvalue().encode()


def _memberships():
    return list(
        PartyMembership.objects.order_by("pk").values_list(
            "pk", "person_id", "organization_id", "role", "status", "valid_from", "valid_to"
        )
    )


@pytest.fixture
def placed(party, org):
    """Cells attached to their units (as in the demo): cell A to Phòng A1, cell B to B1."""
    PartyOrganization.objects.filter(pk=party["cell_a"].pk).update(unit=org["sec_a"])
    PartyOrganization.objects.filter(pk=party["cell_b"].pk).update(unit=org["sec_b"])
    return party


def test_the_demo_attack_is_refused_row_by_row_and_nothing_is_written(db, client):
    """bithu imports the Minister (a member of Chi bộ Lãnh đạo Bộ) and a non-member of
    another Cục into her cell CB-ATTT-P2."""
    from thidua.org.demo import demo_load

    demo_load(people=300)
    minister = Person.objects.get(employee_code="CB00001")
    outsider = Person.objects.get(employee_code="CB00153")
    assert PartyMembership.objects.filter(person=minister, valid_to__isnull=True).exists()
    assert not PartyMembership.objects.filter(person=outsider).exists()
    before, events = _memberships(), AuditEvent.objects.count()
    data = _csv((minister, "CB-ATTT-P2"), (outsider, "CB-ATTT-P2"))

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="bithu"))
    response = client.post(
        reverse("party:members_import"), {"file": SimpleUploadedFile("members.csv", data)}
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.startswith("dòng 2: CB00001") and "CB-LDB" in e for e in errors)
    assert any(e.startswith("dòng 3: CB00153") and "không phải đảng viên" in e for e in errors)
    assert _memberships() == before
    assert AuditEvent.objects.count() == events
    # and so she gets no private card of theirs
    for person in (minister, outsider):
        page = client.get(reverse("org:person", args=[person.pk]))
        assert person.email not in page.content.decode()


def test_one_refused_row_and_the_whole_file_writes_nothing(placed, org):
    colleague = org["colleague_a"]  # not a member yet, works in Phòng A1: cell A's to add
    data = _csv((colleague, "CB-A"), (placed["secretary_b"], "CB-A"))
    before = _memberships()
    with pytest.raises(ValidationError) as error:
        exchange.members_import(actor=placed["secretary_a"].user, name="m.csv", data=data)
    assert [m[:7] for m in error.value.messages] == ["dòng 3:"]
    assert "CB-B" in error.value.messages[0]
    assert _memberships() == before


@pytest.mark.parametrize(
    "who, target",
    [
        ("member_a", "CB-B"),  # her own member, to a cell she does not manage
        ("secretary_b", "CB-A"),  # another cell's member, into hers
        ("staff_b", "CB-A"),  # a non-member whose unit belongs to cell B
    ],
)
def test_a_secretary_may_not_move_or_add_across_cells(placed, org, who, target):
    person = placed[who] if who in placed else org[who]
    before = _memberships()
    with pytest.raises(ValidationError):
        exchange.members_import(
            actor=placed["secretary_a"].user, name="m.csv", data=_csv((person, target))
        )
    assert _memberships() == before


def test_a_secretary_adds_a_non_member_of_her_own_unit(placed, org):
    colleague = org["colleague_a"]
    result = exchange.members_import(
        actor=placed["secretary_a"].user, name="m.csv", data=_csv((colleague, "CB-A"))
    )
    assert result == {"created": 1, "updated": 0, "unchanged": 0}
    event = AuditEvent.objects.get(action="party.membership.imported")
    assert event.data["person"] == colleague.employee_code
    assert event.data["changes"]["cell"] == [None, "CB-A"]


def test_a_non_member_outside_every_attached_body_is_added_only_from_the_top(party):
    stranger = PersonFactory(full_name="Đỗ Văn Lạ")  # a unit no Party body is attached to
    with pytest.raises(ValidationError):
        exchange.members_import(
            actor=party["secretary_a"].user, name="m.csv", data=_csv((stranger, "CB-A"))
        )
    exchange.members_import(actor=party["office"].user, name="m.csv", data=_csv((stranger, "CB-A")))
    assert PartyMembership.objects.get(person=stranger).organization == party["cell_a"]


def test_the_office_managing_both_places_moves_a_member_and_each_row_is_audited(placed, org):
    office = placed["office"].user
    member, colleague = placed["member_a"], org["colleague_a"]
    result = exchange.members_import(
        actor=office, name="m.csv", data=_csv((member, "CB-B"), (colleague, "CB-A"))
    )
    assert result == {"created": 2, "updated": 0, "unchanged": 0}
    old, new = PartyMembership.objects.filter(person=member).order_by("pk")
    assert old.organization == placed["cell_a"] and old.valid_to is not None
    assert new.organization == placed["cell_b"] and new.valid_to is None

    events = AuditEvent.objects.filter(action="party.membership.imported").order_by("pk")
    assert [(e.actor, e.data["person"]) for e in events] == [
        (office, member.employee_code),
        (office, colleague.employee_code),
    ]
    moved = events[0]
    assert moved.target_id == str(new.pk)
    assert moved.data["changes"]["cell"] == ["CB-A", "CB-B"]
    assert "role" not in moved.data["changes"]  # the same role in the new cell
    summary = AuditEvent.objects.get(action="party.members.imported")
    assert summary.data["created"] == 2
