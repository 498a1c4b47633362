"""Việc của tôi, Party work: key points to approve, questions to answer, cell meetings to
plan, prepare and propose to, inspections to record — for the right person, with a link
that opens for them, gone once done."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.core import nextsteps
from thidua.party import services
from thidua.party.choices import AudienceKind, Classification, InspectionKind
from thidua.party.models import CellMeeting, Resolution
from thidua.party.nextsteps import party_next_steps

from .test_campaigns import _campaign, _digest, _send

pytestmark = pytest.mark.django_db


def items(person, prefix: str) -> dict:
    return {s.key: s for s in party_next_steps(person.user) if s.key.startswith(prefix)}


def opens(client, person, step, text: str = "") -> None:
    client.force_login(person.user)
    response = client.get(step.url)
    assert response.status_code == 200, step.url
    if text:
        assert text in response.content.decode()


_NUMBERS = itertools.count(2)


def _free_number(body) -> str:
    """01-NQ/CB, or the next free one: a body's resolution numbers are unique in a year."""
    if not Resolution.objects.filter(body=body, number="01-NQ/CB").exists():
        return "01-NQ/CB"
    return f"{next(_NUMBERS):02d}-NQ/CB"


def _upload(party, resolution_text, who="secretary_a", body="cell_a"):
    return services.resolution_upload(
        actor=party[who].user,
        body=party[body],
        title="Nghị quyết chuyển đổi số",
        number=_free_number(party[body]),
        file_name="nq.txt",
        data=resolution_text.encode(),
    )


def test_the_provider_is_registered():
    assert party_next_steps in nextsteps._providers


def test_key_points_wait_for_whoever_approves_them(client, party, resolution_text):
    resolution = _upload(party, resolution_text)
    digest = resolution.digests.get()
    key = f"party.digest:{digest.pk}"
    for who in ("secretary_a", "office"):  # the cell's secretary, the committee office above
        step = items(party[who], "party.digest")[key]
        assert step.section == nextsteps.TODO and step.count == 1
        assert step.since == digest.created_at
        assert "Nghị quyết chuyển đổi số" in step.title
        opens(client, party[who], step, "Nghị quyết chuyển đổi số")
    for who in ("member_a", "secretary_b", "outsider"):
        assert not items(party[who], "party.digest"), who

    services.digest_approve(actor=party["secretary_a"].user, digest=digest)
    assert not items(party["secretary_a"], "party.digest")
    assert not items(party["office"], "party.digest")


def test_a_classified_resolutions_title_is_not_in_the_item(party, resolution_text):
    resolution = _upload(party, resolution_text)
    services.resolution_set_classification(
        actor=party["secretary_a"].user, resolution=resolution, classification=Classification.MAT
    )
    (step,) = items(party["secretary_a"], "party.digest").values()
    assert "Nghị quyết chuyển đổi số" not in step.title


def test_a_member_answers_the_questions_of_a_digest_sent_to_them(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)  # one point asks a question
    second = digest.points.get(order=2)
    second.question = "Chi bộ cần hỗ trợ gì?"
    second.save()
    campaign = _send(
        party,
        _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
        django_capture_on_commit_callbacks,
    )
    key = f"party.answers:{campaign.pk}"
    step = items(party["member_a"], "party.answers")[key]
    assert step.count == 2 and step.since == campaign.sent_at
    opens(client, party["member_a"], step, "Đơn vị của đồng chí sẽ làm gì?")
    # not sent to cell B nor to someone outside the Party; the office sent it, answers none
    for who in ("secretary_b", "outsider", "office"):
        assert not items(party[who], "party.answers"), who
    # acknowledging the message is messaging's item, not the Party's
    assert not [k for k in items(party["member_a"], "party.") if "ack" in k]

    user = party["member_a"].user
    services.point_answer_save(
        actor=user, campaign=campaign, point=digest.points.get(order=1), answer="Làm ngay"
    )
    assert items(party["member_a"], "party.answers")[key].count == 1
    services.point_answer_save(actor=user, campaign=campaign, point=second, answer="Tập huấn")
    assert not items(party["member_a"], "party.answers")
    assert key in items(party["secretary_a"], "party.answers")  # the cell's secretary too


def _meeting(party, held_on, cell="cell_a", who="secretary_a"):
    return services.meeting_create(
        actor=party[who].user,
        cell=party[cell],
        held_on=held_on,
        agenda="Quán triệt nghị quyết.",
        hard_problem="Hồ sơ trực tuyến còn ít người dùng.",
    )


def test_a_coming_meeting_is_prepared_by_the_secretary_and_members_propose(client, party):
    today = timezone.localdate()
    meeting = _meeting(party, today + timedelta(days=3))
    later = _meeting(party, today + timedelta(days=40))
    prepare = items(party["secretary_a"], "party.meeting:")
    assert list(prepare) == [f"party.meeting:{meeting.pk}"]  # not yet the one in 40 days
    opens(client, party["secretary_a"], prepare[f"party.meeting:{meeting.pk}"], "Hồ sơ trực tuyến")
    propose = items(party["member_a"], "party.meeting_propose")
    assert set(propose) == {
        f"party.meeting_propose:{meeting.pk}",
        f"party.meeting_propose:{later.pk}",
    }
    opens(client, party["member_a"], propose[f"party.meeting_propose:{meeting.pk}"])
    # the secretary prepares it (no second item to propose); other cells see nothing
    assert not items(party["secretary_a"], "party.meeting_propose")
    for who in ("secretary_b", "outsider", "office"):
        assert not items(party[who], "party.meeting:"), who
        assert not items(party[who], "party.meeting_propose"), who

    solution = services.meeting_propose_solution(
        actor=party["member_a"].user, meeting=meeting, text="Hướng dẫn tại một cửa."
    )
    assert set(items(party["member_a"], "party.meeting_propose")) == {
        f"party.meeting_propose:{later.pk}"
    }
    # the meeting's day comes (a solution is chosen at the meeting, never before its day)
    CellMeeting.objects.filter(pk=meeting.pk).update(held_on=today)
    meeting.refresh_from_db()
    services.meeting_choose_solution(
        actor=party["secretary_a"].user, meeting=meeting, proposal=solution
    )
    assert not items(party["secretary_a"], "party.meeting:")


def test_a_past_meeting_not_recorded_waits_until_it_is_marked_held(party):
    meeting = _meeting(party, timezone.localdate() - timedelta(days=2))
    step = items(party["secretary_a"], "party.meeting:")[f"party.meeting:{meeting.pk}"]
    assert step.title.startswith(("Record", "Ghi"))
    assert not items(party["member_a"], "party.meeting_propose")  # the date has passed
    services.meeting_mark_held(actor=party["secretary_a"].user, meeting=meeting)
    assert not items(party["secretary_a"], "party.meeting:")


def test_a_cell_without_a_meeting_this_month_waits_for_its_secretary(client, party):
    today = timezone.localdate()
    key = f"party.meeting_plan:{party['cell_a'].pk}:{today:%Y-%m}"
    step = items(party["secretary_a"], "party.meeting_plan")[key]
    assert step.since.date() == today.replace(day=1)
    opens(client, party["secretary_a"], step, "Chi bộ A")
    assert set(items(party["secretary_b"], "party.meeting_plan")) == {
        f"party.meeting_plan:{party['cell_b'].pk}:{today:%Y-%m}"
    }
    for who in ("member_a", "office", "outsider"):
        assert not items(party[who], "party.meeting_plan"), who

    _meeting(party, today)
    assert not items(party["secretary_a"], "party.meeting_plan")


def test_an_inspection_whose_date_has_come_waits_to_be_recorded(client, party):
    today = timezone.localdate()
    due = services.inspection_plan(
        actor=party["office"].user,
        kind=InspectionKind.KIEM_TRA,
        by_body=party["committee"],
        subject_org=party["cell_a"],
        planned_on=today - timedelta(days=1),
    )
    services.inspection_plan(
        actor=party["office"].user,
        kind=InspectionKind.GIAM_SAT,
        by_body=party["committee"],
        subject_org=party["cell_b"],
        planned_on=today + timedelta(days=10),
    )
    work = items(party["office"], "party.inspection")
    assert list(work) == [f"party.inspection:{due.pk}"]
    opens(client, party["office"], work[f"party.inspection:{due.pk}"], "Chi bộ A")
    for who in ("secretary_a", "member_a", "outsider"):  # a cell does not cover its committee
        assert not items(party[who], "party.inspection"), who

    services.inspection_done(
        actor=party["office"].user, inspection=due, done_on=today, findings="Đạt."
    )
    assert not items(party["office"], "party.inspection")


def test_queries_do_not_grow_with_the_items(
    party, resolution_text, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    for who in ("secretary_a", "member_a", "office"):
        party_next_steps(party[who].user)  # the viewer's scope is read once and kept
    before = {}
    for who in ("secretary_a", "member_a", "office"):
        with CaptureQueriesContext(connection) as queries:
            party_next_steps(party[who].user)
        before[who] = len(queries)
    for n in range(3):
        _upload(party, resolution_text)
        _meeting(party, today + timedelta(days=n + 1))
        services.inspection_plan(
            actor=party["office"].user,
            kind=InspectionKind.KIEM_TRA,
            by_body=party["committee"],
            subject=f"Chi bộ {n}",
            planned_on=today,
        )
    for _n in range(2):
        digest = _digest(party, resolution_text)
        _send(
            party,
            _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
            django_capture_on_commit_callbacks,
        )
    assert len(items(party["member_a"], "party.answers")) == 2
    assert len(items(party["member_a"], "party.meeting_propose")) == 3
    for who in ("secretary_a", "member_a", "office"):
        with CaptureQueriesContext(connection) as queries:
            party_next_steps(party[who].user)
        assert len(queries) == before[who], who
