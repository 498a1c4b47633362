from datetime import date

from thidua.org.demo import demo_load
from thidua.org.models import PartyOrganization
from thidua.party import selectors
from thidua.party.choices import DigestStatus, InspectionKind
from thidua.party.demo import demo_loader
from thidua.party.models import CellMeeting, Inspection, Resolution


def test_party_demo_loads_once_with_the_seeds_inspection_counts(db):
    demo_load(people=60)
    demo_loader()
    first = (Resolution.objects.count(), CellMeeting.objects.count(), Inspection.objects.count())
    assert demo_loader() == "Party demo already present; nothing changed."
    after = (Resolution.objects.count(), CellMeeting.objects.count(), Inspection.objects.count())
    # the term's 544 done, and a supervision planned two days ago whose findings wait
    assert after == first == (1, 2, 545)
    planned = Inspection.objects.get(status="planned")
    assert planned.subject_org.code == "CB-ATTT-P2"

    top = PartyOrganization.objects.get(code="DB-BTTTT")
    counts = selectors.inspection_counts(top, date(2015, 1, 1), date(2020, 12, 31))
    assert counts == {
        (InspectionKind.KIEM_TRA, False): 152,
        (InspectionKind.GIAM_SAT, False): 298,
        (InspectionKind.KIEM_TRA, True): 33,
        (InspectionKind.GIAM_SAT, True): 61,
    }
    digest = Resolution.objects.get().digests.get()
    assert digest.status == DigestStatus.APPROVED
    # "tám chương trình trọng tâm": all eight programmes, in their order (digest_points)
    points = [p.text for p in digest.points.order_by("order")]
    assert len(points) == 8
    assert points[0].startswith("Chuyển đổi bưu chính") and points[7].startswith("Chuyển từ")

    first_meeting, next_meeting = CellMeeting.objects.order_by("held_on")
    assert first_meeting.task is not None and first_meeting.chosen_solution is not None
    assert selectors.meeting_previous(meeting=next_meeting) == first_meeting
    assert first_meeting.cell.meetings.count() == 2


def test_party_demo_sends_one_campaign_with_acknowledgements(
    db, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from thidua.messaging.models import Delivery
    from thidua.party.models import Campaign

    demo_load(people=60)
    with django_capture_on_commit_callbacks(execute=True):
        demo_loader()
    campaign = Campaign.objects.get()
    assert set(campaign.dispatch.channels) == {"in_app", "email"}
    in_app = Delivery.objects.filter(dispatch=campaign.dispatch, channel="in_app")
    members = in_app.count()
    acknowledged = in_app.filter(acknowledged_at__isnull=False).count()
    assert members > 10 and 0.4 < acknowledged / members < 0.8
    # The demo's committee office made and sent it and sees every cell's rates; the
    # administrator, a state role, sees none of them (Party and state are kept apart).
    office = get_user_model().objects.get(username="vanphongdanguy")
    assert campaign.created_by == office
    rates = selectors.acknowledgement_rates(campaign, office)
    assert sum(r["members"] for r in rates) == members
    assert sum(r["acknowledged"] for r in rates) == acknowledged
    admin = get_user_model().objects.get(username="quantri")
    assert selectors.acknowledgement_rates(campaign, admin) == []
    assert demo_loader() == "Party demo already present; nothing changed."
    assert Campaign.objects.count() == 1


def test_a_demo_loaded_before_the_separation_gets_its_committee_office_login(db):
    from django.contrib.auth import get_user_model

    from thidua.org.demo import demo_loader as org_demo_loader
    from thidua.party import rules

    demo_load(people=60)
    get_user_model().objects.filter(username="vanphongdanguy").delete()  # as an older demo
    assert "vanphongdanguy was added" in org_demo_loader()
    office = get_user_model().objects.get(username="vanphongdanguy")
    assert office.check_password("ThiDua@2026")
    assert rules.covers_party_body(office, PartyOrganization.objects.get(code="DB-BTTTT"))
    assert "nothing changed" in org_demo_loader()


def test_the_demo_cells_secretaries_are_official_members_and_probation_lasts_a_year(db):
    from datetime import timedelta

    from django.utils import timezone

    from thidua.org.choices import MembershipStatus, PartyRole
    from thidua.org.models import PartyMembership

    demo_load(people=200)
    current = PartyMembership.objects.filter(valid_to__isnull=True)
    secretaries = current.filter(role__in=[PartyRole.SECRETARY, PartyRole.DEPUTY_SECRETARY])
    assert secretaries.filter(person__user__username="bithu").exists()
    # a probationary member cannot hold a cell's post (the walk-through saw bithu 'Dự bị')
    assert not secretaries.exclude(status=MembershipStatus.OFFICIAL).exists()
    year_ago = timezone.localdate() - timedelta(days=365)
    assert not current.filter(
        status=MembershipStatus.PROBATIONARY, joined_party_on__lte=year_ago
    ).exists()
