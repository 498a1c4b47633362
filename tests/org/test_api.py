"""People through the API show no more than the person's page does."""

import pytest


@pytest.fixture
def client_as(client):
    def login(person):
        client.force_login(person.user)
        return client

    return login


def test_an_employee_code_is_private_as_on_the_persons_page(org, client_as):
    client = client_as(org["staff_b"])
    other = client.get(f"/api/v1/org/people/{org['staff_a'].pk}").json()
    assert other["full_name"] == "Trần Thị Hoa"
    assert "employee_code" not in other
    own = client.get(f"/api/v1/org/people/{org['staff_b'].pk}").json()
    assert own["employee_code"] == org["staff_b"].employee_code


def test_an_unknown_person_is_a_404_and_an_impossible_id_a_422(org, client_as):
    client = client_as(org["staff_b"])
    assert client.get("/api/v1/org/people/987654").status_code == 404
    assert client.get("/api/v1/org/people/99999999999999999999").status_code == 422
    assert client.get("/api/v1/org/people/0").status_code == 422
