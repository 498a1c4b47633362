"""The monthly report (Báo cáo tháng) opens on the viewer's own unit (walk-through F9): the
head of a Cục sees his Cục, not the whole ministry; leadership over the whole ministry keeps
it; `?unit=` still wins (empty: the whole ministry); the downloads carry the unit shown."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _review(client, user, **params):
    client.force_login(user)
    page = client.get(reverse("goals:review"), params)
    assert page.status_code == 200
    return page


def test_a_unit_head_opens_on_his_own_unit_and_the_downloads_say_so(org, client):
    page = _review(client, org["head_a"].user)
    assert page.context["unit"] == org["dept_a"]
    assert f'<option value="{org["dept_a"].pk}" selected>' in page.text
    query = (
        f"year={page.context['year']}&amp;month={page.context['month']}&amp;unit={org['dept_a'].pk}"
    )
    assert f'href="{reverse("goals:review_xlsx")}?{query}"' in page.text
    assert f'href="{reverse("goals:review_docx")}?{query}"' in page.text


def test_an_explicit_unit_wins_and_an_empty_one_is_the_whole_ministry(org, client):
    user = org["head_a"].user
    assert _review(client, user, unit=org["dept_b"].pk).context["unit"] == org["dept_b"]
    whole = _review(client, user, unit="")
    assert whole.context["unit"] is None
    assert f'month={whole.context["month"]}&amp;unit="' in whole.text  # downloads: whole ministry


def test_the_outermost_of_nested_units_and_none_for_units_side_by_side(org, client):
    user = org["head_a"].user
    role_grant(
        actor=SYSTEM, user=user, role=Role.UNIT_HEAD, unit=org["sec_a"], valid_from=date(2020, 1, 1)
    )
    assert _review(client, user).context["unit"] == org["dept_a"]
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.UNIT_HEAD,
        unit=org["dept_b"],
        valid_from=date(2020, 1, 1),
    )
    assert _review(client, user).context["unit"] is None


def test_leadership_over_the_whole_ministry_and_staff_open_on_the_whole_ministry(org, client):
    minister = UserFactory(username="minister")
    role_grant(actor=SYSTEM, user=minister, role=Role.LEADERSHIP, valid_from=date(2020, 1, 1))
    assert _review(client, minister).context["unit"] is None
    assert _review(client, org["staff_a"].user).context["unit"] is None


def test_a_download_without_a_unit_is_the_viewers_own_unit(org, client):
    client.force_login(org["head_a"].user)
    own = client.get(reverse("goals:review_xlsx"))
    whole = client.get(reverse("goals:review_xlsx"), {"unit": ""})
    assert own.status_code == whole.status_code == 200
    assert own["Content-Disposition"] != whole["Content-Disposition"]
