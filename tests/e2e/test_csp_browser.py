"""The Content-Security-Policy in a real browser: pages, htmx, the language switch, the API
documentation and the admin work without a single policy violation."""

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory
from .test_browser import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-thử-123"
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.fixture
def violations(page):
    found: list[str] = []

    def report(violation: str) -> None:
        found.append(violation)

    page.expose_function("reportViolation", report)
    page.add_init_script(RECORD_VIOLATIONS)
    return found


def test_pages_and_htmx_run_under_the_policy_without_violations(
    transactional_db, org, live_server, page, violations
):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    log_in(page, live_server, "hoa", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Trần Thị Hoa").wait_for()

    # htmx loads its partials (the unit tree expands on demand).
    for path in ("/", "/org/", "/goals/", "/goals/dashboard/", "/assistant/", "/messages/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx !== 'undefined' && htmx.config.allowEval === false")

    # The language switch (a data-autosubmit select, once an inline onchange) still works.
    page.goto(f"{live_server.url}/")
    page.locator("#lang-select").select_option("en")
    page.get_by_role("heading", name="Hello, Trần Thị Hoa").wait_for()
    page.locator("#lang-select").select_option("vi")
    page.get_by_role("heading", name="Xin chào, Trần Thị Hoa").wait_for()

    assert violations == []

    # The recorder is not blind: an inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran === undefined")
    assert any("script-src" in v for v in violations)


def test_api_documentation_and_admin_work_under_the_policy(
    transactional_db, org, live_server, page, violations
):
    UserFactory(username="quantri", password=PASSWORD, is_staff=True, is_superuser=True)
    log_in(page, live_server, "quantri", PASSWORD)
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/api/v1/docs")
    # Swagger UI fetches and lays out the whole schema (300 operations) before the first
    # block shows: on a busy two-core machine that takes longer than a page's usual 15 s.
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=60_000)

    page.goto(f"{live_server.url}/admin/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").is_visible()

    assert violations == []
