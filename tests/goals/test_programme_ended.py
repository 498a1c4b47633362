"""A programme whose period is over says so on its page, and its progress chart covers its
last year, not the months after its end, when the nightly snapshot repeats its final figure
(walk-through of 08/12/2026: the 2020–2025 programme drawn flat through 2026, nothing saying it
had ended)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.goals.dashboard import program_page
from thidua.goals.models import ProgressSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshots(program):
    day = date(2025, 6, 1)
    while day <= date(2026, 12, 1):
        progress = Decimal("0.931") if day > program.period_end else Decimal("0.5")
        ProgressSnapshot.objects.create(
            program=program, taken_on=day, progress=progress, progress_verified=progress
        )
        day += timedelta(days=30)


def test_an_ended_programme_says_so_and_charts_its_last_year(org, program, snapshots, client):
    page = program_page(viewer=org["head_a"].user, pk=program.pk, today=date(2026, 12, 8))
    assert page.has_ended
    shown = [day for day, _values in page.progress_table]  # the chart's days, as its table
    assert shown and max(shown) <= program.period_end
    assert min(shown) >= program.period_end - timedelta(days=366)
    client.force_login(org["head_a"].user)
    text = client.get(reverse("goals:program", args=[program.pk])).text
    assert "đã kết thúc ngày 31/12/2025" in text
    assert "Tiến độ của chương trình trong năm cuối" in text


def test_a_programme_under_way_does_not(org, program, snapshots):
    page = program_page(viewer=org["head_a"].user, pk=program.pk, today=date(2025, 12, 1))
    assert not page.has_ended
    shown = [day for day, _values in page.progress_table]
    assert shown and max(shown) <= date(2025, 12, 1)
