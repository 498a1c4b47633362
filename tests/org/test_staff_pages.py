"""A unit's staff directory comes 50 people a page (the demo ministry lists 300: 26,000 px on
a phone in one page), every person on exactly one page."""

import pytest
from django.urls import reverse

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_staff_directory_is_cut_into_pages_of_fifty(client, org):
    extra = [PersonFactory(unit=org["sec_a"], full_name=f"Cán bộ {i:02d}") for i in range(60)]
    client.force_login(org["head_a"].user)
    url = reverse("org:unit_staff", args=[org["dept_a"].pk])

    first = client.get(url)
    last = client.get(url, {"page": 2})
    beyond = client.get(url, {"page": 99})  # a page past the end shows the last one

    shown_first = {p.pk for p in first.context["people"]}
    shown_last = {p.pk for p in last.context["people"]}
    assert len(shown_first) == 50
    assert shown_first.isdisjoint(shown_last)
    assert {p.pk for p in extra} | {org["staff_a"].pk} <= shown_first | shown_last
    assert first.context["page"].paginator.count == len(shown_first | shown_last)
    assert 'href="?page=2"' in first.content.decode()
    assert {p.pk for p in beyond.context["people"]} == shown_last
    assert org["staff_b"].email not in first.content.decode() + last.content.decode()
