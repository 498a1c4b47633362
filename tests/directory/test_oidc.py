"""OpenID Connect sign-in against a local provider (tests/directory/oidc_provider.py): the
authorization code flow with PKCE and an RS256 ID token, then the same person matching as
the LDAP sign-in."""

import socket
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ..factories import PersonFactory, UnitFactory, UserFactory
from .oidc_provider import Provider

User = get_user_model()
NO_PERSON = "chưa khớp với hồ sơ cán bộ nào"
DOWN = "Không kết nối được máy chủ thư mục"
FAILED = "Đăng nhập qua hệ thống xác thực của cơ quan không thành công"


@pytest.fixture
def provider(settings):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    yield provider
    provider.stop()


@pytest.fixture
def person(db):
    unit = UnitFactory(code="CA", name="Cục A")
    return PersonFactory(employee_code="NV-OIDC-1", unit=unit, email="hoa@bo.test")


def sign_in(client, provider, claims: dict):
    """The browser's round trip: Thi Đua → provider (signed in there) → Thi Đua's callback."""
    response = client.get(reverse("directory:oidc_login"))
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.base}/authorize"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["code_challenge_method"] == "S256"
    code = provider.authorize(
        nonce=query["nonce"],
        challenge=query["code_challenge"],
        redirect_uri=query["redirect_uri"],
        claims=claims,
    )
    return client.get(reverse("directory:oidc_callback"), {"code": code, "state": query["state"]})


def login_page_text(client) -> str:
    return client.get(reverse("accounts:login")).content.decode()


def test_the_login_page_offers_single_sign_on_only_when_it_is_configured(client, db, settings):
    assert reverse("directory:oidc_login") not in login_page_text(client)
    assert client.get(reverse("directory:oidc_login")).status_code == 404
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize"
    settings.OIDC_RP_CLIENT_ID = "thidua"
    settings.OIDC_RP_CLIENT_SECRET = "x"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    assert reverse("directory:oidc_login") in login_page_text(client)


def test_a_provider_account_signs_in_as_its_person_by_employee_code(client, person, provider):
    claims = {"sub": "u-1", "preferred_username": "hoa.tt", "employee_code": "NV-OIDC-1"}
    response = sign_in(client, provider, claims)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    person.refresh_from_db()
    assert person.user.username == "hoa.tt"
    assert not person.user.has_usable_password()


def test_a_verified_e_mail_matches_and_an_unverified_one_does_not(client, person, provider):
    claims = {"sub": "u-2", "preferred_username": "hoa", "email": "HOA@bo.test"}
    response = sign_in(client, provider, {**claims, "email_verified": False})
    assert response["Location"] == reverse("accounts:login")
    assert NO_PERSON in login_page_text(client)
    assert not User.objects.filter(username="hoa").exists()
    response = sign_in(client, provider, {**claims, "email_verified": True})
    assert response["Location"] == reverse("home")
    person.refresh_from_db()
    assert person.user.username == "hoa"


def test_a_provider_account_with_no_person_is_refused_with_the_reason(client, person, provider):
    response = sign_in(client, provider, {"sub": "u-3", "employee_code": "KHONG-CO"})
    assert response["Location"] == reverse("accounts:login")
    assert NO_PERSON in login_page_text(client)
    assert client.get(reverse("home")).status_code == 302


def test_an_id_token_issued_for_another_client_is_refused(client, person, provider):
    provider.audience = "another-application"
    response = sign_in(client, provider, {"sub": "u-1", "employee_code": "NV-OIDC-1"})
    assert response["Location"] == reverse("accounts:login")
    assert FAILED in login_page_text(client)
    person.refresh_from_db()
    assert person.user is None


def test_the_provider_cannot_sign_in_as_a_break_glass_account(client, person, provider):
    person.user = UserFactory(username="quantri", is_superuser=True)
    person.save(update_fields=["user"])
    response = sign_in(client, provider, {"sub": "u-1", "employee_code": "NV-OIDC-1"})
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("home")).status_code == 302


def test_a_provider_that_is_down_says_so(client, person, provider, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{port}/token"
    response = sign_in(client, provider, {"sub": "u-1", "employee_code": "NV-OIDC-1"})
    assert response["Location"] == reverse("accounts:login")
    assert DOWN in login_page_text(client)
