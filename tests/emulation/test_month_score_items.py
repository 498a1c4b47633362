"""The "Việc của tôi" item of the month's scores (thidua.emulation.nextsteps): a head is asked
to score the people they are the nearest head of (a section with its own head is that head's;
a section without one is the head's above) who have no score for the last finished month,
with a link to the unit's scoring sheet that opens for them; the item shrinks as they score,
disappears when all are scored, raises a notification, stays away from those who score
nobody and from an agency that does not score monthly, and costs a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.models import Notification
from thidua.core.nextsteps import TODO
from thidua.core.services import notifications_sync
from thidua.emulation.law import MONTHLY_SCORING
from thidua.emulation.nextsteps import emulation_next_steps, last_finished_month
from thidua.emulation.services import ratings as services
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UnitFactory, UserFactory, block_deputy

TODAY = date(2026, 12, 6)


def todo(user) -> dict:
    """The person's emulation work items by key (their scope computed afresh)."""
    for attr in [a for a in vars(user) if a.startswith("_thidua_scope_")]:
        delattr(user, attr)
    return {s.key: s for s in emulation_next_steps(user) if s.section == TODO}


def key_of(unit, year: int = 2026, month: int = 11) -> str:
    return f"emulation.month_scores:{unit.pk}:{year}-{month:02d}"


def score(head, person, *, year: int = 2026, month: int = 11):
    return services.period_score_compute(
        actor=head.user, person=person, year=year, month=month, general_points=25
    )


@pytest.fixture
def today(monkeypatch):
    """Sunday 6/12/2026: November is the last finished month."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def three(org, today):
    """Cục A's head scores three people: Hoa and Nam of Phòng A1 and Lan of Cục A itself."""
    lan = PersonFactory(unit=org["dept_a"], full_name="Ngô Thị Lan")
    return [org["staff_a"], org["colleague_a"], lan]


def test_the_last_finished_month_is_the_one_before_and_december_in_january():
    assert last_finished_month(date(2026, 12, 6)) == (2026, 11)
    assert last_finished_month(date(2026, 12, 1)) == (2026, 11)
    assert last_finished_month(date(2027, 1, 31)) == (2026, 12)


def test_a_head_is_asked_to_score_last_month_with_a_link_that_opens_for_them(org, three, client):
    head = org["head_a"]
    with translation.override("vi"):
        item = todo(head.user)[key_of(org["dept_a"])]
    assert item.count == 3
    assert item.title == "Chấm điểm tháng 11/2026 cho 3 người"
    # the people waiting are named, by name
    names = ", ".join(sorted(p.full_name for p in three))
    assert item.detail == f"{org['dept_a']}: {names}"
    assert item.since.date() == date(2026, 12, 1)
    assert item.url == reverse("emulation:rating_unit", args=[org["dept_a"].pk, 2026])

    client.force_login(head.user)
    page = client.get(item.url)
    assert page.status_code == 200
    body = page.content.decode()
    for person in three:  # each person's November opens from the sheet, for this head
        month = reverse("emulation:rating_person_month", args=[person.pk, 2026, 11])
        assert f'href="{month}"' in body
        assert client.get(month).status_code == 200
    assert f"/ratings/people/{head.pk}/2026/11/" not in body  # never themselves


def test_past_three_people_the_item_names_three_and_counts_the_rest(org, three):
    for n in range(2):
        PersonFactory(unit=org["dept_a"], full_name=f"Vũ Văn Z{n}")
    with translation.override("vi"):
        item = todo(org["head_a"].user)[key_of(org["dept_a"])]
    assert item.count == 5
    assert item.detail.endswith(" và 2 người khác")
    assert item.detail.count(",") == 2


def test_the_item_shrinks_as_people_are_scored_and_goes_when_all_are(org, three):
    head, key = org["head_a"], key_of(org["dept_a"])
    notifications_sync(user=head.user)
    note = Notification.objects.get(user=head.user, key=key)
    assert (note.count, note.done_at) == (3, None)

    score(head, three[0])
    assert todo(head.user)[key].count == 2
    score(head, three[1])
    score(head, three[2])
    assert key not in todo(head.user)
    notifications_sync(user=head.user)
    note.refresh_from_db()
    assert note.done_at is not None  # the bell closes it: the work is done


def test_a_rating_already_proposed_takes_the_person_out(org, three):
    """Scores of a year whose rating the head has proposed can no longer be entered."""
    head, nam = org["head_a"], org["colleague_a"]  # Nam has no account: no self-assessment
    rating = services.annual_rating_prepare(actor=head.user, person=nam, year=2026)
    services.rating_propose(actor=head.user, rating=rating, level="HTT")
    assert todo(head.user)[key_of(org["dept_a"])].count == 2


def test_staff_the_office_and_other_units_are_not_asked(org, three, officer):
    for user in (org["staff_a"].user, org["staff_b"].user, officer.user):
        assert not [k for k in todo(user) if k.startswith("emulation.month_scores")]


def test_an_agency_that_does_not_score_monthly_is_not_asked(org, three):
    setting_override(
        actor=SYSTEM, key=MONTHLY_SCORING, value=False, reason="Cơ quan chấm điểm theo quý"
    )
    assert not [k for k in todo(org["head_a"].user) if k.startswith("emulation.month_scores")]


def test_in_january_december_of_the_year_before_waits(org, three, monkeypatch, client):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2027, 1, 12))
    item = todo(org["head_a"].user)[key_of(org["dept_a"], 2026, 12)]
    assert item.count == 3
    assert item.url == reverse("emulation:rating_unit", args=[org["dept_a"].pk, 2026])
    client.force_login(org["head_a"].user)
    assert client.get(item.url).status_code == 200
    score(org["head_a"], three[0], month=12)
    assert todo(org["head_a"].user)[key_of(org["dept_a"], 2026, 12)].count == 2


def test_a_fixed_number_of_queries_whatever_the_number_of_people(
    org, today, django_assert_max_num_queries
):
    head = org["head_a"]
    todo(head.user)  # the agency setting's cache, if any, is warm for both counts
    with django_assert_max_num_queries(100) as two:
        assert todo(head.user)[key_of(org["dept_a"])].count == 2
    for i in range(18):
        PersonFactory(unit=org["sec_a"], full_name=f"Người thứ {i}")
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert todo(head.user)[key_of(org["dept_a"])].count == 20


def test_a_section_with_its_own_head_is_that_heads_not_the_departments(org, three, client):
    """Phòng A1 gets a head: Hoa and Nam are hers to score, and Cục A's head is asked only
    for Lan of Cục A itself — and for the section's head, whose nearest other head he is."""
    section_head = PersonFactory(
        unit=org["sec_a"], full_name="Bùi Thị Mai", user=UserFactory(username="mai")
    )
    role_grant(
        actor=SYSTEM,
        user=section_head.user,
        role=Role.UNIT_HEAD,
        unit=org["sec_a"],
        valid_from=date(2020, 1, 1),
    )
    assert todo(org["head_a"].user)[key_of(org["dept_a"])].count == 2  # Lan and Mai
    item = todo(section_head.user)[key_of(org["sec_a"])]
    assert item.count == 2  # Hoa and Nam, never herself
    assert not [k for k in todo(section_head.user) if k == key_of(org["dept_a"])]
    client.force_login(section_head.user)
    assert client.get(item.url).status_code == 200
    score(section_head, org["staff_a"])
    assert todo(section_head.user)[key_of(org["sec_a"])].count == 1
    assert todo(org["head_a"].user)[key_of(org["dept_a"])].count == 2


def test_a_section_without_a_head_falls_to_the_head_above(org, three):
    """Phòng A2 has a head, Phòng A1 has none: Hoa and Nam of A1 count for Cục A's head (with
    Lan and A2's head), A2's own people do not."""
    sec_a2 = UnitFactory(code="CA-P2", name="Phòng A2", parent=org["dept_a"], kind="section")
    a2_head = PersonFactory(unit=sec_a2, full_name="Bùi Thị Mai", user=UserFactory())
    role_grant(
        actor=SYSTEM,
        user=a2_head.user,
        role=Role.UNIT_HEAD,
        unit=sec_a2,
        valid_from=date(2020, 1, 1),
    )
    PersonFactory(unit=sec_a2, full_name="Đinh Văn Tú")
    assert todo(org["head_a"].user)[key_of(org["dept_a"])].count == 4  # Hoa, Nam, Lan, Mai
    assert todo(a2_head.user)[key_of(sec_a2)].count == 1  # Tú


def test_a_block_deputy_scores_only_the_units_of_the_block_that_have_no_head_of_their_own(
    org, three
):
    """A deputy minister over a block leads its units as leadership: Cục A's people are scored
    by Cục A's head, nearer them, and only that head by the deputy; Cục B, with no head, falls
    to the deputy whole."""
    deputy = block_deputy(org["dept_a"], org["dept_b"])
    items = todo(deputy.user)
    # of Cục A only its head, whom nobody nearer may score; his three people are his
    assert items[key_of(org["dept_a"])].count == 1
    assert todo(org["head_a"].user)[key_of(org["dept_a"])].count == 3
    assert items[key_of(org["dept_b"])].count == 1  # Châu of Phòng B1
