"""The meeting page on a phone (issues 12/13): it was some 5,400 px long at 390 px wide. The
viewer's own assignments come first, the agenda's long lists are folded to their headings and
counts (<details>, nothing lost), and the conclusion form is folded once conclusions exist.
The height itself is measured in a browser: tests/e2e/test_meeting_phone_browser.py."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.meetings import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(org):
    huy = org["head_a"]
    meeting = services.meeting_create(
        actor=huy.user,
        unit=org["dept_a"],
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=huy,
    )
    for who, text in ((huy, "Việc của chính Huy"), (org["staff_a"], "Việc của Hoa")):
        services.conclusion_add(
            actor=huy.user,
            meeting=meeting,
            text=text,
            assignee=who,
            deadline=timezone.localdate() + timedelta(days=15),
        )
    return meeting


def test_my_assignments_come_first_and_the_long_lists_are_folded(org, meeting, client):
    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    text = page.content.decode()
    assert [c.text for c in page.context["mine"]] == ["Việc của chính Huy"]
    assert text.index('id="mine"') < text.index('id="agenda"') < text.index('id="conclusions"')
    mine = text[text.index('id="mine"') : text.index('id="agenda"')]
    assert "Việc của chính Huy" in mine and "Việc của Hoa" not in mine
    assert reverse("goals:task_status", args=[page.context["mine"][0].task_id]) in mine
    agenda = text[text.index('id="agenda"') : text.index('id="conclusions"')]
    # at-risk goals, lagging units, stale key results, overdue tasks (due later: none here)
    assert len(re.findall(r'<details class="fold"(?! id)', agenda)) >= 4
    assert re.search(r'<details class="fold" id="carried-list" open>', agenda)  # few: open
    # conclusions are recorded: the form is folded, still there
    form_fold = text[text.index('id="conclusions"') :]
    assert re.search(r'<details class="fold">\s*<summary><h3>', form_fold)
    assert 'id="conclusion-form"' in form_fold


def test_an_assignee_who_does_not_take_part_reads_their_assignment_first(org, meeting, client):
    client.force_login(org["staff_a"].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["agenda"] is None
    assert [c.text for c in page.context["mine"]] == ["Việc của Hoa"]
    text = page.content.decode()
    assert text.index('id="mine"') < text.index('id="conclusions"')
