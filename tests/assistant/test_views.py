"""The chat page (htmx), the documents pages and the API."""

import pytest
from django.urls import reverse

from thidua.assistant.choices import Feedback
from thidua.assistant.models import Exchange
from thidua.assistant.services import question_ask


@pytest.fixture
def hoa(client, org):
    client.force_login(org["staff_a"].user)
    return client


def test_the_chat_page_shows_my_history_only(hoa, org, library):
    question_ask(actor=org["staff_a"].user, question="Thời hạn gửi hồ sơ khen thưởng tổng kết năm?")
    question_ask(actor=org["staff_b"].user, question="Câu hỏi của người khác về lượng tử")
    page = hoa.get(reverse("assistant:chat")).content.decode()
    assert "Thời hạn gửi hồ sơ khen thưởng tổng kết năm?" in page
    assert "Câu hỏi của người khác" not in page
    assert "Chương IV, Điều 12, khoản 1" in page  # the citation, as a link
    assert f'href="/assistant/documents/{library["regulation"].pk}/#p' in page


def test_asking_through_htmx_returns_the_new_exchange(hoa, library):
    response = hoa.post(
        reverse("assistant:chat"),
        {"question": "Điều kiện Chiến sĩ thi đua cơ sở?"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="exchange"')
    assert "<mark>" in html and "Điều 6" in html


def test_a_script_in_the_question_is_shown_escaped(hoa, library):
    hoa.post(reverse("assistant:chat"), {"question": "<script>alert('x')</script> khen thưởng"})
    page = hoa.get(reverse("assistant:chat")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_a_bad_question_gets_a_vietnamese_message(hoa, library):
    response = hoa.post(reverse("assistant:chat"), {"question": "x" * 5000})
    assert response.status_code == 422
    assert "Câu hỏi quá dài" in response.content.decode()
    response = hoa.post(reverse("assistant:chat"), {"question": ""}, HTTP_HX_REQUEST="true")
    assert "Hãy nhập câu hỏi" in response.content.decode()
    assert response["X-Question-Refused"] == "1"  # the form keeps the text for correction
    assert not Exchange.objects.exists()


def test_feedback_is_stored_and_only_on_my_own_answers(hoa, org, library):
    mine = question_ask(actor=org["staff_a"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    theirs = question_ask(actor=org["staff_b"].user, question="Điều kiện Chiến sĩ thi đua cơ sở?")
    response = hoa.post(
        reverse("assistant:feedback", args=[mine.pk]),
        {"feedback": "useful"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Hữu ích" in response.content.decode()
    mine.refresh_from_db()
    assert mine.feedback == Feedback.USEFUL and mine.feedback_at is not None
    assert (
        hoa.post(
            reverse("assistant:feedback", args=[theirs.pk]), {"feedback": "useful"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.feedback == ""


def test_a_document_outside_my_audience_is_not_found(hoa, library):
    assert (
        hoa.get(reverse("assistant:document", args=[library["regulation"].pk])).status_code == 200
    )
    assert (
        hoa.get(reverse("assistant:document", args=[library["secret_plan"].pk])).status_code == 404
    )
    listing = hoa.get(reverse("assistant:documents")).content.decode()
    assert library["regulation"].title in listing and library["secret_plan"].title not in listing


def test_staff_cannot_upload_through_the_page(hoa, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.md", "# Tài liệu\n\nNội dung thử nghiệm của văn bản.".encode())
    response = hoa.post(reverse("assistant:documents"), {"file": upload, "audience": "everyone"})
    assert response.status_code == 403


def test_an_administrator_uploads_through_the_page(client, org_admin, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org_admin)
    text = "# Hướng dẫn trực ban\n\nCán bộ trực ban kiểm tra hệ thống lúc 7 giờ 30 mỗi sáng."
    response = client.post(
        reverse("assistant:documents"),
        {"file": SimpleUploadedFile("truc-ban.md", text.encode()), "audience": "everyone"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Cán bộ trực ban kiểm tra hệ thống lúc 7 giờ 30 mỗi sáng." in page
    corrupt = client.post(
        reverse("assistant:documents"),
        {"file": SimpleUploadedFile("hong.pdf", b"%PDF-1.4 junk"), "audience": "everyone"},
    )
    assert corrupt.status_code == 422 and "PDF" in corrupt.content.decode()


def test_the_api_answers_and_takes_feedback(hoa, library):
    response = hoa.post(
        "/api/v1/assistant/ask",
        {"question": "thoi han gui ho so khen thuong"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "extractive"
    assert body["answer"]["citations"][0]["path"].startswith("Chương IV, Điều 12")
    feedback = hoa.post(
        f"/api/v1/assistant/answers/{body['id']}/feedback",
        {"feedback": "not_useful"},
        content_type="application/json",
    )
    assert feedback.status_code == 200 and feedback.json()["feedback"] == "not_useful"
    assert hoa.get("/api/v1/assistant/history").json()["items"][0]["id"] == body["id"]
    bad = hoa.post("/api/v1/assistant/ask", {"question": ""}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "question"


def test_the_api_needs_a_login(client, library):
    response = client.post(
        "/api/v1/assistant/ask", {"question": "khen thưởng"}, content_type="application/json"
    )
    assert response.status_code == 401
