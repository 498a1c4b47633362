"""Starting the yearly commendation round tells each unit head whose people still lack a final
rating for the year (issue 11, step a): an in-app notification with how many and a link to the
head's sheet of the unit, where they rate them — raised in the round's own transaction, once,
kept by "Việc của tôi" until the people are rated, and nothing for a head with no one missing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.models import Notification
from thidua.core.services import notifications_sync
from thidua.emulation.choices import RatingLevel
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .conftest import rate

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 1, 15)


def head_of(unit, name: str, username: str):
    person = PersonFactory(unit=unit, full_name=name, user=UserFactory(username=username))
    role_grant(
        actor=SYSTEM, user=person.user, role=Role.UNIT_HEAD, unit=unit, valid_from=date(2020, 1, 1)
    )
    return person


@pytest.fixture
def year_2025(org):
    """Cục A: Lê Văn Nam rated for 2025, Trần Thị Hoa not. Cục B: everyone rated, its head
    too. Cục A's head has no head above them."""
    head_b = head_of(org["dept_b"], "Đinh Công Bằng", "bang")
    rate(org["colleague_a"], {2025: RatingLevel.HTT})
    rate(org["staff_b"], {2025: RatingLevel.HTXS})
    rate(head_b, {2025: RatingLevel.HTT})
    return {"head_a": org["head_a"], "head_b": head_b}


def notes(user):
    return list(Notification.objects.filter(user=user, key__startswith="awards.round_ratings:"))


def test_the_head_is_told_how_many_lack_a_rating_and_the_link_opens_their_sheet(
    client, officer, org, year_2025
):
    services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)

    [note] = notes(year_2025["head_a"].user)
    assert note.key == f"awards.round_ratings:2025:{org['dept_a'].pk}"
    assert note.count == 1 and note.done_at is None and note.read_at is None
    assert "1 người của Cục A chưa có kết quả xếp loại" in note.title and "2025" in note.title

    client.force_login(year_2025["head_a"].user)
    assert note.title in client.get(reverse("notifications")).content.decode()  # the bell's page
    response = client.get(reverse("notification_go", args=[note.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == note.url
    assert "Trần Thị Hoa" in response.content.decode()  # the person to rate is on the sheet


def test_a_head_with_no_one_missing_and_staff_are_told_nothing(officer, org, year_2025):
    services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    assert notes(year_2025["head_b"].user) == []
    assert notes(org["staff_a"].user) == [] and notes(officer.user) == []


def test_starting_again_or_syncing_does_not_duplicate_and_rating_them_closes_it(
    officer, org, year_2025
):
    head = year_2025["head_a"].user
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    assert services.tell_heads_missing_ratings(round_=round_) == 0  # raised already: no change
    notifications_sync(user=head)  # "Việc của tôi" lists the same item: kept, not doubled
    [note] = notes(head)
    assert note.done_at is None and note.count == 1

    rate(org["staff_a"], {2025: RatingLevel.HT})
    notifications_sync(user=head)
    [note] = notes(head)
    assert note.done_at is not None  # everyone rated: the work is done


def test_each_person_counts_for_the_nearest_head_and_a_heads_own_rating_for_the_one_above(
    officer, org, year_2025
):
    section_head = head_of(org["sec_a"], "Phan Văn Tổ", "to")  # Phòng A1 gets its own head
    services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)

    [section_note] = notes(section_head.user)  # Trần Thị Hoa, in Phòng A1
    assert section_note.key == f"awards.round_ratings:2025:{org['sec_a'].pk}"
    assert section_note.count == 1
    [dept_note] = notes(year_2025["head_a"].user)  # only the section head's own rating
    assert dept_note.key == f"awards.round_ratings:2025:{org['dept_a'].pk}"
    assert dept_note.count == 1


def test_a_round_refused_raises_nothing(org, year_2025):
    with pytest.raises(PermissionDenied):  # a unit head may not start the round
        services.round_start(actor=org["head_a"].user, year=2025, received_on=RECEIVED)
    assert Notification.objects.filter(key__startswith="awards.round_ratings:").count() == 0
