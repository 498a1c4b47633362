"""The monthly report (Báo cáo tháng) is not the giao ban meeting (issue 13, point 1, B5): it
has its own name and points to the meetings; with no month asked for it opens on the last
month during a month's first days (its check-ins are still coming in, and that month's
giao ban looks back at it), on the month in progress after them."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.goals.review_month import PREVIOUS_MONTH_UNTIL_DAY, default_month

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 6), (2026, 11)),
        (date(2026, 12, PREVIOUS_MONTH_UNTIL_DAY), (2026, 11)),
        (date(2026, 12, PREVIOUS_MONTH_UNTIL_DAY + 1), (2026, 12)),
        (date(2027, 1, 2), (2026, 12)),
        (date(2026, 12, 31), (2026, 12)),
    ],
)
def test_the_default_month(today, expected):
    assert default_month(today) == expected


def test_on_06_12_2026_the_page_opens_on_november_and_is_not_called_giao_ban(
    org, client, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 6))
    client.force_login(org["head_a"].user)
    page = client.get(reverse("goals:review"))
    assert page.status_code == 200
    assert (page.context["year"], page.context["month"]) == (2026, 11)
    assert "<h1>Báo cáo tháng</h1>" in page.text
    assert "Giao ban tháng" not in page.text
    assert f'href="{reverse("meetings:list")}"' in page.text


def test_on_06_12_2026_the_api_reads_november(org, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 6))
    client.force_login(org["head_a"].user)
    assert client.get("/api/v1/goals/review").json()["month"] == "2026-11"
