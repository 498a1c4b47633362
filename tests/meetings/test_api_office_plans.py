"""The ministry's office plans the leadership's giao ban through the API too (issue 13,
point 1; issue 15, point 2: the same rules as the page): `chair_id` names the leader who
chairs; a unit's own meeting, a chair who is no leader, a plain member of the office and a
head choosing someone else to chair are refused, and nothing is written."""

from datetime import date

import pytest
from django.test import Client

from thidua.meetings.models import BriefingMeeting

from .test_office_prepares import office  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/briefings"
BODY = {"year": 2026, "month": 11, "held_on": "2026-12-03"}


def _post(person, **body):
    client = Client()
    client.force_login(person.user)
    return client.post(URL, {**BODY, **body}, content_type="application/json")


def test_the_office_plans_the_ministrys_meeting_for_the_minister(org, office):  # noqa: F811
    answer = _post(office["officer"], unit_id=org["root"].pk, chair_id=office["minister"].pk)

    assert answer.status_code == 201, answer.content
    meeting = BriefingMeeting.objects.get()
    assert (meeting.unit, meeting.chair, meeting.created_by) == (
        org["root"],
        office["minister"],
        office["officer"].user,
    )
    assert meeting.held_on == date(2026, 12, 3)


@pytest.mark.parametrize("chair", [None, "head_a"])
def test_the_office_must_name_a_leader_to_chair(org, office, chair):  # noqa: F811
    body = {"unit_id": org["root"].pk}
    if chair:
        body["chair_id"] = org[chair].pk
    answer = _post(office["officer"], **body)

    assert answer.status_code == 422
    assert not BriefingMeeting.objects.exists()


def test_the_office_does_not_plan_a_units_own_meeting(org, office):  # noqa: F811
    answer = _post(office["officer"], unit_id=org["dept_a"].pk, chair_id=office["minister"].pk)
    assert answer.status_code == 403
    assert _post(office["clerk"], unit_id=org["root"].pk).status_code == 403
    assert not BriefingMeeting.objects.exists()


def test_a_head_chairs_their_own_meeting_and_names_no_one_else(org, office):  # noqa: F811
    answer = _post(org["head_a"], unit_id=org["dept_a"].pk, chair_id=office["minister"].pk)
    assert answer.status_code == 422
    assert "chair_id" in str(answer.json())
    assert not BriefingMeeting.objects.exists()

    assert _post(org["head_a"], unit_id=org["dept_a"].pk).status_code == 201
