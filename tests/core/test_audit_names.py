"""People by their names on the audit page (issue 12, point 3): an account an event names by
its login (a role granted to it) is shown by its person's name; an account without a person
keeps its login, the only thing that names it."""

from datetime import date

from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory


def _rows_text(body: str) -> str:
    return body.split("<tbody>")[1].split("</tbody>")[0]


def test_an_account_named_by_its_login_in_an_event_is_shown_by_its_persons_name(client, org_admin):
    person = PersonFactory(full_name="Đặng Thu Hà", user=UserFactory(username="thuha-login"))
    role_grant(
        actor=org_admin, user=person.user, role=Role.COUNCIL_MEMBER, valid_from=date(2025, 1, 1)
    )
    nameless = UserFactory(username="khong-ten")
    role_grant(
        actor=org_admin, user=nameless, role=Role.COUNCIL_MEMBER, valid_from=date(2025, 1, 1)
    )
    client.force_login(org_admin)
    response = client.get("/audit/", {"action": "role.granted"}, HTTP_ACCEPT_LANGUAGE="vi")
    rows = _rows_text(response.content.decode())
    assert response.status_code == 200
    assert "Đặng Thu Hà" in rows
    assert "thuha-login" not in rows
    assert "khong-ten" in rows  # no person, no name: its login is all that names it
