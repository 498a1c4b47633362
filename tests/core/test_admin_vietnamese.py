"""The Django admin in Vietnamese (issue 12, "words, not codes"): the administrator reads the
admin's index, django-axes' pages (login lock-out) and the new-account page in Vietnamese —
Django's own strings its Vietnamese catalogue lacks ("Skip to main content", "Toggle theme",
"Show counts", …) and axes' words ("Access attempts", "Attempt Time", …) are translated in
the project's catalogue, axes' app is named, its records name themselves in words with a
local time (never "Access Log for bithu @ 2026-12-07 23:06:44.570804+00:00") and its lists
write their times dd/mm/yyyy HH:MM.

Each page is rendered in Vietnamese and in English: a line of visible text that is the same
in both and reads as English words is a string left untranslated."""

import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.core.test_no_raw_codes import visible_text

# English Django shows, by page, and what the Vietnamese page says instead.
ENGLISH = {
    "index": [
        "Skip to main content",
        "Toggle theme (current theme: auto)",
        "Toggle theme (current theme: light)",
        "Toggle theme (current theme: dark)",
        "Model name",
        "Add link",
        "Change or view list link",
        "Access attempts",
        "Access failures",
        "Access logs",
        "Login lock-out",  # axes' app, otherwise named by its label "Axes"
    ],
    "attempts": [
        "Toggle navigation",
        "Show counts",
        "Select all objects on this page for an action",
        "Select this object for an action",
        "Attempt Time",
        "User Agent",
        "IP Address",
        "Failed Logins",
        "Status",
    ],
    "logs": ["Show counts", "Attempt Time", "Logout Time", "User Agent", "Path"],
    "failures": ["Show counts", "Attempt Time", "Access lock out"],
    "log": ["Login of bithu at", "Meta Data"],
    "attempt": ["Failed logins of bithu since", "Form Data", "Failed Logins"],
    "user_add": [
        "Password-based authentication",
        "After you’ve created a user, you’ll be able to edit more user options.",
        "Toggle navigation",
    ],
}
VIETNAMESE = {
    "index": [
        "Chuyển đến nội dung chính",
        "Đổi giao diện sáng/tối (hiện tại: tự động)",
        "Loại dữ liệu",
        "Khoá đăng nhập",
        "Lượt đăng nhập sai đang tính",
        "Nhật ký đăng nhập không thành công",
        "Nhật ký đăng nhập",
    ],
    "attempts": [
        "Ẩn/hiện thanh điều hướng",
        "Hiện số lượng",
        "Chọn tất cả đối tượng trên trang này để thực hiện thao tác",
        "Chọn đối tượng này để thực hiện thao tác",
        "Thời điểm đăng nhập",
        "Trình duyệt",
        "{login}",
    ],
    "logs": ["Thời điểm đăng nhập", "Thời điểm đăng xuất", "{login}", "{logout}"],
    "failures": ["Thời điểm đăng nhập", "Bị khoá", "{login}"],
    "log": ["Đăng nhập của bithu lúc {login}", "Thông tin kèm theo"],
    "attempt": ["Đăng nhập sai của bithu từ {login}", "Dữ liệu biểu mẫu", "Số lần đăng nhập sai"],
    "user_add": [
        "Xác thực bằng mật khẩu",
        "Sau khi tạo tài khoản, bạn có thể sửa thêm các thông tin khác của tài khoản.",
    ],
}
# Visible text the same in both languages that is no untranslated string: data of the
# records, names, and words Vietnamese writes as English does.
SAME_IN_BOTH = {
    "bithu",
    "quantri",
    "<unknown>",  # the test client's browser, as axes records it
    "127.0.0.1",
    "Mozilla/5.0 (X11; Linux x86_64)",
    "/accounts/login/",
    "text/html",
    "IP",
    "Django",
    "SSO",
    "LDAP",
    "GET",
    "POST",
    "JSON",
    "sha256",
    "HTTP Accept",
    "admin",
}


def _local(moment) -> str:
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).strftime("%d/%m/%Y %H:%M")


@pytest.fixture
def times() -> dict:
    """A login in UTC (recent: axes drops attempts older than its cool-off time), its logout,
    and both as the reader writes them."""
    login = timezone.now().replace(second=44, microsecond=570804) - timedelta(minutes=2)
    logout = login + timedelta(hours=1)
    return {"at": login, "out": logout, "login": _local(login), "logout": _local(logout)}


@pytest.fixture
def admin_client(db, times):
    user = get_user_model().objects.create_superuser(username="quantri", password="x")
    for model, extra in (
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 2}),
        (AccessFailureLog, {"locked_out": True}),
        (AccessLog, {"logout_time": times["out"]}),
    ):
        record = model.objects.create(
            username="bithu",
            ip_address="127.0.0.1",
            user_agent="Mozilla/5.0 (X11; Linux x86_64)",
            http_accept="text/html",
            path_info="/accounts/login/",
            **extra,
        )
        model.objects.filter(pk=record.pk).update(attempt_time=times["at"])  # auto_now_add
    client = Client()
    client.force_login(user)
    return client


def _urls() -> dict[str, str]:
    log = AccessLog.objects.get(username="bithu")
    attempt = AccessAttempt.objects.get(username="bithu")
    return {
        "index": reverse("admin:index"),
        "attempts": reverse("admin:axes_accessattempt_changelist"),
        "logs": reverse("admin:axes_accesslog_changelist"),
        "failures": reverse("admin:axes_accessfailurelog_changelist"),
        "log": reverse("admin:axes_accesslog_change", args=[log.pk]),
        "attempt": reverse("admin:axes_accessattempt_change", args=[attempt.pk]),
        "user_add": reverse("admin:accounts_user_add"),
    }


def _text(client: Client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def test_the_admin_pages_read_in_vietnamese(admin_client, times):
    for page, url in _urls().items():
        english = _text(admin_client, url, "en")
        vietnamese = _text(admin_client, url, "vi")
        for words in ENGLISH[page]:
            assert words in english, (page, words)  # the page does show it in English
            assert words not in vietnamese, (page, words)
        for words in VIETNAMESE[page]:
            words = words.format(**times)
            assert words in vietnamese, (page, words)
        assert "Axes" not in vietnamese.splitlines(), page
        for raw in ("Access Log for", "Attempted Access", "+00:00"):  # axes' own names
            assert raw not in english and raw not in vietnamese, (page, raw)


ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def test_nothing_visible_is_left_in_english(admin_client):
    left: list[str] = []
    for page, url in _urls().items():
        english = set(_text(admin_client, url, "en").splitlines())
        for line in _text(admin_client, url, "vi").splitlines():
            rest = line
            for same in sorted(SAME_IN_BOTH, key=len, reverse=True):
                rest = rest.replace(same, " ")
            if line in english and ENGLISH_WORD.search(rest):
                left.append(f"{page}: {line!r}")
    assert not left, "left in English:\n" + "\n".join(left)


def test_the_admins_javascript_reads_in_vietnamese(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = admin_client.get(reverse("admin:jsi18n"))
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.text, re.S)[1])
    assert catalog["(click to clear)"] == "(bấm để bỏ lọc)"
    assert catalog["Choose all %s"] == "Chọn tất cả %s"
