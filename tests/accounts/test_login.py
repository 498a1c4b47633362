from django.conf import settings
from django.urls import reverse

from ..factories import UserFactory


def test_login_with_the_right_password_opens_the_home_page(client, db):
    UserFactory(username="lan", password="Mật-khẩu-đúng-2026")
    response = client.post(
        reverse("accounts:login"), {"username": "lan", "password": "Mật-khẩu-đúng-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_a_vietnamese_message(client, db):
    UserFactory(username="lan", password="Mật-khẩu-đúng-2026")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client, db):
    UserFactory(username="lan", password="Mật-khẩu-đúng-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    response = client.post(
        reverse("accounts:login"), {"username": "lan", "password": "Mật-khẩu-đúng-2026"}
    )
    assert response.status_code == 429
    assert "tạm khoá" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_change_requires_the_old_password(client, db):
    user = UserFactory(username="lan", password="Mật-khẩu-đúng-2026")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "sai",
            "new_password1": "Mật-khẩu-mới-2027",
            "new_password2": "Mật-khẩu-mới-2027",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-đúng-2026")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Mật-khẩu-đúng-2026",
            "new_password1": "Mật-khẩu-mới-2027",
            "new_password2": "Mật-khẩu-mới-2027",
        },
    )
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2027")
