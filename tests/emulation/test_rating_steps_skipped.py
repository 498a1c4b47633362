"""The rating's progress bar does not claim a self-assessment nobody wrote: a person without
an account, whose head proposed straight from the draft, shows that step as skipped."""

# ruff: noqa: F811

import pytest
from django.urls import reverse

from thidua.emulation.services import ratings as services

from .test_ratings_services import TODAY, drafting, score_month  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db

DONE = "✓ Đã tự đánh giá"
SKIPPED = "– Không tự đánh giá"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def proposed(org, person, drafting, *, self_assessment: str = ""):
    score_month(actor=org["head_a"], person=person, item=drafting, month=1)
    rating = services.annual_rating_prepare(actor=org["head_a"].user, person=person, year=2026)
    if self_assessment:
        services.rating_self_assess(actor=person.user, rating=rating, text=self_assessment)
    return services.rating_propose(actor=org["head_a"].user, rating=rating, level="HT")


def detail(client, viewer, rating) -> str:
    client.force_login(viewer.user)
    return client.get(reverse("emulation:rating_detail", args=[rating.pk])).content.decode()


def test_a_rating_proposed_without_self_assessment_shows_the_step_skipped(org, drafting, client):
    rating = proposed(org, org["colleague_a"], drafting)  # Nam has no account
    page = detail(client, org["head_a"], rating)
    assert SKIPPED in page
    assert DONE not in page
    assert f"✓ {rating.get_status_display()}" in page  # the head's proposal is done


def test_a_written_self_assessment_shows_the_step_done(org, drafting, client):
    rating = proposed(org, org["staff_a"], drafting, self_assessment="Đã số hoá kho hồ sơ.")
    page = detail(client, org["head_a"], rating)
    assert DONE in page
    assert SKIPPED not in page
