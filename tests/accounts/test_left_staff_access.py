"""A person the HR sync took off the staff can no longer use their account (issues 10 and 15):
the directory is asked only at sign-in and the sync leaves accounts alone, so the check is
made on every use (core.standing, org.rules.left_staff_refusal): their access tokens are
refused (401), their open session ends at the next request and the local password no longer
signs them in. An account with no person (a break-glass administrator) is not concerned, and
a leave dated later changes nothing before its day."""

import logging
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.core.actors import SYSTEM
from thidua.org.choices import EmploymentStatus, HrSyncStatus, Role
from thidua.org.hr_sync import hr_changes_due
from thidua.org.models import Person
from thidua.org.rules import has_left_staff
from thidua.org.services import role_grant

from ..factories import UserFactory
from ..org.test_hr_sync import everyone, row_of, sync, write_csv

PASSWORD = "Mật-khẩu-đúng-2026"  # noqa: S105 (a test account's)
UNITS = "/api/v1/org/units"


@pytest.fixture
def hr_admin(db):
    user = UserFactory(username="hr-admin")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


def bearer(user) -> dict:
    secret = token_create(
        actor=user,
        name="Báo cáo",
        scopes=["org:read"],
        expires_on=timezone.localdate() + timedelta(days=30),
    ).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def leave(org, key: str, hr_admin, tmp_path, *, on: date, status: str = "Nghỉ hưu") -> Person:
    """The HR system's export says `org[key]` leaves on `on`; the real sync applies it."""
    person = org[key]
    row = row_of(person, status=status, effective_on=on.strftime("%d/%m/%Y"))
    run = sync(hr_admin, write_csv(tmp_path / "hr.csv", everyone(org, **{key: row})))
    assert run.status == HrSyncStatus.APPLIED, run.errors
    person.refresh_from_db()
    return person


def test_a_token_that_worked_is_refused_once_the_person_has_left(org, hr_admin, tmp_path, caplog):
    headers = bearer(org["staff_a"].user)
    assert Client().get(UNITS, **headers).status_code == 200

    hoa = leave(org, "staff_a", hr_admin, tmp_path, on=timezone.localdate(), status="Nghỉ việc")
    assert (hoa.status, hoa.is_active) == (EmploymentStatus.LEFT, False)
    assert hoa.user.is_active  # the sync leaves the account alone: the check covers it

    with caplog.at_level(logging.WARNING, logger="thidua.accounts.tokens"):
        response = Client().get(UNITS, **headers)
    assert response.status_code == 401
    assert 'error_description="left_staff"' in response["WWW-Authenticate"]
    detail = response.json()["detail"]
    assert "biên chế" in detail or "no longer on the staff" in detail
    assert "hoa" in caplog.text and "has left the staff" in caplog.text


def test_a_leave_dated_later_changes_nothing_before_its_day(org, hr_admin, tmp_path):
    client = Client()
    client.force_login(org["staff_a"].user)
    headers = bearer(org["staff_a"].user)
    day = timezone.localdate() + timedelta(days=10)

    hoa = leave(org, "staff_a", hr_admin, tmp_path, on=day)

    assert (hoa.status, hoa.status_since, hoa.is_active) == (EmploymentStatus.RETIRED, day, True)
    assert Client().get(UNITS, **headers).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    # on the day, before the nightly run turns the person off, the account stops
    assert has_left_staff(is_active=True, status=hoa.status, status_since=day, on=day)
    Person.objects.filter(pk=hoa.pk).update(status_since=timezone.localdate())
    assert Client().get(UNITS, **headers).status_code == 401
    assert hr_changes_due()["left"] == 1
    assert Client().get(UNITS, **headers).status_code == 401


def test_a_session_ends_at_the_next_request_with_a_message(org, hr_admin, tmp_path, caplog):
    client = Client()
    client.force_login(org["staff_a"].user)
    assert client.get(reverse("home")).status_code == 200

    leave(org, "staff_a", hr_admin, tmp_path, on=timezone.localdate() - timedelta(days=1))

    with caplog.at_level(logging.WARNING, logger="thidua.core.middleware"):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "Session of hoa ended" in caplog.text
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    shown = [str(m) for m in get_messages(page.wsgi_request)]
    assert len(shown) == 1 and ("biên chế" in shown[0] or "no longer on the staff" in shown[0])
    # and it stays ended: the next page is the login page again, with no message
    assert client.get(reverse("home")).status_code == 302


def test_the_local_password_no_longer_signs_in_a_person_who_left(org, hr_admin, tmp_path):
    user = org["staff_a"].user
    user.set_password(PASSWORD)
    user.save()
    leave(org, "staff_a", hr_admin, tmp_path, on=timezone.localdate())

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "hoa", "password": PASSWORD})
    assert response.status_code == 200  # the form again, saying why
    body = response.content.decode()
    assert "biên chế" in body or "no longer on the staff" in body
    assert client.get(reverse("home")).status_code == 302


def test_a_break_glass_administrator_with_no_person_still_works(org, hr_admin, tmp_path):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    leave(org, "staff_a", hr_admin, tmp_path, on=timezone.localdate())  # someone else leaves

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert Client().get(UNITS, **bearer(admin)).status_code == 200
    # the colleagues still on the staff are not concerned either
    assert Client().get(UNITS, **bearer(org["head_a"].user)).status_code == 200


def test_the_session_check_reads_nothing_more(org, client):
    """The person's standing comes with the session's user statement: no query of its own."""
    client.force_login(org["staff_a"].user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [q for q in sqls if q.startswith('SELECT "org_person"."is_active"')]
    user_statement = [q for q in sqls if "LEFT JOIN" in q and "org_person" in q]
    assert len(user_statement) == 1 and '"accounts_user"' in user_statement[0]
