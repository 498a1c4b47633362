"""Personal access tokens (issue 15, points 2 and 5): made and revoked by their user on a
page, stored hashed, accepted as `Authorization: Bearer` within their scopes only; a token
used after revocation, after expiry or beyond its scope is refused with a clear message;
every API operation declares the scope it needs."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.api import NoScopeDeclared, api, operation_scopes
from thidua.accounts.api_auth import ApiScope
from thidua.accounts.models import AccessToken
from thidua.accounts.tokens import token_create, token_revoke
from thidua.goals.models import Goal

TODAY = date(2025, 7, 1)
YEAR_2025 = {"period_kind": "year", "period_start": "2025-01-01", "period_end": "2025-12-31"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def world(cascade, monkeypatch):
    """The goals of 2025 (tests/goals), with the clock on the same day: a token's expiry is
    judged against it."""
    noon = timezone.make_aware(datetime.combine(TODAY, time(12)))
    monkeypatch.setattr("django.utils.timezone.now", lambda: noon)
    return cascade


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token(user, scopes, days=30):
    return token_create(
        actor=user, name="Báo cáo", scopes=scopes, expires_on=TODAY + timedelta(days=days)
    ).secret


# ---- the page ---------------------------------------------------------------------------


def test_the_page_shows_a_new_token_once_and_stores_only_its_digest(org, client):
    client.force_login(org["staff_a"].user)
    response = client.post(
        reverse("accounts:tokens"),
        {
            "name": "Báo cáo tuần",
            "scopes": ["goals:read", "party:write"],
            "expires_on": "2025-09-30",
        },
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("td_") and secret in response.content.decode()
    token = AccessToken.objects.get()
    assert token.user == org["staff_a"].user
    assert token.scopes == ["goals:read", "party:write"]
    assert secret not in (token.digest, token.prefix) and secret.startswith(token.prefix)
    # listed later by its prefix, never again in full
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert token.prefix in page and secret not in page


def test_the_page_refuses_a_token_longer_than_a_year_or_without_scope(org, client):
    client.force_login(org["staff_a"].user)
    response = client.post(
        reverse("accounts:tokens"),
        {"name": "Mãi mãi", "scopes": ["goals:read"], "expires_on": "2026-08-01"},
    )
    assert response.status_code == 400
    assert "366" in response.content.decode()
    response = client.post(
        reverse("accounts:tokens"), {"name": "Không phạm vi", "expires_on": "2025-08-01"}
    )
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_a_user_revokes_a_token_on_the_page_and_nobody_else_can(org, client):
    _token(org["staff_a"].user, ["goals:read"])
    token = AccessToken.objects.get()
    client.force_login(org["staff_b"].user)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(org["staff_a"].user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


# ---- the API ----------------------------------------------------------------------------


def test_a_token_reads_as_its_user_and_records_its_last_use(world):
    secret = _token(world["staff_a"].user, ["goals:read"])
    response = Client().get(f"/api/v1/goals/goals/{world['personal'].pk}", **_bearer(secret))
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Số hoá hồ sơ"
    assert AccessToken.objects.get().last_used_at is not None


def test_a_token_writes_without_csrf_within_its_write_scope(world):
    secret = _token(world["staff_a"].user, ["goals:write"])
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/goals/tasks",
        {"title": "Việc qua API"},
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 201, response.content
    # write includes read of the same app
    assert Client().get("/api/v1/goals/tasks", **_bearer(secret)).status_code == 200


def test_a_token_beyond_its_scope_is_refused_with_403_and_writes_nothing(world):
    secret = _token(world["staff_a"].user, ["goals:read", "org:write"])
    before = Goal.objects.count()
    response = Client().post(
        "/api/v1/goals/goals",
        {"title": "Mục tiêu của tôi", "owner_person_id": world["staff_a"].pk, **YEAR_2025},
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Mã truy cập này không có phạm vi goals:write."}
    assert Goal.objects.count() == before
    # another app's scope does not reach this one either
    other = _token(world["staff_a"].user, ["party:read"])
    assert Client().get("/api/v1/goals/programs", **_bearer(other)).status_code == 403


def test_a_token_never_has_more_rights_than_its_user(world):
    secret = _token(world["staff_b"].user, ["goals:write"])
    kr = world["personal"].key_results.get(title="Hồ sơ số hoá")
    response = Client().post(
        f"/api/v1/goals/key-results/{kr.pk}/check-ins",
        {"value": "1", "confidence": "on_track"},
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 403
    assert not kr.checkins.exists()


def test_a_revoked_token_is_refused_with_401_saying_so(world):
    user = world["staff_a"].user
    secret = _token(user, ["goals:read"])
    token_revoke(actor=user, token=AccessToken.objects.get())
    response = Client().get("/api/v1/goals/programs", **_bearer(secret))
    assert response.status_code == 401
    assert "thu hồi" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_an_expired_token_is_refused_with_401_saying_so(world):
    secret = _token(world["staff_a"].user, ["goals:read"])
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get("/api/v1/goals/programs", **_bearer(secret))
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_an_unknown_or_malformed_token_is_refused_with_401(world):
    secret = _token(world["staff_a"].user, ["goals:read"])
    assert Client().get("/api/v1/goals/programs", **_bearer(secret + "x")).status_code == 401
    response = Client().get("/api/v1/goals/programs", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_the_token_of_a_disabled_account_is_refused(world):
    user = world["staff_a"].user
    secret = _token(user, ["goals:read"])
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/goals/programs", **_bearer(secret)).status_code == 401


# ---- every operation declares its scope ---------------------------------------------------


def _operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_every_api_operation_declares_a_scope():
    undeclared = [
        f"{op.methods} {op.view_func.__module__}.{op.view_func.__name__}"
        for op in _operations()
        if not op.auth_callbacks
        or not all(isinstance(auth, ApiScope) for auth in op.auth_callbacks)
        or not operation_scopes(op)
    ]
    assert undeclared == []


def test_the_openapi_schema_names_each_operations_scope(client, org):
    client.force_login(org["staff_a"].user)
    schema = client.get("/api/v1/openapi.json").json()
    missing = [
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
        if not spec.get("x-scope") or spec["security"][0]["bearer"] != spec["x-scope"]
    ]
    assert missing == []
    programs = schema["paths"]["/api/v1/goals/programs"]["get"]
    assert programs["x-scope"] == ["goals:read"]
    assert schema["paths"]["/api/v1/goals/tasks"]["post"]["x-scope"] == ["goals:write"]


def test_every_operation_has_a_vietnamese_summary(client, org):
    client.force_login(org["staff_a"].user)
    schema = client.get("/api/v1/openapi.json").json()
    english = [
        f"{method.upper()} {path}: {spec.get('summary')}"
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
        if not any(ord(ch) > 127 for ch in spec.get("summary", ""))
    ]
    assert english == []


def test_an_operation_without_a_scope_is_refused_whoever_calls(rf, org):
    request = rf.get("/api/v1/x")
    request.user = org["staff_a"].user
    with pytest.raises(Exception, match="khai báo|declares"):
        NoScopeDeclared()(request)


def test_tokens_made_by_the_service_expire_at_the_end_of_the_chosen_day(org):
    secret = _token(org["staff_a"].user, ["org:read"], days=1)
    token = AccessToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == TODAY + timedelta(days=1)
    assert secret.startswith(token.prefix)
