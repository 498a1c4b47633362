"""Party and state are kept apart (issue 10, point 2): Party bodies, members, resolutions,
campaigns, meetings and inspections are managed only by a Party role over the body — its
secretary or the committee office above it. A ministry-wide state role (administrator,
emulation office, leadership, a Django superuser) gets no Party right by itself, neither
through the services nor through the pages."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.org.choices import Role
from thidua.org.models import PartyMembership
from thidua.org.services import role_grant
from thidua.party import exchange, selectors, services
from thidua.party.choices import AudienceKind, Classification, InspectionKind
from thidua.party.models import Campaign, CellMeeting, Digest, Inspection, Resolution

from ..factories import PersonFactory, UserFactory

START = date(2020, 1, 1)


def _state_user(org, username, role, *, superuser=False, unit=None):
    user = UserFactory(username=username, is_superuser=superuser, is_staff=superuser)
    PersonFactory(unit=org["root"], user=user)
    role_grant(actor=SYSTEM, user=user, role=role, unit=unit, valid_from=START)
    return user


STATE_ROLES = ["administrator", "emulation_officer", "leadership", "superuser", "root_head"]


@pytest.fixture
def state(org):
    """One account per ministry-wide state role, none holding a Party role."""
    return {
        "administrator": _state_user(org, "quantri-t", Role.ADMINISTRATOR),
        "emulation_officer": _state_user(org, "tdkt-t", Role.EMULATION_OFFICER),
        "leadership": _state_user(org, "botruong-t", Role.LEADERSHIP),
        "superuser": _state_user(org, "root-t", Role.ADMINISTRATOR, superuser=True),
        "root_head": _state_user(org, "chanhvp-t", Role.UNIT_HEAD, unit=org["root"]),
    }


@pytest.fixture
def work(party, resolution_text):
    """Party work made by the Party roles themselves: a cell's resolution (draft key
    points), the committee's resolution (approved) with an unsent and a sent campaign, a
    meeting of cell A with a proposed solution, and the committee's planned inspection."""
    office, secretary_a = party["office"].user, party["secretary_a"].user

    def upload(actor, body):
        return services.resolution_upload(
            actor=actor,
            body=body,
            title="Nghị quyết thử",
            file_name="nq.txt",
            data=resolution_text.encode(),
        )

    cell_resolution = upload(secretary_a, party["cell_a"])
    top_resolution = upload(office, party["committee"])
    approved = services.digest_approve(actor=office, digest=top_resolution.digests.get())
    unsent, sent = (
        services.campaign_create(
            actor=office,
            digest=approved,
            audience=AudienceKind.COMMITTEE_SUBTREE,
            bodies=[party["committee"]],
        )
        for _ in range(2)
    )
    sent = services.campaign_send(actor=office, campaign=sent)
    Campaign.objects.filter(pk=sent.pk).update(sent_at=timezone.now() - timedelta(days=5))
    sent.refresh_from_db()
    meeting = services.meeting_create(
        actor=secretary_a,
        cell=party["cell_a"],
        held_on=timezone.localdate(),
        agenda="Quán triệt nghị quyết.",
        hard_problem="Rà soát chậm.",
    )
    proposal = services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Tự động hoá rà soát."
    )
    inspection = services.inspection_plan(
        actor=office,
        kind=InspectionKind.KIEM_TRA,
        by_body=party["committee"],
        planned_on=timezone.localdate(),
        subject_org=party["cell_a"],
    )
    return {
        "cell_resolution": cell_resolution,
        "draft": cell_resolution.digests.get(),
        "top_resolution": top_resolution,
        "approved": approved,
        "unsent": unsent,
        "sent": sent,
        "meeting": meeting,
        "proposal": proposal,
        "inspection": inspection,
    }


def _member_rows(person, cell_code, role="deputy_secretary"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exchange.MEMBER_COLUMNS)
    writer.writerow(
        [person.employee_code, person.full_name, cell_code, "01/01/2010", role, "official"]
    )
    return buffer.getvalue().encode()


def _writes(party, work, resolution_text):
    """Every Party write on cell A's or the committee's things, as (name, call(actor))."""
    return [
        (
            "upload for the cell",
            lambda u: services.resolution_upload(
                actor=u,
                body=party["cell_a"],
                title="X",
                file_name="x.txt",
                data=resolution_text.encode(),
            ),
        ),
        (
            "upload for the committee",
            lambda u: services.resolution_upload(
                actor=u,
                body=party["committee"],
                title="X",
                file_name="x.txt",
                data=resolution_text.encode(),
            ),
        ),
        (
            "change the classification",
            lambda u: services.resolution_set_classification(
                actor=u, resolution=work["cell_resolution"], classification=Classification.MAT
            ),
        ),
        (
            "edit key points",
            lambda u: services.digest_edit(
                actor=u, digest=work["draft"], points=[{"text": "Sửa."}]
            ),
        ),
        ("approve key points", lambda u: services.digest_approve(actor=u, digest=work["draft"])),
        (
            "create a campaign",
            lambda u: services.campaign_create(
                actor=u,
                digest=work["approved"],
                audience=AudienceKind.CELLS,
                bodies=[party["cell_a"]],
            ),
        ),
        ("send a campaign", lambda u: services.campaign_send(actor=u, campaign=work["unsent"])),
        (
            "remind",
            lambda u: services.campaign_remind(actor=u, campaign=work["sent"], after_days=1),
        ),
        (
            "create a meeting",
            lambda u: services.meeting_create(
                actor=u,
                cell=party["cell_a"],
                held_on=timezone.localdate(),
                agenda="A",
                hard_problem="B",
            ),
        ),
        (
            "mark a meeting held",
            lambda u: services.meeting_mark_held(actor=u, meeting=work["meeting"]),
        ),
        (
            "choose a solution",
            lambda u: services.meeting_choose_solution(
                actor=u, meeting=work["meeting"], proposal=work["proposal"]
            ),
        ),
        (
            "plan an inspection",
            lambda u: services.inspection_plan(
                actor=u,
                kind=InspectionKind.GIAM_SAT,
                by_body=party["committee"],
                planned_on=timezone.localdate(),
                subject="Chi bộ A",
            ),
        ),
        (
            "record an inspection done",
            lambda u: services.inspection_done(
                actor=u,
                inspection=work["inspection"],
                done_on=timezone.localdate(),
                findings="Đạt.",
            ),
        ),
        (
            "import members",
            lambda u: exchange.members_import(
                actor=u, name="m.csv", data=_member_rows(party["member_a"], "CB-A")
            ),
        ),
    ]


def _party_state():
    """Everything the Party writes above could change."""
    return (
        list(Resolution.objects.order_by("pk").values_list("pk", "classification")),
        list(Digest.objects.order_by("pk").values_list("pk", "status")),
        list(Campaign.objects.order_by("pk").values_list("pk", "dispatch_id")),
        list(CellMeeting.objects.order_by("pk").values_list("pk", "status", "task_id")),
        list(Inspection.objects.order_by("pk").values_list("pk", "status")),
        list(PartyMembership.objects.order_by("pk").values_list("pk", "organization", "role")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", STATE_ROLES)
def test_a_state_role_is_refused_every_party_write(role, state, party, work, resolution_text):
    user = state[role]
    before = _party_state()
    for name, write in _writes(party, work, resolution_text):
        with pytest.raises((PermissionDenied, ValidationError)):
            write(user)
        assert _party_state() == before, name


@pytest.mark.parametrize("role", STATE_ROLES)
def test_a_state_role_sees_no_party_management_data(role, state, party, work):
    user = state[role]
    assert not selectors.party_bodies_covered(viewer=user).exists()
    assert not selectors.resolution_list(viewer=user).exists()
    assert not selectors.campaign_list(viewer=user).exists()
    assert not selectors.inspection_list(viewer=user).exists()
    assert selectors.campaign_results(work["sent"], user) == []
    assert selectors.acknowledgement_rates(work["sent"], user) == []
    assert not selectors.meeting_list(viewer=user).exists()


@pytest.mark.parametrize("role", ["administrator", "emulation_officer", "superuser"])
def test_a_state_role_gets_nothing_of_party_work_through_the_pages(
    role, state, party, work, client, resolution_text
):
    client.force_login(state[role])
    resolution, sent = work["cell_resolution"], work["sent"]
    for url in (
        reverse("party:resolution", args=[resolution.pk]),
        reverse("party:resolution_file", args=[resolution.pk]),
        reverse("party:campaign", args=[sent.pk]),
        reverse("party:campaign_export", args=[sent.pk, "csv"]),
        reverse("party:campaign_new", args=[work["top_resolution"].pk]),
        reverse("party:members_import"),
        reverse("party:meeting", args=[work["meeting"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    count = Resolution.objects.count()
    response = client.post(
        reverse("party:resolutions"),
        {
            "body": party["cell_a"].pk,
            "title": "Nghị quyết chen ngang",
            "file": SimpleUploadedFile("nq.txt", resolution_text.encode()),
        },
    )
    assert response.status_code == 403  # refused before the form is read
    assert Resolution.objects.count() == count
    members = client.post(
        reverse("party:members_import"),
        {"file": SimpleUploadedFile("m.csv", _member_rows(party["member_a"], "CB-A"))},
    )
    assert members.status_code == 404
    assert PartyMembership.objects.get(person=party["member_a"]).role == "member"


def test_another_cells_secretary_is_refused_every_write_on_cell_a(party, work, resolution_text):
    before = _party_state()
    for name, write in _writes(party, work, resolution_text):
        if name == "remind":  # the committee-wide campaign reached her cell: her own members
            continue
        with pytest.raises((PermissionDenied, ValidationError)):
            write(party["secretary_b"].user)
        assert _party_state() == before, name


def test_another_cells_secretary_reminds_her_own_members_never_cell_a(party, work):
    dispatch = services.campaign_remind(
        actor=party["secretary_b"].user, campaign=work["sent"], after_days=1
    )
    reminded = set(dispatch.deliveries.values_list("person_id", flat=True))
    assert reminded == {party["secretary_b"].pk}


def test_a_cells_secretary_manages_her_own_cell_only(party, work, resolution_text):
    secretary = party["secretary_a"].user
    own = services.resolution_upload(
        actor=secretary,
        body=party["cell_a"],
        title="X",
        file_name="x.txt",
        data=resolution_text.encode(),
    )
    assert own.body == party["cell_a"]
    services.resolution_set_classification(
        actor=secretary, resolution=work["cell_resolution"], classification=Classification.MAT
    )
    for body in ("cell_b", "committee"):
        with pytest.raises(PermissionDenied):
            services.resolution_upload(
                actor=secretary, body=party[body], title="X", file_name="x.txt", data=b"x"
            )
    with pytest.raises(PermissionDenied):  # the committee's inspections are the office's
        services.inspection_done(
            actor=secretary, inspection=work["inspection"], done_on=date.today(), findings="Đạt."
        )
    assert set(selectors.resolution_list(viewer=secretary)) == {work["cell_resolution"], own}


def test_the_committee_office_manages_the_bodies_under_it(party, work):
    office = party["office"].user
    services.resolution_set_classification(
        actor=office, resolution=work["cell_resolution"], classification=Classification.MAT
    )
    assert work["cell_resolution"] in selectors.resolution_list(viewer=office)
    codes = {r["cell"] for r in selectors.campaign_results(work["sent"], office)}
    assert codes == {"DB", "CB-A", "CB-B"}
    assert set(selectors.party_bodies_covered(viewer=office)) == {
        party["committee"],
        party["cell_a"],
        party["cell_b"],
    }


def test_a_state_role_keeps_what_it_sees_of_state_data(state, party):
    """Only Party rights changed: the administrator still reads any person's private card."""
    from thidua.org.rules import can_view_person_private

    assert can_view_person_private(state["administrator"], party["member_a"])
    assert can_view_person_private(state["emulation_officer"], party["secretary_b"])


def test_a_superuser_with_a_party_role_manages_that_body_only(party, work, resolution_text):
    user = UserFactory(username="root-bithu", is_superuser=True, is_staff=True)
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.PARTY_SECRETARY,
        party_organization=party["cell_b"],
        valid_from=START,
    )
    assert (
        services.resolution_upload(
            actor=user,
            body=party["cell_b"],
            title="X",
            file_name="x.txt",
            data=resolution_text.encode(),
        ).body
        == party["cell_b"]
    )
    with pytest.raises(PermissionDenied):
        services.resolution_set_classification(
            actor=user, resolution=work["cell_resolution"], classification=Classification.MAT
        )


def test_an_inspection_is_planned_only_of_bodies_and_members_the_planner_covers(party):
    secretary = party["secretary_a"].user
    plan = {"kind": InspectionKind.GIAM_SAT, "by_body": party["cell_a"], "planned_on": date.today()}
    for subject in ({"subject_org": party["cell_b"]}, {"subject_person": party["secretary_b"]}):
        with pytest.raises(PermissionDenied):
            services.inspection_plan(actor=secretary, **plan, **subject)
    assert not Inspection.objects.exists()
    own = services.inspection_plan(actor=secretary, **plan, subject_person=party["member_a"])
    assert own.subject_person == party["member_a"]
