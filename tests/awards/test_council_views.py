"""The council pages: permissions both ways, the voting page, downloads, certificates."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.models import Award, BallotVote
from thidua.awards.services import council as services

from .test_council_services import approved_path, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(org, officer, council_member, histories):
    members = [council_member, member(org, "tv-a"), member(org, "tv-b")]
    proposal = approved_path(officer.user, officer, histories["star"])
    session = services.session_create(
        actor=officer.user, title="Phiên họp", held_on=date(2026, 1, 5)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    session.members_list = members
    return session


def test_proposal_list_shows_a_heads_subtree_only(client, org, officer, histories):
    mine = services.proposal_create(
        actor=org["head_a"].user, code="LDTT", year=2025, person=histories["steady"]
    )
    other = services.proposal_create(
        actor=officer.user, code="LDTT", year=2025, person=histories["disciplined"]
    )
    client.force_login(org["head_a"].user)
    page = client.get(reverse("awards:proposal_list")).content.decode()
    assert histories["steady"].full_name in page and histories["disciplined"].full_name not in page
    assert client.get(reverse("awards:proposal_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("awards:proposal_detail", args=[mine.pk])).status_code == 200
    client.force_login(org["staff_b"].user)
    assert client.get(reverse("awards:proposal_new")).status_code == 403


def test_new_proposal_shows_the_verdict_before_saving(client, org, histories):
    client.force_login(org["head_a"].user)
    data = {
        "subject": "person",
        "subject_code": histories["steady"].employee_code,
        "code": "LDTT",
        "year": 2025,
    }
    page = client.post(
        reverse("awards:proposal_new"), {**data, "action": "preview"}
    ).content.decode()
    assert "Save as draft" in page or "Lưu bản nháp" in page
    assert "✓" in page
    response = client.post(reverse("awards:proposal_new"), {**data, "action": "create"})
    assert response.status_code == 302


def test_pending_case_message_on_the_new_proposal_page(client, officer, histories):
    client.force_login(officer.user)
    data = {
        "subject": "person",
        "subject_code": histories["pending"].employee_code,
        "code": "LDTT",
        "year": 2025,
        "action": "preview",
    }
    page = client.post(reverse("awards:proposal_new"), data).content.decode()
    assert "Đỗ Minh Châu" in page and "complaint" in page


def test_only_the_office_checks_and_overrides(client, org, officer, histories):
    proposal = services.proposal_create(
        actor=org["head_a"].user, code="CSTD_TQ", year=2025, person=histories["star"]
    )
    services.proposal_submit(actor=org["head_a"].user, proposal=proposal)
    client.force_login(org["head_a"].user)
    assert (
        client.post(
            reverse("awards:proposal_override", args=[proposal.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(officer.user)
    client.post(reverse("awards:proposal_override", args=[proposal.pk]), {"reason": "Đặc biệt"})
    client.post(reverse("awards:proposal_check", args=[proposal.pk]), {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.override and proposal.status == "checked"
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Đặc biệt" in page and "Thẩm định đề nghị khen thưởng" in page
    assert "proposal.checked" not in page  # the history shows actions in words, never codes


def test_voting_page_shows_voted_but_never_the_choice(client, session, council_member, officer):
    ballot = services.ballot_open(
        actor=officer.user, session=session, proposal=session.proposals.get()
    )
    client.force_login(council_member.user)
    url = reverse("awards:ballot_vote", args=[ballot.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"choice": "no"})
    page = client.get(url).content.decode()
    assert 'name="choice"' not in page
    assert "Disagree" not in page and "Không đồng ý" not in page
    client.post(url, {"choice": "yes"})  # a second vote is refused
    assert BallotVote.objects.filter(ballot=ballot).count() == 1


def test_non_member_cannot_open_the_voting_page(client, session, officer, org):
    ballot = services.ballot_open(
        actor=officer.user, session=session, proposal=session.proposals.get()
    )
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:ballot_vote", args=[ballot.pk])).status_code == 403
    assert client.post(reverse("awards:ballot_close", args=[ballot.pk])).status_code == 403


def test_session_page_and_minutes(client, session, officer, org, django_assert_max_num_queries):
    client.force_login(officer.user)
    client.post(
        reverse("awards:ballot_open", args=[session.pk]), {"proposal": session.proposals.get().pk}
    )
    with django_assert_max_num_queries(25):
        page = client.get(reverse("awards:session_detail", args=[session.pk]))
    assert page.status_code == 200
    response = client.get(reverse("awards:session_minutes", args=[session.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:session_detail", args=[session.pk])).status_code == 403


def test_decision_pages_sign_and_download(client, officer, session, org):
    proposal = session.proposals.get()
    ballot = services.ballot_open(actor=officer.user, session=session, proposal=proposal)
    for person in session.members_list:
        services.ballot_cast(ballot=ballot, voter_user=person.user, choice="yes")
    services.ballot_close(actor=officer.user, ballot=ballot)
    client.force_login(officer.user)
    response = client.post(
        reverse("awards:decision_new"),
        {"summary": "tặng danh hiệu", "issuer": "Bộ Thử nghiệm", "proposals": [proposal.pk]},
    )
    assert response.status_code == 302
    detail = response["Location"]
    client.post(detail, {"number": "7/QĐ-BTN", "signed_on": "2026-02-01"})
    award = Award.objects.get()
    assert award.decision_number == "7/QĐ-BTN"
    decision_pk = award.decision_id
    assert client.get(reverse("awards:decision_docx", args=[decision_pk])).status_code == 200
    pdf = client.get(reverse("awards:decision_pdf", args=[decision_pk]))
    assert pdf.status_code in (200, 404)
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:decision_list")).status_code == 403


def test_certificate_positions_include_the_printer_offsets(client, officer, org, histories):
    award = Award.objects.create(
        person=histories["steady"],
        code="LDTT",
        year=2025,
        decision_number="9/QĐ",
        decision_date=date(2026, 2, 1),
        issuer="Bộ",
    )
    client.force_login(officer.user)
    client.post(
        reverse("awards:certificate_layout", args=["LDTT"]), {"offset_x": "3.5", "offset_y": "-2"}
    )
    page = client.get(reverse("awards:certificate_print", args=[award.pk])).content.decode()
    assert "@page { size: 297mm 210mm" in page
    assert "left:43.5mm;top:93.0mm" in page  # name field at (40, 95) + (3.5, -2)
    assert histories["steady"].full_name in page
    test_page = client.get(reverse("awards:certificate_test", args=["LDTT"])).content.decode()
    assert "Nguyễn Văn Mẫu" in test_page
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:certificate_print", args=[award.pk])).status_code == 403
    assert client.get(reverse("awards:certificate_layout", args=["LDTT"])).status_code == 403


def test_proposal_list_query_count_is_bounded(
    client, officer, histories, django_assert_max_num_queries
):
    for person in (histories["steady"], histories["star"], histories["disciplined"]):
        services.proposal_create(actor=officer.user, code="LDTT", year=2025, person=person)
    client.force_login(officer.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("awards:proposal_list")).status_code == 200
