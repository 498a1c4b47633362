"""A staff member in a real browser: logs in, sees the home page in Vietnamese, opens the
organisation tree, and is refused another unit's private page."""

import pytest

pytestmark = pytest.mark.e2e


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_staff_logs_in_opens_the_tree_and_is_refused_another_units_private_page(
    transactional_db, org, live_server, page
):
    log_in(page, live_server, "hoa", "mật-khẩu-thử-123")

    page.get_by_role("heading", name="Xin chào, Trần Thị Hoa").wait_for()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_text("Việc bạn có thể làm tiếp").is_visible()

    page.get_by_role("navigation").get_by_role("link", name="Tổ chức").click()
    page.get_by_role("heading", name="Sơ đồ tổ chức").wait_for()
    tree = page.locator("#org-tree")
    for unit in ("Bộ Thử nghiệm", "Cục A", "Cục B"):
        assert tree.get_by_role("link", name=unit, exact=True).is_visible()

    tree.get_by_role("link", name="Cục B", exact=True).click()
    page.get_by_role("heading", name="Cục B").wait_for()
    assert page.get_by_role("link", name="Danh bạ cán bộ (riêng tư)").count() == 0

    response = page.goto(f"{live_server.url}/org/units/{org['dept_b'].pk}/staff/")
    assert response.status == 403
    page.get_by_role("heading", name="Không có quyền truy cập").wait_for()
    assert org["staff_b"].phone not in page.content()


def test_pages_fit_a_360_px_phone(transactional_db, org, live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, "hoa", "mật-khẩu-thử-123")
    page.get_by_role("heading", name="Xin chào, Trần Thị Hoa").wait_for()
    for path in ("/", "/org/", f"/org/people/{org['staff_a'].pk}/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is wider than the screen by {overflow}px"
