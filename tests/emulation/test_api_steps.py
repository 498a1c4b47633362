# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Emulation API, the steps the pages allow beyond registering: advancing a movement and
publishing its results (the office, If-Match checked), criteria scores and rankings (the
office and the council; private until published), lessons and their adoptions, and the
rating's self-assessment (If-Match required), publication and appeals — each with the role
allowed, a role refused, a token without the scope, and a stale ETag."""

import json
from datetime import date, timedelta

import pytest

from thidua.accounts.tokens import token_create
from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import (
    AnnualRating,
    CriterionScore,
    Lesson,
    LessonAdoption,
    Movement,
    RatingAppeal,
)
from thidua.emulation.services import movements as movement_services
from thidua.emulation.services import ratings as rating_services

from .conftest import council_member, minister  # noqa: F401
from .test_movements_services import advance_to, clusters, movement, open_movement  # noqa: F401
from .test_ratings_services import drafting, head_b, score_month  # noqa: F401

TODAY = date(2026, 12, 10)
API = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _json(client, method, url, data=None, **headers):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json", **headers)


def _bearer(person, *scopes) -> dict:
    secret = token_create(
        actor=person.user, name="API", scopes=list(scopes), expires_on=TODAY + timedelta(days=5)
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# ---- a movement's steps ------------------------------------------------------------------


def test_the_office_advances_a_movement_with_if_match_and_others_cannot(
    open_movement, officer, org, client
):
    url = f"{API}/movements/{open_movement.pk}"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{url}/advance", {}).status_code == 403
    client.force_login(officer.user)
    etag = client.get(url)["ETag"]
    moved = _json(
        client, "POST", f"{url}/advance", {"to_status": "in_progress"}, HTTP_IF_MATCH=etag
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "in_progress"
    stale = _json(client, "POST", f"{url}/advance", {}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    twice = _json(client, "POST", f"{url}/advance", {"to_status": "in_progress"})
    assert twice.status_code == 422  # the next step is mid-term review, not in progress again
    assert Movement.objects.get(pk=open_movement.pk).status == MovementStatus.IN_PROGRESS
    read_only = _json(client, "POST", f"{url}/advance", {}, **_bearer(officer, "emulation:read"))
    assert read_only.status_code == 403
    assert Movement.objects.get(pk=open_movement.pk).status == MovementStatus.IN_PROGRESS


def test_scores_are_entered_by_the_office_private_until_published_then_ranked(
    open_movement, officer, council_member, org, client
):
    registration = movement_services.registration_create(
        actor=org["staff_a"].user, movement=open_movement, person=org["staff_a"], commitments="X"
    )
    movement = advance_to(open_movement, officer, MovementStatus.IN_PROGRESS)
    criterion = movement.criteria.get(name="Hoàn thành nhiệm vụ")
    url = f"{API}/movements/{movement.pk}"
    body = {
        "scores": [
            {"registration_id": registration.pk, "criterion_id": criterion.pk, "points": "40"}
        ]
    }
    client.force_login(org["staff_a"].user)
    assert _json(client, "POST", f"{url}/scores", body).status_code == 403
    assert client.get(f"{url}/scores").status_code == 403
    assert client.get(f"{url}/rankings").status_code == 403
    client.force_login(council_member.user)
    too_many = {"scores": [{**body["scores"][0], "points": "51"}]}
    refused = _json(client, "POST", f"{url}/scores", too_many)
    assert refused.status_code == 422
    assert not CriterionScore.objects.exists()
    saved = _json(client, "POST", f"{url}/scores", body)
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"saved": 1}
    listed = client.get(f"{url}/scores?criterion_id={criterion.pk}").json()["items"]
    assert [(s["registration_id"], s["points"]) for s in listed] == [(registration.pk, "40.00")]
    assert [c["name"] for c in client.get(f"{url}/criteria").json()["items"]][0] == criterion.name
    # publishing: the office only, at the final review
    client.force_login(officer.user)
    early = _json(client, "POST", f"{url}/publish-results")
    assert early.status_code == 422
    advance_to(Movement.objects.get(pk=movement.pk), officer, MovementStatus.FINAL_REVIEW)
    client.force_login(council_member.user)
    assert _json(client, "POST", f"{url}/publish-results").status_code == 403
    client.force_login(officer.user)
    published = _json(client, "POST", f"{url}/publish-results")
    assert published.status_code == 200, published.content
    assert published.json()["results_published"] is True
    client.force_login(org["staff_b"].user)
    ranked = client.get(f"{url}/rankings")
    assert ranked.status_code == 200
    rows = [row for group in ranked.json() for row in group["rows"]]
    assert [(r["registration_id"], r["position"]) for r in rows] == [(registration.pk, 1)]


# ---- lessons -----------------------------------------------------------------------------


def test_a_unit_records_a_lesson_and_another_units_head_adopts_it(org, head_b, client):
    body = {
        "unit_id": org["dept_a"].pk,
        "title": "Một cửa số",
        "summary": "Tiếp nhận hồ sơ trực tuyến, giảm 40% thời gian.",
        "author_ids": [org["staff_a"].pk],
    }
    client.force_login(org["staff_b"].user)  # works in Cục B
    assert _json(client, "POST", f"{API}/lessons", body).status_code == 403
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{API}/lessons", {**body, "summary": " "}).status_code == 422
    assert not Lesson.objects.exists()
    created = _json(client, "POST", f"{API}/lessons", body)
    assert created.status_code == 201, created.content
    lesson = created.json()
    assert lesson["author_ids"] == [org["staff_a"].pk]
    adopt = {"unit_id": org["dept_b"].pk, "result": "Áp dụng từ quý 3"}
    own = _json(client, "POST", f"{API}/lessons/{lesson['id']}/adoptions", adopt)
    assert own.status_code == 403  # head_a does not head Cục B
    client.force_login(org["staff_b"].user)
    assert (
        _json(client, "POST", f"{API}/lessons/{lesson['id']}/adoptions", adopt).status_code == 403
    )
    client.force_login(head_b.user)
    adopted = _json(client, "POST", f"{API}/lessons/{lesson['id']}/adoptions", adopt)
    assert adopted.status_code == 201, adopted.content
    again = _json(client, "POST", f"{API}/lessons/{lesson['id']}/adoptions", adopt)
    assert again.status_code == 422
    assert LessonAdoption.objects.count() == 1
    detail = client.get(f"{API}/lessons/{lesson['id']}")
    assert detail["ETag"]
    assert detail.json()["adoption_count"] == 1
    listed = client.get(f"{API}/lessons?unit_id={org['dept_a'].pk}").json()["items"]
    assert [x["id"] for x in listed] == [lesson["id"]]
    scoped = _json(
        client,
        "POST",
        f"{API}/lessons",
        {**body, "unit_id": org["dept_b"].pk},
        **_bearer(head_b, "emulation:read"),
    )
    assert scoped.status_code == 403
    assert Lesson.objects.count() == 1


# ---- the rating's steps ------------------------------------------------------------------


@pytest.fixture
def own_rating(org, drafting):
    """staff_a's rating of 2026, opened by the head from a scored month."""
    staff = org["staff_a"]
    score_month(actor=org["head_a"], person=staff, item=drafting, month=1)
    return rating_services.annual_rating_prepare(actor=org["head_a"].user, person=staff, year=2026)


def test_the_person_self_assesses_with_if_match_and_nobody_else_can(own_rating, org, client):
    url = f"{API}/ratings/{own_rating.pk}"
    body = {"text": "Hoàn thành tốt các nhiệm vụ được giao."}
    client.force_login(org["head_a"].user)
    etag = client.get(url)["ETag"]
    assert (
        _json(client, "POST", f"{url}/self-assessment", body, HTTP_IF_MATCH=etag).status_code == 403
    )
    client.force_login(org["staff_b"].user)
    assert (
        _json(client, "POST", f"{url}/self-assessment", body, HTTP_IF_MATCH="*").status_code == 404
    )
    client.force_login(org["staff_a"].user)
    assert _json(client, "POST", f"{url}/self-assessment", body).status_code == 428
    done = _json(client, "POST", f"{url}/self-assessment", body, HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "self_assessed"
    stale = _json(client, "POST", f"{url}/self-assessment", {"text": "Khác"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    scoped = _json(
        client,
        "POST",
        f"{url}/self-assessment",
        {"text": "Khác"},
        HTTP_IF_MATCH="*",
        **_bearer(org["staff_a"], "emulation:read"),
    )
    assert scoped.status_code == 403
    assert AnnualRating.objects.get(pk=own_rating.pk).self_assessment == body["text"]


def test_published_rating_is_appealed_by_the_person_and_decided_by_the_level_above(
    own_rating, org, minister, client
):
    rating_services.rating_self_assess(actor=org["staff_a"].user, rating=own_rating, text="Tốt")
    rating_services.rating_propose(actor=org["head_a"].user, rating=own_rating, level="HT")
    rating_services.rating_approve(actor=minister.user, rating=own_rating)
    url = f"{API}/ratings/{own_rating.pk}"
    client.force_login(org["staff_a"].user)  # the person does not publish their own rating
    assert _json(client, "POST", f"{url}/publish").status_code == 403
    client.force_login(org["staff_b"].user)  # another department: not even seen
    assert _json(client, "POST", f"{url}/publish").status_code == 404
    client.force_login(minister.user)
    published = _json(client, "POST", f"{url}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    client.force_login(org["head_a"].user)
    assert _json(client, "POST", f"{url}/appeals", {"text": "Không đồng ý"}).status_code == 403
    client.force_login(org["staff_a"].user)
    appealed = _json(client, "POST", f"{url}/appeals", {"text": "Đề nghị xem lại điểm tháng 1."})
    assert appealed.status_code == 201, appealed.content
    appeal_id = appealed.json()["id"]
    assert [a["id"] for a in client.get(f"{url}/appeals").json()["items"]] == [appeal_id]
    decide = f"{API}/rating-appeals/{appeal_id}/decide"
    body = {"upheld": False, "note": "Giữ nguyên: điểm đã được rà soát."}
    assert _json(client, "POST", decide, body).status_code == 403  # not their own appeal
    client.force_login(minister.user)
    etag = client.get(url)["ETag"]
    no_note = _json(client, "POST", decide, {"upheld": False, "note": ""}, HTTP_IF_MATCH=etag)
    assert no_note.status_code == 422
    decided = _json(client, "POST", decide, body, HTTP_IF_MATCH=etag)
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "dismissed"
    assert AnnualRating.objects.get(pk=own_rating.pk).status == "published"
    assert _json(client, "POST", decide, body).status_code == 422  # already decided
    assert RatingAppeal.objects.get(pk=appeal_id).status == "dismissed"


def test_an_appeal_decision_with_a_stale_rating_etag_writes_nothing(
    own_rating, org, minister, client
):
    rating_services.rating_self_assess(actor=org["staff_a"].user, rating=own_rating, text="Tốt")
    rating_services.rating_propose(actor=org["head_a"].user, rating=own_rating, level="HT")
    rating_services.rating_approve(actor=minister.user, rating=own_rating)
    client.force_login(minister.user)
    etag = client.get(f"{API}/ratings/{own_rating.pk}")["ETag"]
    rating_services.rating_publish(actor=minister.user, rating=own_rating)
    appeal = rating_services.rating_appeal(
        actor=org["staff_a"].user, rating=AnnualRating.objects.get(pk=own_rating.pk), text="Xem lại"
    )
    stale = _json(
        client,
        "POST",
        f"{API}/rating-appeals/{appeal.pk}/decide",
        {"upheld": True, "level": "HTT", "note": "Chấp nhận"},
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    assert RatingAppeal.objects.get(pk=appeal.pk).status == "open"


def test_bad_input_is_a_422_in_vietnamese_and_writes_nothing(open_movement, officer, org, client):
    client.force_login(officer.user)
    url = f"{API}/movements/{open_movement.pk}"
    cell = {"registration_id": 1, "criterion_id": 1}
    for points in ("NaN", "1e400", -1, "9999999"):
        bad = _json(client, "POST", f"{url}/scores", {"scores": [{**cell, "points": points}]})
        assert bad.status_code == 422, (points, bad.content)
    huge = {"scores": [{**cell, "points": "1"}] * 2001}
    assert _json(client, "POST", f"{url}/scores", huge).status_code == 422
    lesson = {"unit_id": org["dept_a"].pk, "title": "A\u0000B", "summary": "Tóm tắt"}
    assert _json(client, "POST", f"{API}/lessons", lesson).status_code == 422
    lone = json.dumps({"unit_id": org["dept_a"].pk, "summary": "x"})[:-1] + ', "title": "\\ud800"}'
    answer = client.post(f"{API}/lessons", lone, content_type="application/json")
    assert answer.status_code == 422
    assert _json(client, "POST", f"{url}/advance", {"to_status": "nope"}).status_code == 422
    assert client.get(f"{API}/lessons?cursor=not-a-cursor!").status_code == 422
    assert client.get(f"{API}/lessons/{2**63}").status_code == 422
    assert not Lesson.objects.exists() and not CriterionScore.objects.exists()
    assert Movement.objects.get(pk=open_movement.pk).status == MovementStatus.REGISTRATION_OPEN
