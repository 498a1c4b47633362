import pytest
from django.urls import reverse


@pytest.fixture
def client_as(client):
    def login(person):
        client.force_login(person.user)
        return client

    return login


def test_home_page_greets_the_person_in_vietnamese(org, client_as):
    response = client_as(org["staff_a"]).get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Xin chào, Trần Thị Hoa" in body
    assert "Phòng A1" in body
    assert 'lang="vi"' in body


def test_home_page_switches_to_english(org, client_as):
    client = client_as(org["staff_a"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "Hello, Trần Thị Hoa" in body


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_org_tree_lists_every_unit(org, client_as):
    body = client_as(org["staff_a"]).get(reverse("org:tree")).content.decode()
    for name in ("Bộ Thử nghiệm", "Cục A", "Cục B", "Phòng A1", "Phòng B1"):
        assert name in body


def test_staff_is_refused_another_units_staff_directory(org, client_as):
    response = client_as(org["staff_a"]).get(reverse("org:unit_staff", args=[org["dept_b"].pk]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert org["staff_b"].phone not in response.content.decode()


def test_unit_head_opens_their_subtree_staff_directory(org, client_as):
    response = client_as(org["head_a"]).get(reverse("org:unit_staff", args=[org["dept_a"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert org["staff_a"].email in body
    assert org["staff_b"].email not in body


def test_person_page_hides_private_details_from_other_units(org, client_as):
    body = (
        client_as(org["staff_b"])
        .get(reverse("org:person", args=[org["staff_a"].pk]))
        .content.decode()
    )
    assert "Trần Thị Hoa" in body
    assert org["staff_a"].email not in body
    assert "17/05/1990" not in body


def test_person_page_shows_own_details_with_dates_in_vietnamese_format(org, client_as):
    body = (
        client_as(org["staff_a"])
        .get(reverse("org:person", args=[org["staff_a"].pk]))
        .content.decode()
    )
    assert org["staff_a"].email in body
    assert "17/05/1990" in body
    assert "01/01/2020" in body  # position history


def test_api_returns_public_fields_only_outside_scope(org, client_as):
    client = client_as(org["staff_b"])
    data = client.get(f"/api/v1/org/people/{org['staff_a'].pk}").json()
    assert data["full_name"] == "Trần Thị Hoa"
    assert "email" not in data
    own = client.get(f"/api/v1/org/people/{org['staff_b'].pk}").json()
    assert own["email"] == org["staff_b"].email


def test_api_requires_login(client, db):
    assert client.get("/api/v1/org/units").status_code == 401


def test_tree_page_query_count_is_bounded(org, client_as, django_assert_max_num_queries):
    client = client_as(org["staff_a"])
    with django_assert_max_num_queries(12):
        client.get(reverse("org:tree"))


def test_pages_stay_vietnamese_when_the_browser_asks_for_english(org, client_as):
    body = client_as(org["staff_a"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Xin chào, Trần Thị Hoa" in body.content.decode()


def test_chosen_language_is_remembered_on_the_account(org, client_as):
    client = client_as(org["staff_a"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    org["staff_a"].user.refresh_from_db()
    assert org["staff_a"].user.language == "en"
    client.cookies.clear()
    client.force_login(org["staff_a"].user)
    assert "Hello, Trần Thị Hoa" in client.get(reverse("home")).content.decode()
