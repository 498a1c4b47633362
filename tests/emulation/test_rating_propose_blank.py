"""A head who presses "Đề xuất" without choosing a level is asked to choose one, not shown
an empty code ("Mức xếp loại không hợp lệ: “”.")."""

import pytest
from django.urls import reverse

from thidua.emulation.models import AnnualRating

from .test_ratings_services import TODAY, drafting, score_month  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_proposing_without_a_level_asks_for_one(org, drafting, client):  # noqa: F811
    colleague = org["colleague_a"]  # no account: the head may propose from the draft
    score_month(actor=org["head_a"], person=colleague, item=drafting, month=1)
    client.force_login(org["head_a"].user)
    client.post(reverse("emulation:rating_unit_prepare", args=[org["sec_a"].pk, 2026]))
    rating = AnnualRating.objects.get(person=colleague, year=2026)

    response = client.post(
        reverse("emulation:rating_propose", args=[rating.pk]), {f"level-{rating.pk}": ""},
        follow=True,
    )  # fmt: skip

    page = response.content.decode()
    assert "Chưa chọn mức xếp loại: hãy chọn một mức." in page
    assert "không hợp lệ: “”" not in page
    rating.refresh_from_db()
    assert rating.proposed_level in ("", None)
