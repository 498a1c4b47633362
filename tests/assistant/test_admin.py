"""The assistant's Django admin keeps Party and state apart and people's questions their own
(issue 10): a state administrator (superuser, administrator role, no Party role) neither
lists, opens, changes nor deletes a Party resolution's copy; platform documents are
read-only there; the questions are counted, never read."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.assistant import selectors
from thidua.assistant.choices import AnswerMode, Audience, Source
from thidua.assistant.models import Document, Exchange
from thidua.assistant.services import document_upload, platform_document_sync
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant
from thidua.party import services as party_services

from ..factories import UserFactory
from ..party.conftest import party, resolution_text  # noqa: F401

QUESTION = "Đảng viên chi bộ A phải đăng ký việc làm gì mỗi quý?"
ANSWER = "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể."


@pytest.fixture
def quantri(db):
    """The demo's administrator: a superuser with the administrator role and no Party role."""
    user = UserFactory(username="quantri-test", is_superuser=True, is_staff=True)
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


@pytest.fixture
def copy(party, resolution_text):  # noqa: F811
    resolution = party_services.resolution_upload(
        actor=party["secretary_a"].user,
        body=party["cell_a"],
        title="Nghị quyết về chuyển đổi số",
        file_name="nq.txt",
        data=resolution_text.encode(),
    )
    return Document.objects.get(source=Source.RESOLUTION, source_id=resolution.pk)


def _change_url(document) -> str:
    return reverse("admin:assistant_document_change", args=[document.pk])


def test_a_state_administrator_neither_lists_nor_opens_a_resolution_copy(client, quantri, copy):
    client.force_login(quantri)
    listing = client.get(reverse("admin:assistant_document_changelist"))
    assert listing.status_code == 200
    assert copy.title not in listing.content.decode()

    opened = client.get(_change_url(copy))
    assert opened.status_code == 302  # "does not exist": back to the admin's index
    assert "dòng chảy vật chất" not in client.get(_change_url(copy), follow=True).content.decode()

    before = (copy.title, copy.audience, copy.audience_party_id)
    changed = client.post(_change_url(copy), {"title": "Sửa", "audience": Audience.EVERYONE})
    assert changed.status_code == 302
    deleted = client.post(
        reverse("admin:assistant_document_delete", args=[copy.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    copy.refresh_from_db()  # still there, unchanged
    assert (copy.title, copy.audience, copy.audience_party_id) == before


def test_a_party_upload_is_listed_only_under_a_party_role_over_it(party, quantri):  # noqa: F811
    note = document_upload(
        actor=party["secretary_a"].user,
        name="nghi-quyet-chi-bo.txt",
        data="# Ghi chú của chi bộ A\n\nChi bộ A họp vào thứ hai đầu tháng.".encode(),
        audience=Audience.PARTY,
        party=party["cell_a"],
    )
    assert note not in selectors.documents_for_admin(viewer=quantri)
    assert note in selectors.documents_for_admin(viewer=party["secretary_a"].user)
    assert note in selectors.documents_for_admin(viewer=party["office"].user)  # the committee
    assert note not in selectors.documents_for_admin(viewer=party["secretary_b"].user)


def test_a_platform_document_is_read_only_and_an_upload_changeable(client, quantri, org):
    lesson = platform_document_sync(
        source=Source.LESSON, source_id=7, title="Bài học kinh nghiệm", text="Bài học hay."
    )
    upload = document_upload(
        actor=quantri, name="quy-dinh.md", data="# Quy định\n\nNộp hồ sơ trước ngày 15.".encode()
    )
    client.force_login(quantri)
    page = client.get(_change_url(lesson)).content.decode()
    assert "Bài học kinh nghiệm" in page and 'name="title"' not in page  # shown, read-only
    refused = client.post(_change_url(lesson), {"title": "Sửa", "audience": Audience.EVERYONE})
    assert refused.status_code == 403
    delete = reverse("admin:assistant_document_delete", args=[lesson.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=lesson.pk).exists()

    assert 'name="title"' in client.get(_change_url(upload)).content.decode()
    assert client.get(reverse("admin:assistant_document_add")).status_code == 403


def test_the_admin_counts_questions_without_reading_them(client, quantri, org):
    exchange = Exchange.objects.create(
        asker=org["staff_a"].user,
        question=QUESTION,
        mode=AnswerMode.EXTRACTIVE,
        answer={"citations": [], "sentences": [{"text": ANSWER}]},
    )
    client.force_login(quantri)
    listing = client.get(reverse("admin:assistant_exchange_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    with translation.override("vi"):
        kind = str(AnswerMode.EXTRACTIVE.label)
    assert html.count(kind) >= 2  # the row's kind of answer, and its filter
    assert QUESTION not in html and ANSWER not in html and "Trần Thị Hoa" not in html
    assert org["staff_a"].user.username not in html

    for name in ("change", "history", "delete"):
        url = reverse(f"admin:assistant_exchange_{name}", args=[exchange.pk])
        response = client.get(url)
        assert response.status_code == 403, name
        assert QUESTION not in response.content.decode()
    assert Exchange.objects.filter(pk=exchange.pk).exists()


def test_narrowing_an_upload_in_the_admin_withdraws_answers_its_askers_may_no_longer_read(
    client, quantri, org
):
    upload = document_upload(
        actor=quantri, name="quy-dinh.md", data="# Quy định\n\nNộp hồ sơ trước ngày 15.".encode()
    )
    cited = {"citations": [{"n": 1, "document": upload.pk}], "sentences": [{"text": "Ngày 15."}]}
    outside = Exchange.objects.create(
        asker=org["staff_a"].user, question="Hạn nộp?", mode=AnswerMode.EXTRACTIVE, answer=cited
    )
    inside = Exchange.objects.create(
        asker=org["staff_b"].user, question="Hạn nộp?", mode=AnswerMode.EXTRACTIVE, answer=cited
    )
    client.force_login(quantri)
    response = client.post(
        _change_url(upload),
        {
            "title": upload.title,
            "number": "",
            "effective_on": "",
            "original_name": upload.original_name,
            "audience": Audience.UNIT,
            "audience_unit": org["dept_b"].pk,
            "audience_party": "",
            "audience_roles": "[]",
            "uploaded_by": quantri.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    upload.refresh_from_db()
    assert upload.audience == Audience.UNIT
    outside.refresh_from_db()
    inside.refresh_from_db()
    assert outside.answer["withdrawn"] is True and outside.answer["citations"] == []
    assert inside.answer == cited  # Cục B's staff still read it
