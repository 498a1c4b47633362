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
    services.conclusion_add(actor=huy.user, meeting=meeting, text="Rà soát quy trình")
    client.force_login(huy.user)
    response = client.get(reverse("meetings:notice", args=[meeting.pk]))
    assert response.status_code == 200
    cells = "\n".join(
        c.text for t in Document(BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "/TB-CATTT" in cells
    assert "TB-Cục ATTT" not in cells


def test_the_notice_is_dated_the_day_it_was_closed_where_the_agency_is(org, client):
    """Closed at 01:10 on 07/12/2026 in Hà Nội (18:10 UTC on the 6th), the notice reads
    "ngày 07 tháng 12" — the local day, not the day of the UTC timestamp (walk-through of
    06/12/2026, F3)."""
    from datetime import UTC, datetime

    from thidua.meetings.models import BriefingMeeting

    huy = org["head_a"]
    meeting = services.meeting_create(
        actor=huy.user,
        unit=Unit.objects.get(pk=org["dept_a"].pk),
        year=2026,
        month=12,
        held_on=date(2026, 12, 5),
        chair=huy,
    )
    services.conclusion_add(actor=huy.user, meeting=meeting, text="Rà soát quy trình")
    BriefingMeeting.objects.filter(pk=meeting.pk).update(
        closed_at=datetime(2026, 12, 6, 18, 10, tzinfo=UTC)
    )
    client.force_login(huy.user)
    response = client.get(reverse("meetings:notice", args=[meeting.pk]))
    cells = "\n".join(
        c.text for t in Document(BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "ngày 07 tháng 12 năm 2026" in cells
    assert "ngày 06 tháng 12" not in cells
