from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.goals.choices import TaskStatus
from thidua.party import selectors, services
from thidua.party.choices import Classification, DigestStatus, InspectionKind, MeetingStatus
from thidua.party.extract import ExtractionError
from thidua.party.models import Resolution

from .pdfs import blank_pdf


def _upload(party, text, *, who="secretary_a", body="cell_a", name="nq.txt"):
    return services.resolution_upload(
        actor=party[who].user,
        body=party[body],
        title="Nghị quyết về chuyển đổi số",
        number="01-NQ/CB",
        file_name=name,
        data=text.encode() if isinstance(text, str) else text,
    )


def _points(digest):
    return [p.text for p in digest.points.order_by("order")]


def test_upload_keeps_the_original_and_drafts_key_points(party, resolution_text):
    resolution = _upload(party, resolution_text)
    assert resolution.file.read().decode() == resolution_text
    assert resolution.number == "01-NQ/CB"
    digest = selectors.digest_current(resolution=resolution)
    assert digest.status == DigestStatus.DRAFT
    points = _points(digest)
    assert 1 <= len(points) <= 6
    assert points[0].startswith("Chuyển đổi bưu chính")
    assert all(len(p) <= 300 for p in points)
    assert all(p.sentences for p in digest.points.all())
    assert AuditEvent.objects.filter(action="party.resolution.uploaded").count() == 1


def test_upload_detects_classification_and_secretary_may_change_it(party, resolution_text):
    resolution = _upload(party, "MẬT\n" + resolution_text)
    assert resolution.classification == Classification.MAT
    assert resolution.is_classified
    services.resolution_set_classification(
        actor=party["secretary_a"].user, resolution=resolution, classification="toi_mat"
    )
    resolution.refresh_from_db()
    assert resolution.classification == Classification.TOI_MAT
    assert resolution.classification_detected == Classification.MAT


def test_scanned_pdf_upload_stores_nothing(party):
    with pytest.raises(ExtractionError, match="scan"):
        _upload(party, blank_pdf(), name="scan.pdf")
    assert not Resolution.objects.exists()


def test_member_and_other_cells_secretary_cannot_upload(party, resolution_text):
    for who in ("member_a", "secretary_b", "outsider"):
        with pytest.raises(PermissionDenied):
            _upload(party, resolution_text, who=who)


def test_committee_office_may_upload_for_a_cell_in_its_subtree(party, resolution_text):
    assert _upload(party, resolution_text, who="office").body == party["cell_a"]


def test_digest_edit_reorders_edits_adds_and_removes(party, resolution_text):
    digest = selectors.digest_current(resolution=_upload(party, resolution_text))
    first, second = list(digest.points.order_by("order"))[:2]
    services.digest_edit(
        actor=party["secretary_a"].user,
        digest=digest,
        points=[
            {"text": second.text, "sentences": second.sentences, "question": "Đơn vị làm gì?"},
            {"text": "Ý chính mới do bí thư viết.", "question": ""},
            {"text": first.text + " (đã sửa)"},
        ],
    )
    assert _points(digest) == [
        second.text,
        "Ý chính mới do bí thư viết.",
        first.text + " (đã sửa)",
    ]
    assert digest.points.get(order=1).question == "Đơn vị làm gì?"
    assert digest.points.get(order=1).sentences == second.sentences


def test_digest_edited_to_zero_points_is_refused(party, resolution_text):
    digest = selectors.digest_current(resolution=_upload(party, resolution_text))
    before = _points(digest)
    with pytest.raises(ValidationError, match="ít nhất một ý chính"):
        services.digest_edit(
            actor=party["secretary_a"].user, digest=digest, points=[{"text": "  "}]
        )
    assert _points(digest) == before


def test_point_longer_than_300_characters_is_refused(party, resolution_text):
    digest = selectors.digest_current(resolution=_upload(party, resolution_text))
    with pytest.raises(ValidationError, match="tối đa 300"):
        services.digest_edit(
            actor=party["secretary_a"].user, digest=digest, points=[{"text": "a" * 301}]
        )


def test_secretary_approves_and_approved_digest_is_frozen(party, resolution_text):
    digest = selectors.digest_current(resolution=_upload(party, resolution_text))
    services.digest_approve(actor=party["secretary_a"].user, digest=digest)
    digest.refresh_from_db()
    assert digest.status == DigestStatus.APPROVED
    assert digest.approved_by == party["secretary_a"].user
    assert AuditEvent.objects.filter(action="party.digest.approved").exists()
    with pytest.raises(ValidationError):
        services.digest_edit(
            actor=party["secretary_a"].user, digest=digest, points=[{"text": "Ý mới."}]
        )


def test_member_and_other_secretary_cannot_edit_or_approve(party, resolution_text):
    digest = selectors.digest_current(resolution=_upload(party, resolution_text))
    for who in ("member_a", "secretary_b"):
        with pytest.raises(PermissionDenied):
            services.digest_approve(actor=party[who].user, digest=digest)
        with pytest.raises(PermissionDenied):
            services.digest_edit(actor=party[who].user, digest=digest, points=[{"text": "X."}])
    digest.refresh_from_db()
    assert digest.status == DigestStatus.DRAFT


def _meeting(party, held_on=date(2021, 3, 10)):
    return services.meeting_create(
        actor=party["secretary_a"].user,
        cell=party["cell_a"],
        held_on=held_on,
        agenda="1. Quán triệt nghị quyết. 2. Bàn vấn đề khó.",
        hard_problem="Hồ sơ trực tuyến mức 4 còn ít người dùng.",
    )


def test_meeting_flow_chosen_solution_becomes_a_task_seen_at_the_next_meeting(party):
    meeting = _meeting(party)
    services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Hướng dẫn tại bộ phận một cửa."
    )
    chosen = services.meeting_propose_solution(
        actor=party["secretary_a"].user, meeting=meeting, text="Rút gọn biểu mẫu còn 1 trang."
    )
    services.meeting_choose_solution(
        actor=party["secretary_a"].user,
        meeting=meeting,
        proposal=chosen,
        assignee=party["member_a"],
        due_date=date(2021, 4, 30),
        votes=9,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.chosen_solution == chosen
    assert meeting.task.owner == party["member_a"]
    assert meeting.task.title == "Rút gọn biểu mẫu còn 1 trang."
    assert meeting.task.status == TaskStatus.TODO
    following = _meeting(party, held_on=date(2021, 4, 14))
    assert selectors.meeting_previous(meeting=following) == meeting


def test_only_members_propose_and_only_the_secretary_chooses(party):
    meeting = _meeting(party)
    for who in ("secretary_b", "outsider", "office"):
        with pytest.raises(PermissionDenied):
            services.meeting_propose_solution(actor=party[who].user, meeting=meeting, text="Ý.")
    proposal = services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Ý kiến."
    )
    for who in ("member_a", "secretary_b", "office"):
        with pytest.raises(PermissionDenied):
            services.meeting_choose_solution(
                actor=party[who].user, meeting=meeting, proposal=proposal
            )
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=party["secretary_b"].user,
            cell=party["cell_a"],
            held_on=date(2021, 1, 1),
            agenda="A",
            hard_problem="B",
        )


def test_task_goes_only_to_a_member_of_the_cell(party):
    meeting = _meeting(party)
    proposal = services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Ý kiến."
    )
    with pytest.raises(ValidationError):
        services.meeting_choose_solution(
            actor=party["secretary_a"].user,
            meeting=meeting,
            proposal=proposal,
            assignee=party["secretary_b"],
        )


def _inspect(party, kind, by_commission, done_on, body="committee"):
    inspection = services.inspection_plan(
        actor=party["office"].user,
        kind=kind,
        by_body=party[body],
        by_commission=by_commission,
        subject_org=party["cell_a"],
        planned_on=done_on,
    )
    return services.inspection_done(
        actor=party["office"].user, inspection=inspection, done_on=done_on, findings="Đạt."
    )


def test_inspection_counts_per_term_over_the_subtree(party):
    _inspect(party, InspectionKind.KIEM_TRA, False, date(2016, 5, 1))
    _inspect(party, InspectionKind.KIEM_TRA, False, date(2019, 5, 1), body="cell_a")
    _inspect(party, InspectionKind.GIAM_SAT, True, date(2018, 5, 1))
    _inspect(party, InspectionKind.GIAM_SAT, False, date(2021, 5, 1))  # next term
    services.inspection_plan(
        actor=party["office"].user,
        kind=InspectionKind.KIEM_TRA,
        by_body=party["committee"],
        subject="Chi bộ B",
        planned_on=date(2019, 1, 1),
    )  # planned, not done: not counted
    counts = selectors.inspection_counts(party["committee"], date(2015, 10, 1), date(2020, 9, 30))
    assert counts == {
        ("kiem_tra", False): 2,
        ("kiem_tra", True): 0,
        ("giam_sat", False): 0,
        ("giam_sat", True): 1,
    }
    cell_counts = selectors.inspection_counts(party["cell_a"], date(2015, 10, 1), date(2020, 9, 30))
    assert cell_counts[("kiem_tra", False)] == 1


def test_a_cell_secretary_cannot_record_the_committees_inspections(party):
    with pytest.raises(PermissionDenied):
        services.inspection_plan(
            actor=party["secretary_a"].user,
            kind=InspectionKind.KIEM_TRA,
            by_body=party["committee"],
            subject="Chi bộ B",
            planned_on=date(2019, 1, 1),
        )
