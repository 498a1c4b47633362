"""The registry says how many awards it holds in the Vietnamese number format (9.516, not
9516), as every other number on the pages."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.models import Award

pytestmark = pytest.mark.django_db


def test_the_registry_count_is_grouped_in_thousands(client, org):
    Award.objects.bulk_create(
        Award(
            person=org["staff_a"],
            code="LDTT",
            year=1900 + i % 120,
            decision_number=f"{i}/QĐ-BTTTT",
            decision_date=date(2025, 2, 1),
            issuer="Bộ trưởng",
        )
        for i in range(1234)
    )
    client.force_login(org["staff_a"].user)
    page = client.get(reverse("awards:registry_list")).content.decode()
    assert "1.234 khen thưởng" in page
    assert "1234 khen thưởng" not in page


def test_a_small_count_reads_as_before(client, org):
    Award.objects.create(
        person=org["staff_a"],
        code="LDTT",
        year=2024,
        decision_number="1/QĐ-BTTTT",
        decision_date=date(2025, 2, 1),
        issuer="Bộ trưởng",
    )
    client.force_login(org["staff_a"].user)
    assert "1 khen thưởng" in client.get(reverse("awards:registry_list")).content.decode()
