"""The signed-in user behind every request is read by one fixed statement
(LocalBackend.get_user): a deactivated account or a changed password still ends the session
at its next request."""

from django.urls import reverse

from thidua.accounts.backends import LocalBackend

from ..factories import UserFactory


def _home_answers(client):
    return client.get(reverse("home"))


def test_the_session_user_is_the_account_with_its_fields(db):
    user = UserFactory(username="nguyenvana", first_name="An", email="an@example.vn")
    found = LocalBackend().get_user(user.pk)
    assert (found.pk, found.username, found.email, found.first_name) == (
        user.pk,
        "nguyenvana",
        "an@example.vn",
        "An",
    )
    assert found.password == user.password
    assert LocalBackend().get_user(user.pk + 1000) is None


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, db):
    user = UserFactory(username="nghiviec")
    client.force_login(user)
    assert _home_answers(client).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = _home_answers(client)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_changed_password_ends_the_other_sessions(client, db):
    user = UserFactory(username="doimatkhau")
    client.force_login(user)
    assert _home_answers(client).status_code == 200
    user.set_password("Một-mật-khẩu-mới-2026")
    user.save(update_fields=["password"])
    response = _home_answers(client)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
