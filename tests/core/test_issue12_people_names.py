"""Words, not codes (issue 12, point 3): people by their names, not their login. The HR
sync's report says who started it by the administrator's name; an administrator without a
Person is named by the account's full name, else its login (nothing else is known)."""

import pytest
from django.urls import reverse

from thidua.org.choices import HrSyncStatus, HrSyncTrigger
from thidua.org.models import HrSyncRun

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def _started_by(client, run) -> str:
    page = client.get(reverse("org:hr_sync_run", args=[run.pk])).content.decode()
    return page.split("<dt>Khởi chạy</dt>", 1)[1].split("</dd>", 1)[0]


@pytest.fixture
def vi(client):
    client.cookies["django_language"] = "vi"
    return client


def test_the_sync_report_names_the_administrator_not_the_login(vi, org_admin):
    PersonFactory(full_name="Lê Văn Quản", user=org_admin)
    run = HrSyncRun.objects.create(
        actor=org_admin, trigger=HrSyncTrigger.MANUAL, status=HrSyncStatus.APPLIED
    )
    vi.force_login(org_admin)
    started_by = _started_by(vi, run)
    assert "Lê Văn Quản" in started_by
    assert org_admin.get_username() not in started_by


def test_an_administrator_without_a_person_is_named_by_the_account(vi, org_admin):
    run = HrSyncRun.objects.create(
        actor=org_admin, trigger=HrSyncTrigger.MANUAL, status=HrSyncStatus.APPLIED
    )
    vi.force_login(org_admin)
    assert "admin-test" in _started_by(vi, run)
    org_admin.first_name, org_admin.last_name = "Quản trị", "Hệ thống"
    org_admin.save(update_fields=["first_name", "last_name"])
    started_by = _started_by(vi, run)
    assert "Quản trị" in started_by and "admin-test" not in started_by


def test_the_home_page_greets_an_account_without_a_person_by_its_name(vi, org_admin):
    vi.force_login(org_admin)
    assert "Xin chào, admin-test" in vi.get(reverse("home")).content.decode()
    org_admin.first_name, org_admin.last_name = "Minh", "Phạm"
    org_admin.save(update_fields=["first_name", "last_name"])
    page = vi.get(reverse("home")).content.decode()
    assert "Xin chào, Minh Phạm" in page and "Xin chào, admin-test" not in page


def test_the_sync_list_names_who_started_each_run(vi, org_admin):
    PersonFactory(full_name="Lê Văn Quản", user=org_admin)
    for _ in range(3):
        HrSyncRun.objects.create(
            actor=org_admin, trigger=HrSyncTrigger.MANUAL, status=HrSyncStatus.APPLIED
        )
    vi.force_login(org_admin)
    vi.get(reverse("org:hr_sync"))
    page = vi.get(reverse("org:hr_sync")).content.decode()
    assert page.count("(Lê Văn Quản)") == 3
    assert f"({org_admin.get_username()})" not in page
