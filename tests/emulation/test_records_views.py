"""Record pages, the initiatives register pages, the invite page and the public one-time
answer page for external assessors."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.emulation.models import (
    ExternalAssessment,
    ExternalAssessmentAnswer,
    Initiative,
    ValueRecord,
)
from thidua.emulation.services.records import (
    external_assessment_answer,
    external_assessment_invite,
    initiative_register,
    value_record_save,
)
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_create

from ..factories import PersonFactory, PositionFactory, UserFactory

YEAR = 2025
PDF = b"%PDF-1.4\n%%EOF\n"


def login(client, person):
    client.force_login(person.user)
    return client


def primary_post(person):
    return person.posts.get(kind="primary")


def record_url(person, year=YEAR):
    return reverse("emulation:record_year", args=[person.pk, year])


def edit_url(person, year=YEAR, post=None):
    return reverse(
        "emulation:record_edit", args=[person.pk, year, (post or primary_post(person)).pk]
    )


def year_goal(*, title, owner_person=None, owner_unit=None):
    return goal_create(
        actor=SYSTEM,
        title=title,
        owner_person=owner_person,
        owner_unit=owner_unit,
        period_kind="year",
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        status=GoalStatus.ACTIVE,
        key_results=[{"title": f"KR {title}", "target": 10}],
    )


@pytest.fixture
def director(org):
    return PersonFactory(
        unit=org["dept_a"],
        full_name="Ngô Văn Giám Đốc",
        employee_code="GD0001",
        user=UserFactory(username="giamdoc"),
        position=PositionFactory(code="CT", name="Cục trưởng", level=4),
        email="giamdoc-rieng@thidua.example",
        phone="0987654321",
    )


@pytest.fixture
def hoa_record(org):
    hoa = org["staff_a"]
    goal = year_goal(title="Số hoá hồ sơ", owner_person=hoa)
    return value_record_save(
        actor=hoa.user,
        person=hoa,
        year=YEAR,
        post=primary_post(hoa),
        achievements="Số hoá toàn bộ hồ sơ lưu trữ",
        value_created="Tiết kiệm thời gian tra cứu",
        value_quantity="1.500",
        value_unit="giờ công",
        goals=[goal],
        evidence=SimpleUploadedFile("bien-ban.pdf", PDF),
    )


def invitations(officer, person, count):
    return external_assessment_invite(actor=officer.user, person=person, year=YEAR, count=count)


# ---------------------------------------------------------------- record pages
def test_person_sees_their_record_per_post_with_goals_value_and_evidence(org, hoa_record, client):
    body = login(client, org["staff_a"]).get(record_url(org["staff_a"])).content.decode()
    assert "Số hoá toàn bộ hồ sơ lưu trữ" in body
    assert "1.500 giờ công" in body  # Vietnamese number format
    assert reverse("goals:detail", args=[hoa_record.goals.get().pk]) in body
    assert reverse("emulation:record_evidence", args=[hoa_record.pk]) in body
    assert edit_url(org["staff_a"]) in body


def test_my_record_redirects_to_this_years_page(org, client):
    response = login(client, org["staff_a"]).get(reverse("emulation:record_mine"))
    assert response.status_code == 302
    assert response.url == record_url(org["staff_a"], timezone.localdate().year)


@pytest.mark.parametrize("viewer", ["head_a", "officer"])
def test_head_and_office_see_the_record(org, officer, hoa_record, client, viewer):
    person = officer if viewer == "officer" else org[viewer]
    response = login(client, person).get(record_url(org["staff_a"]))
    assert response.status_code == 200
    assert "Số hoá toàn bộ hồ sơ lưu trữ" in response.content.decode()


def test_staff_of_another_unit_cannot_see_a_record_nor_its_evidence(org, hoa_record, client):
    login(client, org["staff_b"])
    assert client.get(record_url(org["staff_a"])).status_code == 403
    evidence = reverse("emulation:record_evidence", args=[hoa_record.pk])
    assert client.get(evidence).status_code == 403


def test_records_are_private_the_other_way_too(org, client):
    chau = org["staff_b"]
    value_record_save(
        actor=chau.user, person=chau, year=YEAR, post=primary_post(chau), achievements="Của Châu"
    )
    for viewer in (org["staff_a"], org["head_a"]):
        assert login(client, viewer).get(record_url(chau)).status_code == 403


def test_evidence_downloads_for_the_person(org, hoa_record, client):
    response = login(client, org["staff_a"]).get(
        reverse("emulation:record_evidence", args=[hoa_record.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_record_page_query_count_does_not_grow_with_links(
    org, hoa_record, client, django_assert_max_num_queries
):
    hoa = org["staff_a"]
    extra = [year_goal(title=f"Mục tiêu {i}", owner_person=hoa) for i in range(6)]
    hoa_record.goals.add(*extra)
    hoa_record.key_results.add(*[g.key_results.get() for g in extra])
    login(client, hoa)
    with django_assert_max_num_queries(16):
        assert client.get(record_url(hoa)).status_code == 200


def test_person_writes_their_record_through_the_form(org, client):
    hoa = org["staff_a"]
    goal = year_goal(title="Phòng A1 số hoá", owner_unit=org["sec_a"])
    login(client, hoa)
    page = client.get(edit_url(hoa)).content.decode()
    assert "Phòng A1 số hoá" in page
    response = client.post(
        edit_url(hoa),
        {
            "achievements": "Hoàn thành 120% kế hoạch",
            "products": "Bộ quy trình số",
            "value_created": "Rút ngắn thời gian xử lý",
            "value_quantity": "2,5",
            "value_unit": "ngày",
            "goals": [str(goal.pk)],
            "key_results": [str(goal.key_results.get().pk)],
            "evidence": SimpleUploadedFile("ket-qua.txt", "Kết quả".encode()),
        },
    )
    assert response.status_code == 302
    record = ValueRecord.objects.get()
    assert str(record.value_quantity) == "2.50"
    assert list(record.goals.all()) == [goal]
    assert record.evidence
    assert 'value="2,5"' in client.get(edit_url(hoa)).content.decode()  # shown as typed


def test_edit_form_does_not_offer_a_draft_goal_of_the_unit_to_staff(org, client):
    draft = goal_create(
        actor=SYSTEM,
        title="Dự thảo của phòng",
        owner_unit=org["sec_a"],
        period_kind="year",
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        key_results=[{"title": "KR", "target": 1}],
    )
    assert draft.status == GoalStatus.DRAFT
    assert (
        "Dự thảo của phòng"
        not in login(client, org["staff_a"]).get(edit_url(org["staff_a"])).content.decode()
    )
    head_page = login(client, org["head_a"]).get(edit_url(org["staff_a"])).content.decode()
    assert "Dự thảo của phòng" in head_page


def test_edit_form_does_not_offer_nor_accept_someone_elses_goal(org, client):
    hoa = org["staff_a"]
    other = year_goal(title="Mục tiêu của Nam", owner_person=org["colleague_a"])
    login(client, hoa)
    assert "Mục tiêu của Nam" not in client.get(edit_url(hoa)).content.decode()
    response = client.post(edit_url(hoa), {"achievements": "X", "goals": [str(other.pk)]})
    assert response.status_code == 200  # the form again, with the error
    assert not ValueRecord.objects.exists()


def test_bad_evidence_through_the_form_is_refused(org, client):
    hoa = org["staff_a"]
    response = login(client, hoa).post(
        edit_url(hoa),
        {"achievements": "X", "evidence": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert not ValueRecord.objects.exists()


def test_edit_page_for_a_post_not_held_that_year_is_not_found(org, client):
    hoa = org["staff_a"]
    assert login(client, hoa).get(edit_url(hoa, year=2019)).status_code == 404


def test_staff_of_another_unit_cannot_edit(org, client):
    hoa = org["staff_a"]
    login(client, org["staff_b"])
    assert client.get(edit_url(hoa)).status_code == 403
    assert client.post(edit_url(hoa), {"achievements": "X"}).status_code == 403


# ---------------------------------------------------------------- initiatives register
def test_register_is_listed_for_staff_with_filters(org, officer, client):
    for title, scope, year in (("Sáng kiến 2023", "co_so", 2023), ("Đề án 2024", "bo", 2024)):
        initiative_register(
            actor=officer.user,
            title=title,
            scope=scope,
            year=year,
            authors=[org["staff_a"]],
            decision_number=f"99/QĐ-{year}",
        )
    login(client, org["staff_b"])
    body = client.get(reverse("emulation:initiative_list")).content.decode()
    assert "Sáng kiến 2023" in body and "Đề án 2024" in body
    assert "Trần Thị Hoa" in body and "99/QĐ-2024" in body
    assert reverse("emulation:initiative_new") not in body  # staff cannot add
    filtered = client.get(reverse("emulation:initiative_list"), {"year": "2023"}).content.decode()
    assert "Sáng kiến 2023" in filtered and "Đề án 2024" not in filtered
    by_scope = client.get(reverse("emulation:initiative_list"), {"scope": "bo"}).content.decode()
    assert "Đề án 2024" in by_scope and "Sáng kiến 2023" not in by_scope


def test_staff_cannot_open_the_add_page(org, client):
    login(client, org["staff_a"])
    assert client.get(reverse("emulation:initiative_new")).status_code == 403
    assert client.post(reverse("emulation:initiative_new"), {"title": "X"}).status_code == 403


def test_office_adds_an_initiative_with_authors_by_code_or_name(org, officer, client):
    login(client, officer)
    response = client.post(
        reverse("emulation:initiative_new"),
        {
            "title": "Nền tảng họp trực tuyến",
            "kind": "initiative",
            "scope": "toan_quoc",
            "year": "2024",
            "authors": f"{org['colleague_a'].employee_code}\nTrần Thị Hoa",
            "decision_number": "15/QĐ-HĐKH",
            "decision_date": "2024-12-20",
            "recognized_by": "Hội đồng khoa học Bộ",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.decision_number == "15/QĐ-HĐKH"
    assert set(initiative.authors.all()) == {org["colleague_a"], org["staff_a"]}


def test_unknown_author_is_shown_as_a_form_error(org, officer, client):
    response = login(client, officer).post(
        reverse("emulation:initiative_new"),
        {
            "title": "X",
            "kind": "initiative",
            "scope": "bo",
            "year": "2024",
            "authors": "Không Có Ai",
            "decision_number": "1/QĐ",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["authors"]
    assert not Initiative.objects.exists()


def test_office_edits_an_initiative(org, officer, client):
    initiative = initiative_register(
        actor=officer.user,
        title="Cũ",
        scope="co_so",
        year=2024,
        authors=[org["staff_a"]],
        decision_number="7/QĐ",
    )
    login(client, officer)
    url = reverse("emulation:initiative_edit", args=[initiative.pk])
    page = client.get(url).content.decode()
    assert org["staff_a"].employee_code in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(title="Mới", scope="bo", unit="")
    assert client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.scope, initiative.decision_number) == ("Mới", "bo", "7/QĐ")
    assert list(initiative.authors.all()) == [org["staff_a"]]


# ---------------------------------------------------------------- invitations
def invite_url(person, year=YEAR):
    return reverse("emulation:assessment_invite", args=[person.pk, year])


def test_office_makes_links_shown_once_and_they_work(org, officer, director, client):
    login(client, officer)
    response = client.post(invite_url(director), {"count": "2", "valid_days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    links = response.context["links"]
    assert len(links) == 2
    body = response.content.decode()
    assert all(link in body for link in links)
    # Shown once: the page afterwards does not show them again.
    again = client.get(invite_url(director)).content.decode()
    assert not any(link in again for link in links)
    public = Client()
    assert public.get(links[0]).status_code == 200


def test_invite_page_refused_below_director_level_and_for_other_units(
    org, officer, director, client
):
    assert login(client, officer).get(invite_url(org["staff_a"])).status_code == 403
    assert login(client, org["staff_b"]).get(invite_url(director)).status_code == 403
    assert login(client, director).get(invite_url(director)).status_code == 403
    assert login(client, org["head_a"]).get(invite_url(director)).status_code == 200
    assert not ExternalAssessment.objects.exists()


def test_invite_page_hides_the_aggregate_below_three_answers(org, officer, director, client):
    links = invitations(officer, director, 3)
    for link, score in zip(links[:2], [5, 4], strict=True):
        external_assessment_answer(token=link.token, score=score, comment="Rất tốt")
    response = login(client, officer).get(invite_url(director))
    body = response.content.decode()
    assert 'id="assessment-not-enough"' in body
    assert 'id="assessment-mean"' not in body
    assert "Rất tốt" not in body


def test_invite_page_and_record_page_show_the_mean_at_three_answers(org, officer, director, client):
    links = invitations(officer, director, 3)
    for link, score in zip(links, [4, 5, 5], strict=True):
        external_assessment_answer(token=link.token, score=score, comment=f"Ý kiến {score}")
    body = login(client, officer).get(invite_url(director)).content.decode()
    assert 'id="assessment-mean"' in body
    assert "4,7" in body  # (4 + 5 + 5) / 3 in Vietnamese format
    assert "Ý kiến 4" in body
    own = login(client, director).get(record_url(director)).content.decode()
    assert "4,7" in own


# ---------------------------------------------------------------- public answer page
def test_public_page_works_without_login_and_shows_no_private_data(org, officer, director):
    (link,) = invitations(officer, director, 1)
    public = Client(enforce_csrf_checks=True)
    response = public.get(link.path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngô Văn Giám Đốc" in body and "Cục trưởng" in body
    for private in (
        director.email,
        director.phone,
        director.employee_code,
        director.unit.name,
        "giamdoc",
        reverse("emulation:record_year", args=[director.pk, YEAR]),
    ):
        assert private not in body
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert set(response.context["card"].__dict__) == {
        "person_name",
        "position_name",
        "year",
        "expires_at",
    }


def test_public_answer_is_csrf_protected_and_thanks_after(org, officer, director):
    (link,) = invitations(officer, director, 1)
    public = Client(enforce_csrf_checks=True)
    assert public.post(link.path, {"score": "5"}).status_code == 403
    assert ExternalAssessment.objects.get().answered_at is None
    page = public.get(link.path)
    token = page.context["csrf_token"]
    response = public.post(
        link.path, {"score": "5", "comment": "Chuyên gia đầu ngành", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response.url == reverse("emulation:assessment_thanks")
    assert public.get(response.url).status_code == 200
    answer = ExternalAssessmentAnswer.objects.get()
    assert (answer.score, answer.comment) == (5, "Chuyên gia đầu ngành")


def test_used_link_gives_410_with_a_clear_page(org, officer, director):
    (link,) = invitations(officer, director, 1)
    external_assessment_answer(token=link.token, score=3)
    public = Client()
    response = public.get(link.path)
    assert response.status_code == 410
    assert response.context["used"] is True
    assert 'id="link-not-usable"' in response.content.decode()
    assert public.post(link.path, {"score": "1"}).status_code == 410
    assert list(ExternalAssessmentAnswer.objects.values_list("score", flat=True)) == [3]


def test_expired_link_gives_410(org, officer, director):
    (link,) = invitations(officer, director, 1)
    ExternalAssessment.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(link.path)
    assert response.status_code == 410
    assert response.context["expired"] is True


def test_unknown_link_gives_404(org):
    url = reverse("emulation:assessment_answer", args=["a" * 43])
    response = Client().get(url)
    assert response.status_code == 404
    assert 'id="link-not-usable"' in response.content.decode()


def test_bad_score_shows_the_form_again(org, officer, director):
    (link,) = invitations(officer, director, 1)
    response = Client().post(link.path, {"score": "9"})
    assert response.status_code == 200
    assert response.context["form"].errors["score"]
    assert ExternalAssessment.objects.get().answered_at is None
