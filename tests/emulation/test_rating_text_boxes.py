"""The self-assessment box (issue 12, walk-through of 07/12/2026 as canbo): a year's account
of one's work was typed into a textarea of the browser's default 20 columns, about 130 px wide
on a computer. It is now 60 columns (the width of the other free-text boxes of emulation), and
never wider than a phone (max-width: 100%); the appeal and the approver's reasons likewise."""

import re

import pytest
from django.urls import reverse

from thidua.emulation.services import ratings as services

from .test_ratings_services import TODAY, drafting, score_month  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_the_self_assessment_box_is_as_wide_as_the_other_text_boxes(org, drafting, client):  # noqa: F811
    person = org["staff_a"]
    score_month(actor=org["head_a"], person=person, item=drafting, month=3, completed=8, late=0)
    rating = services.annual_rating_prepare(actor=org["head_a"].user, person=person, year=2026)
    client.force_login(person.user)

    html = client.get(reverse("emulation:rating_detail", args=[rating.pk])).content.decode()

    [box] = re.findall(r'<textarea id="self-text"[^>]*>', html)
    assert 'cols="60"' in box
