"""Sign-in with the agency's directory, against a real OpenLDAP server (tests/directory/
ldap_server.py): the person behind a directory account, roles from its groups, disabled and
unknown accounts, a directory that is down, and the local password kept for break-glass
administrators only."""

import socket
from datetime import date, timedelta

import ldap
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.models import RoleAssignment
from thidua.org.services import role_grant

from ..factories import PersonFactory, UnitFactory, UserFactory
from . import ldap_server as ds
from .conftest import directory_settings
from .ldap_server import PASSWORDS

User = get_user_model()
LOCAL_PASSWORD = "Mật-khẩu-cục-bộ-2026"

DOWN = "Không kết nối được máy chủ thư mục"
DISABLED = "đã bị vô hiệu hoá trong thư mục"
NO_PERSON = "chưa khớp với hồ sơ cán bộ nào"
LEFT = "bạn không còn trong biên chế"
WRONG = "Sai tên đăng nhập hoặc mật khẩu"


@pytest.fixture
def agency(db):
    root = UnitFactory(code="BO", name="Bộ Thử nghiệm", kind="ministry")
    cuc = UnitFactory(code="CA", name="Cục A", parent=root)
    return {
        "root": root,
        "cuc": cuc,
        "lan": PersonFactory(employee_code="NV-LD-01", unit=cuc, email="khac@bo.test"),
        "minh": PersonFactory(employee_code="NV-LD-02", unit=cuc, email="minh.tran@bo.test"),
        "khoa": PersonFactory(employee_code="NV-LD-03", unit=cuc),
        "tuan": PersonFactory(employee_code="NV-LD-04", unit=cuc),
        "quantri": UserFactory(username="quantri", password=LOCAL_PASSWORD, is_superuser=True),
    }


@pytest.fixture
def directory(ldap_server, use_directory):
    use_directory(ldap_server.uri)
    return ldap_server


def log_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def current_roles(user) -> set[tuple[str, str | None]]:
    return {
        (a.role, a.unit.code if a.unit else None)
        for a in RoleAssignment.objects.as_of(timezone.localdate()).filter(user=user)
    }


def test_a_directory_account_signs_in_as_its_person_with_the_roles_of_its_groups(
    client, agency, directory
):
    response = log_in(client, "lan", PASSWORDS["lan"])
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    person = agency["lan"]
    person.refresh_from_db()
    user = person.user
    assert user is not None and user.username == "lan"
    assert (user.first_name, user.last_name, user.email) == ("Lan", "Nguyễn", "lan@bo.test")
    assert not user.has_usable_password()
    # lanh-dao → leadership (whole ministry); truong-don-vi → unit head of her own unit.
    assert current_roles(user) == {("leadership", None), ("unit_head", "CA")}


def test_a_group_left_in_the_directory_ends_its_role_at_the_next_sign_in(client, agency, directory):
    log_in(client, "lan", PASSWORDS["lan"])
    user = User.objects.get(username="lan")
    # A role granted in Thi Đua and not named by the mapping is not the directory's business.
    role_grant(actor=SYSTEM, user=user, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1))
    admin = ldap.initialize(directory.uri)
    admin.simple_bind_s(f"cn=admin,{ds.SUFFIX}", "admin-secret")
    group, member = ds.group_dn("lanh-dao"), ds.user_dn("lan").encode()
    admin.modify_s(group, [(ldap.MOD_ADD, "member", [ds.user_dn("minh").encode()])])
    admin.modify_s(group, [(ldap.MOD_DELETE, "member", [member])])
    try:
        client.logout()
        assert log_in(client, "lan", PASSWORDS["lan"]).status_code == 302
    finally:
        admin.modify_s(group, [(ldap.MOD_ADD, "member", [member])])
        admin.modify_s(group, [(ldap.MOD_DELETE, "member", [ds.user_dn("minh").encode()])])
        admin.unbind_s()
    assert current_roles(user) == {("unit_head", "CA"), ("council_member", None)}


def test_a_person_is_matched_by_e_mail_when_the_entry_has_no_employee_code(
    client, agency, directory
):
    assert log_in(client, "minh", PASSWORDS["minh"]).status_code == 302
    agency["minh"].refresh_from_db()
    assert agency["minh"].user.username == "minh"
    assert current_roles(agency["minh"].user) == {("emulation_officer", None)}


def test_a_wrong_directory_password_is_refused(client, agency, directory):
    response = log_in(client, "lan", "sai-mật-khẩu")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not User.objects.filter(username="lan").exists()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("username", ["khoa", "tuan"], ids=["disabled-group", "ad-flag"])
def test_an_account_disabled_in_the_directory_cannot_sign_in(client, agency, directory, username):
    response = log_in(client, username, PASSWORDS[username])
    assert response.status_code == 200
    assert DISABLED in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    agency[username].refresh_from_db()
    assert agency[username].user is None


def test_a_directory_account_with_no_person_is_refused_with_the_reason(client, agency, directory):
    response = log_in(client, "khach", PASSWORDS["khach"])
    assert response.status_code == 200
    assert NO_PERSON in response.content.decode()
    assert not User.objects.filter(username="khach").exists()


@pytest.mark.parametrize("status", ["retired", "left", "transferred"])
def test_a_person_whose_leave_day_has_come_cannot_sign_in_before_the_nightly_hr_run(
    client, agency, directory, status
):
    """The HR sync stores a leave dated; the nightly run turns the record off on its day. On
    that day, before the run, the directory (still enabled) accepts the password: Thi Đua
    refuses, naming the reason, and links no account."""
    lan = agency["lan"]
    lan.status, lan.status_since = status, timezone.localdate()
    lan.save(update_fields=["status", "status_since"])
    assert lan.is_active  # the nightly run has not turned it off yet
    response = log_in(client, "lan", PASSWORDS["lan"])
    assert response.status_code == 200
    assert LEFT in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    lan.refresh_from_db()
    assert lan.user is None and not User.objects.filter(username="lan").exists()


def test_a_leave_dated_later_does_not_stop_a_directory_sign_in(client, agency, directory):
    lan = agency["lan"]
    lan.status, lan.status_since = "retired", timezone.localdate() + timedelta(days=1)
    lan.save(update_fields=["status", "status_since"])
    assert log_in(client, "lan", PASSWORDS["lan"]).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_person_turned_off_is_refused_as_off_the_staff_not_as_unknown(client, agency, directory):
    lan = agency["lan"]
    lan.is_active, lan.status, lan.status_since = False, "left", date(2026, 1, 1)
    lan.save(update_fields=["is_active", "status", "status_since"])
    response = log_in(client, "lan", PASSWORDS["lan"])
    assert LEFT in response.content.decode() and NO_PERSON not in response.content.decode()


def test_a_directory_user_cannot_use_a_stale_local_password(client, agency, directory):
    # Lan had a local account before the directory was switched on.
    old = UserFactory(username="nguyenthilan", password=LOCAL_PASSWORD)
    agency["lan"].user = old
    agency["lan"].save(update_fields=["user"])
    assert log_in(client, "lan", PASSWORDS["lan"]).status_code == 302
    client.logout()
    # She signed in as her own account; its local password is gone.
    old.refresh_from_db()
    assert not old.has_usable_password()
    assert not User.objects.filter(username="lan").exists()
    response = log_in(client, "nguyenthilan", LOCAL_PASSWORD)
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_while_the_directory_is_on_a_local_password_is_only_for_break_glass_accounts(
    client, agency, directory
):
    UserFactory(username="canbo", password=LOCAL_PASSWORD)
    assert WRONG in log_in(client, "canbo", LOCAL_PASSWORD).content.decode()
    urgent = UserFactory(username="ung-cuu", password=LOCAL_PASSWORD)
    urgent.groups.add(Group.objects.create(name="break-glass"))
    assert log_in(client, "ung-cuu", LOCAL_PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "quantri", LOCAL_PASSWORD).status_code == 302


def test_the_directory_cannot_sign_in_as_a_break_glass_account(client, agency, directory):
    # The directory has a "quantri" too; its password does not open the local superuser.
    response = log_in(client, "quantri", PASSWORDS["quantri"])
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_directory_that_is_down_says_so_and_break_glass_administrators_still_sign_in(
    client, agency, use_directory
):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    use_directory(f"ldap://127.0.0.1:{port}")
    response = log_in(client, "lan", PASSWORDS["lan"])
    assert response.status_code == 200
    assert DOWN in response.content.decode()
    assert log_in(client, "quantri", LOCAL_PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_directory_that_does_not_answer_times_out_with_the_same_message(
    client, agency, use_directory
):
    # It accepts the connection and never answers (a hung server): the timeout applies.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        use_directory(f"ldap://127.0.0.1:{silent.getsockname()[1]}")
        settings_timeout = directory_settings("ldap://x")["AUTH_LDAP_CONNECTION_OPTIONS"]
        assert settings_timeout[ldap.OPT_TIMEOUT] == 2
        response = log_in(client, "lan", PASSWORDS["lan"])
    assert response.status_code == 200
    assert DOWN in response.content.decode()


def test_the_lock_out_applies_to_directory_accounts(client, agency, directory, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        log_in(client, "lan", "sai")
    response = log_in(client, "lan", PASSWORDS["lan"])
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302
