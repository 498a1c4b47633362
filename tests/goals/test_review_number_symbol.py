"""The monthly review (.docx) numbers itself with the issuer's initials, as the giao ban notice
does (Decree 30/2020, Appendix I: "Số: …/BC-BKHCN"), never with the unit's short display name:
the demo's read "Số: ……/BC-Bộ KH&CN" (walk-through of 06/12/2026, botruong's "Báo cáo tháng")."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from thidua.org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_reports_number_and_filing_use_the_issuers_initials(org, org_admin, client):
    Unit.objects.filter(pk=org["root"].pk).update(
        name="Bộ Khoa học và Công nghệ", short_name="Bộ KH&CN"
    )
    client.force_login(org_admin)
    response = client.get(reverse("goals:review_docx"), {"year": 2026, "month": 11})
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "/BC-BKHCN" in cells
    assert "Lưu: VT, BKHCN." in cells
    assert "KH&CN" not in cells
