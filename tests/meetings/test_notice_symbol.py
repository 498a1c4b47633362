"""The notice of conclusions numbers itself with the issuer's initials (Decree 30/2020,
Appendix I: "Số: …/TB-CATTT"), never with the unit's short display name ("Cục ATTT",
"Bộ KH&CN" hold spaces and an ampersand, which no ký hiệu does)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from thidua.meetings import services
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_notice_number_uses_the_issuers_initials_not_its_short_name(org, client):
    Unit.objects.filter(pk=org["dept_a"].pk).update(
        name="Cục An toàn thông tin", short_name="Cục ATTT"
    )
    huy = org["head_a"]
    meeting = services.meeting_create(
        actor=huy.user,
        unit=Unit.objects.get(pk=org["dept_a"].pk),
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=huy,
    )
    client.force_login(huy.user)
    response = client.get(reverse("meetings:notice", args=[meeting.pk]))
    assert response.status_code == 200
    cells = "\n".join(
        c.text for t in Document(BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "/TB-CATTT" in cells
    assert "TB-Cục ATTT" not in cells
