# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""A resolution's number is unique per issuing body and year of issue (walk-through C2 of
06/12/2026: "05-NQ/ĐU" uploaded twice to the same Đảng bộ was stored twice). Refused in the
service, on the upload page (under the number) and by the API (422); the same number in
another year or of another body is accepted."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from thidua.party import services
from thidua.party.models import Resolution

from .conftest import party, resolution_text  # noqa: F401


def _upload(party, text, *, body="committee", number="05-NQ/ĐU", issued_on=date(2026, 3, 2)):
    return services.resolution_upload(
        actor=party["office"].user,
        body=party[body],
        title="Nghị quyết về chuyển đổi số",
        number=number,
        issued_on=issued_on,
        file_name="nq.txt",
        data=text.encode(),
    )


def test_same_number_same_body_same_year_is_refused_with_a_vietnamese_message(
    party, resolution_text
):
    _upload(party, resolution_text)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        _upload(party, resolution_text, number=" 05-nq/đu ", issued_on=date(2026, 11, 20))

    assert refused.value.message_dict["number"] == [
        "Đảng bộ Thử nghiệm đã có nghị quyết số 05-nq/đu ban hành năm 2026. Số nghị quyết "
        "không được trùng trong cùng một năm của một tổ chức đảng."
    ]
    assert Resolution.objects.count() == 1


def test_same_number_in_another_year_or_of_another_body_is_accepted(party, resolution_text):
    _upload(party, resolution_text)
    _upload(party, resolution_text, issued_on=date(2027, 1, 5))
    _upload(party, resolution_text, body="cell_a")

    assert Resolution.objects.filter(number="05-NQ/ĐU").count() == 3


def test_undated_duplicates_are_refused_and_a_resolution_without_number_is_not_checked(
    party, resolution_text
):
    _upload(party, resolution_text, issued_on=None)
    with pytest.raises(ValidationError):
        _upload(party, resolution_text, issued_on=None)
    _upload(party, resolution_text, number="")
    _upload(party, resolution_text, number="")

    assert Resolution.objects.count() == 3


def test_upload_page_shows_the_refusal_under_the_number(client, party, resolution_text):
    _upload(party, resolution_text)
    client.force_login(party["office"].user)
    with translation.override("vi"):
        response = client.post(
            reverse("party:resolutions"),
            {
                "body": party["committee"].pk,
                "title": "Nghị quyết lần hai",
                "number": "05-NQ/ĐU",
                "issued_on": "2026-06-01",
                "file": SimpleUploadedFile("nq.txt", resolution_text.encode()),
            },
            HTTP_ACCEPT_LANGUAGE="vi",
        )

    assert response.status_code == 400
    assert "đã có nghị quyết số 05-NQ/ĐU ban hành năm 2026" in response.content.decode()
    assert Resolution.objects.count() == 1


def test_api_upload_of_a_duplicate_number_answers_422(client, party, resolution_text):
    _upload(party, resolution_text)
    client.force_login(party["office"].user)
    data = {
        "body_id": party["committee"].pk,
        "title": "Nghị quyết qua API",
        "number": "05-NQ/ĐU",
        "issued_on": "2026-09-09",
        "file": SimpleUploadedFile("nq.txt", resolution_text.encode(), content_type="text/plain"),
    }
    response = client.post("/api/v1/party/resolutions", data)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "number"]
    assert "05-NQ/ĐU" in error["msg"]
    assert Resolution.objects.count() == 1
