"""The round of a year not ended (walk-through of 07/12/2026, round flow 5): in December
2026 the office opened the 2026 round and ran its first step; the page said "Năm 2026 chưa
kết thúc … chỉ chốt khi đã có đủ xếp loại", yet under the step offered "Tôi đã biết phần còn
thiếu và vẫn chốt bước này" for 300 of 300 people without a final rating. The step now says
the year has not ended and to confirm once the ratings are in; a finished year keeps the
acknowledgment (test_round_reopen)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards.choices import RoundStep
from thidua.awards.services import round as services

from .test_round import run

pytestmark = pytest.mark.django_db


def test_a_step_of_a_year_not_ended_is_not_offered_for_confirmation_with_ratings_missing(
    client, officer, section, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 7))
    round_ = services.round_start(actor=officer.user, year=2026, received_on=date(2027, 1, 15))
    result, _job = run(round_, RoundStep.RATINGS)
    assert result.counts["missing"] > 0
    client.force_login(officer.user)

    page = client.get(reverse("awards:round_detail", args=[2026])).content.decode()
    assert "chưa có xếp loại chính thức" in page  # who is missing is still said
    assert 'name="incomplete_ok"' not in page
    assert reverse("awards:round_step_confirm", args=[2026, RoundStep.RATINGS]) not in page
    assert any(
        w in page
        for w in ("confirm this step once the ratings are in", "chốt bước này khi đã có xếp loại")
    )
