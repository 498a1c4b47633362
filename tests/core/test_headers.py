"""Response headers and error pages: Content-Security-Policy, no caching of private pages,
session expiry, the Vietnamese 403/404/500 pages and a clean `check --deploy`."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from thidua.core.middleware import SessionExpiryMiddleware

from ..factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# Content-Security-Policy


def test_pages_carry_a_policy_that_allows_scripts_from_this_site_only(client, org):
    client.force_login(org["staff_a"].user)
    for response in (client.get(reverse("home")), client.get(reverse("accounts:login"))):
        policy = csp_directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_no_template_has_inline_script_or_event_handler():
    """The policy refuses them: an inline script or on...= handler would silently not run."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
    js_url = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
    offenders = []
    for template in (ROOT / "thidua").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, js_url):
            offenders += [
                f"{template.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, org):
    client.force_login(org["staff_a"].user)
    page = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles":false' in page
    assert '"allowEval":false' in page
    assert "thidua/js/app.js" in page


# Cache-Control: no-store on private pages


def test_pages_for_a_signed_in_person_are_never_stored(client, org):
    client.force_login(org["staff_a"].user)
    for name, args in (("home", []), ("org:person", [org["staff_a"].pk]), ("goals:mine", [])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"], name


def test_the_api_answers_a_signed_in_person_with_no_store_too(client, org):
    client.force_login(org["staff_a"].user)
    response = client.get("/api/v1/org/units")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_stay_cacheable_for_a_signed_in_person(client, org):
    client.force_login(org["staff_a"].user)
    response = client.get("/static/thidua/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# Session expiry


def set_session_times(client, *, seen_ago: int, started_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SessionExpiryMiddleware.SEEN] = now - seen_ago
    session[SessionExpiryMiddleware.STARTED] = now - started_ago
    session.save()


def test_a_session_idle_longer_than_the_limit_must_sign_in_again(client, org, settings):
    settings.THIDUA_SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(org["staff_a"].user)
    set_session_times(client, seen_ago=31 * 60, started_ago=40 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("home")).status_code == 302  # the session is gone


def test_a_session_in_use_stays_open_within_the_idle_limit(client, org, settings):
    settings.THIDUA_SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(org["staff_a"].user)
    set_session_times(client, seen_ago=29 * 60, started_ago=2 * 3600)
    assert client.get(reverse("home")).status_code == 200
    # That request counted as activity: the idle clock starts again.
    assert int(time.time()) - client.session[SessionExpiryMiddleware.SEEN] < 5
    assert client.get(reverse("home")).status_code == 200


def test_even_an_active_session_ends_after_the_session_hours(client, org, settings):
    settings.SESSION_COOKIE_AGE = 10 * 3600
    client.force_login(org["staff_a"].user)
    set_session_times(client, seen_ago=10, started_ago=10 * 3600 + 60)
    assert client.get(reverse("home")).status_code == 302


def test_the_session_cookie_ends_with_the_browser_by_default(client, org):
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    UserFactory(username="lan", password="Mật-khẩu-đúng-2026")
    client.post(reverse("accounts:login"), {"username": "lan", "password": "Mật-khẩu-đúng-2026"})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["max-age"] and not cookie["expires"]


# Error pages


def test_a_missing_page_is_the_vietnamese_page_even_with_debug_on(client, org, settings):
    settings.DEBUG = True
    client.force_login(org["staff_a"].user)
    for path in ("/khong-co-trang-nay/", "/org/people/999999999/"):
        response = client.get(path)
        assert response.status_code == 404
        body = response.content.decode()
        assert "Không tìm thấy" in body
        assert "URLconf" not in body and "DEBUG = True" not in body and "Traceback" not in body


def test_a_missing_page_is_the_vietnamese_page_with_debug_off(client, org):
    client.force_login(org["staff_a"].user)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_a_server_error_shows_the_vietnamese_page_without_details(client, db, monkeypatch):
    def broken():
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr("thidua.core.views.site.check_broker", broken)
    client.raise_request_exception = False
    response = client.get("/healthz")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Đã xảy ra lỗi" in body
    assert "secret detail" not in body and "RuntimeError" not in body


def test_the_500_page_renders_without_the_database(django_assert_num_queries, db):
    from django.test import RequestFactory

    from thidua.core.views.site import server_error

    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/emulation/", "emulation:movement_list"),
        ("/awards/", "awards:registry_list"),
        ("/party/", "party:resolutions"),
    ],
)
def test_the_app_roots_linked_from_the_readme_open_the_apps_main_page(client, org, path, target):
    client.force_login(org["staff_a"].user)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse(target)


# Production settings


def test_check_deploy_is_clean_under_production_settings():
    # Not this test process's Django variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright): a deployment's own environment.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "THIDUA_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k9#Vq2!xL0pZr7@Tt4$Wm1^Yc8&Hn3*Jb6(Ds5)Gf0-Ue2+Ao9=Ri",
        "DATABASE_URL": "postgres://thidua:secret@127.0.0.1:5432/thidua",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ALLOWED_HOSTS": "thidua.example.gov.vn",
        # the address e-mails and SMS link to (thidua.core.W001 when left at 127.0.0.1)
        "THIDUA_SITE_URL": "https://thidua.example.gov.vn",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_hsts_and_secure_cookies_only():
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://thidua:secret@127.0.0.1:5432/thidua",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ALLOWED_HOSTS": "thidua.example.gov.vn",
        "DJANGO_BEHIND_PROXY": "1",
    }
    code = (
        "import config.settings.production as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER,"
        " s.THIDUA_TRUSTED_PROXIES)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split(" ", 5)[:5] == ["31536000", "True", "True", "True", "True"], (
        result.stdout + result.stderr
    )
    assert "('HTTP_X_FORWARDED_PROTO', 'https') 1" in result.stdout
