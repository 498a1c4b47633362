"""The demo loaded on another date (issue 12, point 1): its current-year items follow the day
of loading — the movement open for registration is that year's, the ratings waiting for
self-assessment are that year's — while the history stays as it was (ratings published for
2021–2025, 2025 the year the commendation round judges)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from thidua.awards.demo_today import judged_year
from thidua.emulation.models import AnnualRating, Movement, PeriodScore

LOADED_ON = date(2027, 3, 10)


@pytest.fixture
def loaded_in_2027(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: LOADED_ON)
    call_command("demo")


def test_the_movement_in_force_and_the_ratings_to_self_assess_are_the_years_of_loading(
    loaded_in_2027, client
):
    [open_movement] = Movement.objects.filter(status="registration_open")
    assert (open_movement.period_start, open_movement.period_end) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert "năm 2027" in open_movement.name and "2026" not in open_movement.name
    assert open_movement.registrations.exists()
    # the historical movements stay historical
    closed = Movement.objects.filter(status="closed").values_list("period_start__year", flat=True)
    assert sorted(closed) == [2024, 2025]
    drafts = AnnualRating.objects.filter(status="draft")
    assert set(drafts.values_list("year", flat=True)) == {2027}
    assert set(drafts.values_list("person__user__username", flat=True)) >= {"canbo", "bithu"}
    # the staff login's monthly scores are the months of 2027 finished by the day of loading
    months = PeriodScore.objects.filter(person__user__username="canbo").values_list(
        "year", "number"
    )
    assert set(months) == {(2027, 1), (2027, 2)}
    published = AnnualRating.objects.filter(status="published")
    assert set(published.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    assert judged_year() == 2025

    # "Việc của tôi" of the staff login: this year's movement to register in, nothing of 2026
    # (the days shown are the rows' own, made with the real clock)
    client.force_login(get_user_model().objects.get(username="canbo"))
    page = client.get("/").content.decode()
    assert "Phong trào thi đua năm 2027" in page and "năm 2026" not in page
