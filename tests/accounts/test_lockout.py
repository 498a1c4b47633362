"""Lock-out by account and by address: nobody locks a colleague out cheaply, and one
address cannot try passwords for many accounts."""

import pytest
from django.urls import reverse

from ..factories import UserFactory

PASSWORD = "Mật-khẩu-đúng-2026"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8


def log_in(client, username, password, address="10.1.1.1", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_the_default_address_limit_is_generous_for_an_agency_behind_one_nat():
    from config.settings import base

    assert base.THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS >= 10 * base.AXES_FAILURE_LIMIT
    assert base.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_a_colleague_failing_on_the_same_address_does_not_lock_my_account(client, db):
    UserFactory(username="lan", password=PASSWORD)
    for _ in range(3):
        log_in(client, "nam", "sai")
    assert log_in(client, "nam", "sai").status_code == 429
    assert log_in(client, "lan", PASSWORD).status_code == 302


def test_an_account_locked_from_one_address_is_locked_from_every_address(client, db):
    UserFactory(username="lan", password=PASSWORD)
    for _ in range(3):
        log_in(client, "lan", "sai", address="10.9.9.9")
    assert log_in(client, "lan", PASSWORD, address="10.1.1.1").status_code == 429


def test_one_address_trying_many_accounts_is_locked_after_the_address_limit(client, db):
    UserFactory(username="lan", password=PASSWORD)
    for i in range(8):  # two guesses each at four accounts: no account reaches its limit
        response = log_in(client, f"user{i // 2}", "sai")
    assert response.status_code == 429
    assert "tạm khoá" in response.content.decode()
    # Even the right password is refused from that address, and accepted from another.
    assert log_in(client, "lan", PASSWORD).status_code == 429
    assert log_in(client, "lan", PASSWORD, address="10.2.2.2").status_code == 302


def test_logging_in_to_my_own_account_does_not_clear_the_address_failures(client, db):
    UserFactory(username="ke-gian", password=PASSWORD)
    for i in range(7):
        log_in(client, f"user{i // 2}", "sai")
    assert log_in(client, "ke-gian", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "user9", "sai").status_code == 429


def test_a_successful_login_clears_that_accounts_own_failures(client, db):
    UserFactory(username="lan", password=PASSWORD)
    for _ in range(2):
        log_in(client, "lan", "sai")
    assert log_in(client, "lan", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        log_in(client, "lan", "sai")
    assert log_in(client, "lan", PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, db, settings):
    settings.THIDUA_TRUSTED_PROXIES = 1
    UserFactory(username="lan", password=PASSWORD)
    for i in range(8):
        # The client forges the left part of X-Forwarded-For; the proxy appends the truth.
        log_in(
            client,
            f"user{i // 2}",
            "sai",
            address="192.168.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.7",
        )
    assert (
        log_in(
            client, "lan", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
        ).status_code
        == 429
    )
    # Another client behind the same proxy is not affected.
    assert (
        log_in(
            client, "lan", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8"
        ).status_code
        == 302
    )
