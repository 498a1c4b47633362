"""The hand-off after a self-assessment (issue 12, walk-through of 07/12/2026 as canbo): the
page said only "Đã lưu bản tự đánh giá." — not who takes the rating next. It now names the
head who proposes the level (the one whose "Việc của tôi" lists it), as a check-in names who
verifies it; a rating nobody above may propose keeps the short message."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from thidua.core.actors import SYSTEM
from thidua.emulation.models import AnnualRating
from thidua.emulation.selectors.ratings import rating_proposers
from thidua.emulation.services import ratings as services
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory
from .test_ratings_services import TODAY, drafting, score_month  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def rating_of(org, person, drafting):  # noqa: F811
    score_month(actor=org["head_a"], person=person, item=drafting, month=3, completed=8, late=0)
    return services.annual_rating_prepare(actor=org["head_a"].user, person=person, year=2026)


def test_the_person_is_told_which_head_proposes_their_level(org, drafting, client):  # noqa: F811
    rating = rating_of(org, org["staff_a"], drafting)
    client.force_login(org["staff_a"].user)

    response = client.post(
        reverse("emulation:rating_self_assess", args=[rating.pk]),
        {"text": "Đã số hoá kho hồ sơ."},
        follow=True,
    )

    expected = gettext("Self-assessment saved. %(names)s will propose your level next.") % {
        "names": "Phạm Quốc Huy"
    }
    assert expected in response.content.decode()
    assert AnnualRating.objects.get(pk=rating.pk).status == "self_assessed"


def test_the_units_head_is_named_not_its_leader_nor_the_person_rated(org):
    deputy = PersonFactory(unit=org["root"], full_name="Ngô Văn Phó", user=UserFactory())
    role_grant(
        actor=SYSTEM,
        user=deputy.user,
        role=Role.LEADERSHIP,
        unit=org["dept_a"],
        valid_from=date(2020, 1, 1),
    )
    staff = AnnualRating(person=org["staff_a"], unit=org["sec_a"], year=2026)
    # the Cục's head, not the deputy minister who also leads it (walk-through: bithu read
    # "Nguyễn Thu Thảo hoặc Vũ Xuân Trung", and only the Cục's head has the work)
    assert rating_proposers(rating=staff) == ["Phạm Quốc Huy"]
    own = AnnualRating(person=org["head_a"], unit=org["dept_a"], year=2026)
    assert rating_proposers(rating=own) == ["Ngô Văn Phó"]  # a head's own goes above
