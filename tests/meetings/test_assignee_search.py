"""The assignee list of a meeting's conclusion form (issues 12/13): a ministry's giao ban
listed some 300 names in one <select>. It now shows a few people and a search finds the
others — as one types (htmx, meetings:assignees) or with the form's "Find" button without
JavaScript — among the people the recorder may assign only; the form still saves."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.meetings import selectors, services
from thidua.meetings.models import Conclusion

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(org):
    """Forty people in Cục A (the meeting's unit) and one namesake in Cục B (outside it)."""
    inside = [
        PersonFactory(unit=org["sec_a"], full_name=f"Nguyễn Văn Thứ {i:02d}") for i in range(40)
    ]
    hoa = PersonFactory(unit=org["sec_a"], full_name="Đỗ Thị Hòa", employee_code="NV77777")
    outside = PersonFactory(unit=org["sec_b"], full_name="Đỗ Thị Hòa Khác")
    meeting = services.meeting_create(
        actor=org["head_a"].user,
        unit=org["dept_a"],
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=org["head_a"],
    )
    return {"inside": inside, "hoa": hoa, "outside": outside, "meeting": meeting}


def _options(html: str) -> list[str]:
    return [part.split(">", 1)[1].split("<", 1)[0] for part in html.split("<option")[1:]]


def test_the_list_shows_a_few_people_and_the_search_finds_only_permitted_ones(org, crowd, client):
    client.force_login(org["head_a"].user)
    page = client.get(reverse("meetings:detail", args=[crowd["meeting"].pk]))
    shown = page.context["form"].fields["assignee"].widget.choices
    assert len(shown) == selectors.ASSIGNEES_SHOWN + 1  # and the "no one" choice
    search_url = reverse("meetings:assignees", args=[crowd["meeting"].pk])
    assert f'hx-get="{search_url}"' in page.text

    url = reverse("meetings:assignees", args=[crowd["meeting"].pk])
    for typed in ("Đỗ Thị Hòa", "ĐỖ THỊ", "do thi", "NV77777"):
        found = client.get(url, {"assignee_q": typed})
        assert found.status_code == 200
        names = [o for o in _options(found.text) if o.strip()]
        assert [n.split(" (")[0] for n in names[1:]] == ["Đỗ Thị Hòa"], typed  # not Cục B's
    nobody = client.get(url, {"assignee_q": "không ai tên thế này"})
    assert "Không tìm thấy ai" in nobody.text or "No one found" in nobody.text


def test_the_search_is_refused_to_whoever_does_not_record_the_meeting(org, crowd, client):
    url = reverse("meetings:assignees", args=[crowd["meeting"].pk])
    for person in (org["staff_a"], org["staff_b"]):
        client.force_login(person.user)
        assert client.get(url, {"assignee_q": "hòa"}).status_code in (403, 404)


def test_without_javascript_find_keeps_the_text_and_the_form_saves_someone_found(
    org, crowd, client
):
    client.force_login(org["head_a"].user)
    url = reverse("meetings:detail", args=[crowd["meeting"].pk])
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    typed = {"text": "Rà soát hệ thống", "deadline": deadline, "assignee_q": "do thi hoa"}
    page = client.post(url, {**typed, "action": "search"})
    assert page.status_code == 200 and not Conclusion.objects.exists()
    form = page.context["form"]
    assert [label.split(" (")[0] for _v, label in form.fields["assignee"].widget.choices][1:] == [
        "Đỗ Thị Hòa"
    ]
    assert "Rà soát hệ thống" in page.text  # what was written stays
    saved = client.post(url, {**typed, "assignee": crowd["hoa"].pk})
    assert saved.status_code == 302
    assert Conclusion.objects.get().assignee == crowd["hoa"]
    # someone outside the meeting's units is refused, whatever the list showed
    refused = client.post(url, {**typed, "assignee": crowd["outside"].pk})
    assert refused.status_code == 200 and Conclusion.objects.count() == 1
