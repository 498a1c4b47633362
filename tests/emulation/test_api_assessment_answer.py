# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API, an external assessor's answer (issue 15, point 2): someone with no account
answers through the API with the token of the link they were sent — the page's service, so the
link then works no more on the page either; a used, expired or made-up link refused with the
page's reason and nothing written; bad input 422 with the link still usable; credentials that
are sent (a bearer token, a session) checked as everywhere else."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.core.models import AuditEvent
from thidua.emulation.models import ExternalAssessment, ExternalAssessmentAnswer
from thidua.emulation.selectors.records import external_assessment_summary

from .test_records_services import director, invite  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 10)
URL = "/api/v1/emulation/assessments/answer"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def links(org, director):
    return invite(org["head_a"], director, count=2, year=2026)


def _answer(client, body, **headers):
    return client.generic("POST", URL, json.dumps(body), content_type="application/json", **headers)


def _state():
    return (
        ExternalAssessmentAnswer.objects.count(),
        ExternalAssessment.objects.filter(answered_at__isnull=False).count(),
    )


def test_an_assessor_without_an_account_answers_once_through_the_api(org, director, links):
    assessor = Client(enforce_csrf_checks=True)  # no session, no token: only the link's code
    token = links[0].token

    answered = _answer(assessor, {"token": token, "score": 4, "comment": "Điều hành quyết liệt"})

    assert answered.status_code == 201, answered.content
    assert answered.json() == {
        "person_name": "Ngô Văn Giám Đốc",
        "position_name": "Cục trưởng",
        "year": 2026,
    }
    stored = ExternalAssessmentAnswer.objects.get()
    assert (stored.person, stored.year, stored.score) == (director, 2026, 4)
    assert stored.comment == "Điều hành quyết liệt"
    assert ExternalAssessment.objects.get(pk=links[0].assessment.pk).answered_at is not None
    assert ExternalAssessment.objects.get(pk=links[1].assessment.pk).answered_at is None
    event = AuditEvent.objects.get(action="external_assessment.answered")
    assert event.actor is None  # nothing about who answered, nor through which link
    summary = external_assessment_summary(viewer=org["head_a"].user, person=director, year=2026)
    assert (summary.invited, summary.answered, summary.open) == (2, 1, 1)

    again = _answer(assessor, {"token": token, "score": 1})
    assert again.status_code == 410
    assert again.json()["detail"].startswith("Đã có câu trả lời gửi qua liên kết này")
    assert assessor.get(links[0].path).status_code == 410  # the page knows it is used too
    assert _state() == (1, 1)


def test_an_expired_or_made_up_link_is_refused_with_its_reason_and_nothing_written(links):
    ExternalAssessment.objects.filter(pk=links[0].assessment.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assessor = Client()

    expired = _answer(assessor, {"token": links[0].token, "score": 5})
    made_up = _answer(assessor, {"token": "A" * 43, "score": 5})
    malformed = _answer(assessor, {"token": "../../etc/passwd", "score": 5})

    assert expired.status_code == 410
    assert expired.json()["detail"].startswith("Liên kết này đã hết hạn")
    assert (made_up.status_code, malformed.status_code) == (404, 404)
    assert made_up.json()["detail"].startswith("Liên kết không hợp lệ")
    assert _state() == (0, 0)


def test_bad_input_is_422_and_the_link_still_works(links):
    assessor = Client()
    token = links[0].token
    cases = {
        "no score": {"token": token},
        "score 0": {"token": token, "score": 0},
        "score 6": {"token": token, "score": 6},
        "score as a fraction": {"token": token, "score": 4.5},
        "a comment too long": {"token": token, "score": 4, "comment": "x" * 2001},
        "a null character": {"token": token, "score": 4, "comment": "a\x00b"},
        "no token": {"score": 4},
        "an empty token": {"token": "", "score": 4},
        "a token too long": {"token": "A" * 201, "score": 4},
    }
    for name, body in cases.items():
        response = _answer(assessor, body)
        assert response.status_code == 422, (name, response.content)
        assert response.json()["detail"], name
    assert _state() == (0, 0)

    assert _answer(assessor, {"token": token, "score": 3}).status_code == 201


def test_credentials_that_are_sent_are_checked_as_everywhere(org, links):
    staff = org["staff_a"]
    bad = {"HTTP_AUTHORIZATION": "Bearer td_khong_co_ma_nay"}
    narrow = token_create(
        actor=staff.user, name="Đọc", scopes=["emulation:read"], expires_on=TODAY + timedelta(5)
    ).secret
    body = {"token": links[0].token, "score": 4}

    assert _answer(Client(), body, **bad).status_code == 401
    refused = _answer(Client(), body, HTTP_AUTHORIZATION=f"Bearer {narrow}")
    assert refused.status_code == 403
    assert _state() == (0, 0)

    browser = Client(enforce_csrf_checks=True)  # a signed-in session needs its CSRF header
    browser.force_login(staff.user)
    assert _answer(browser, body).status_code == 403
    assert _state() == (0, 0)

    writer = token_create(
        actor=staff.user, name="Ghi", scopes=["emulation:write"], expires_on=TODAY + timedelta(5)
    ).secret
    assert _answer(Client(), body, HTTP_AUTHORIZATION=f"Bearer {writer}").status_code == 201
    assert _state() == (1, 1)


def test_the_schema_says_no_credentials_are_needed(org, client):
    client.force_login(org["staff_a"].user)
    spec = client.get("/api/v1/openapi.json").json()["paths"][URL]["post"]
    assert {} in spec["security"]
    assert spec["x-scope"] == ["emulation:write"]
