"""`thidua check --deploy` warns when THIDUA_SITE_URL, the address absolute links in e-mails
and SMS are built from, is left at the development default (issue 12, point 4)."""

from django.core import checks


def _site_warnings(settings, url):
    settings.THIDUA_SITE_URL = url
    return [
        m for m in checks.run_checks(include_deployment_checks=True) if m.id == "thidua.core.W001"
    ]


def test_the_default_site_address_is_reported_by_the_deploy_check(settings):
    [warning] = _site_warnings(settings, "http://127.0.0.1:8000")
    assert warning.level == checks.WARNING
    assert "http://127.0.0.1:8000" in warning.msg and "e-mails, SMS" in warning.msg
    assert "THIDUA_SITE_URL" in warning.hint
    assert _site_warnings(settings, "http://localhost:8000")
    assert _site_warnings(settings, "")


def test_a_real_site_address_passes(settings):
    assert _site_warnings(settings, "https://thidua.mic.gov.vn") == []


def test_the_check_runs_with_deploy_only(settings):
    settings.THIDUA_SITE_URL = "http://127.0.0.1:8000"
    assert not [m for m in checks.run_checks() if m.id == "thidua.core.W001"]
