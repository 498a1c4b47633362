from django.urls import reverse

from thidua.org import selectors
from thidua.org.models import Unit


def test_unit_added_in_the_admin_joins_the_tree_under_its_parent(org, admin_client):
    response = admin_client.post(
        reverse("admin:org_unit_add"),
        {
            "code": "CA-P9",
            "name": "Phòng A9",
            "short_name": "",
            "kind": "section",
            "parent": org["dept_a"].pk,
            "sort_order": 0,
            "valid_from": "01/01/2024",
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="CA-P9")
    assert unit in selectors.unit_subtree(unit=org["dept_a"])


def test_moving_a_unit_in_the_admin_moves_its_subtree(org, admin_client):
    response = admin_client.post(
        reverse("admin:org_unit_change", args=[org["dept_b"].pk]),
        {
            "code": "CB",
            "name": "Cục B",
            "short_name": "",
            "kind": "department",
            "parent": org["dept_a"].pk,
            "sort_order": 0,
            "valid_from": "01/01/2020",
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert org["staff_b"] in selectors.people_in_subtree(unit=org["dept_a"])
