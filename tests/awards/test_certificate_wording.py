"""What a printed certificate says the award is for (thidua/awards/certificates.py): the
"tiên tiến" titles for tasks completed well, not "thành tích xuất sắc"; an award for a
campaign or a sudden feat says so."""

from datetime import date

import pytest

from thidua.awards.certificates import certificate_values
from thidua.awards.models import Award

pytestmark = pytest.mark.django_db


def award(person, code: str, kind: str = "cong_trang", unit=None) -> Award:
    return Award.objects.create(
        person=person,
        unit=unit,
        code=code,
        kind=kind,
        year=2025,
        decision_number="9/QĐ-BTTTT",
        decision_date=date(2026, 2, 1),
        issuer="Bộ",
    )


@pytest.mark.parametrize(
    ("code", "kind", "reason"),
    [
        ("LDTT", "cong_trang", "Đã hoàn thành tốt nhiệm vụ năm 2025"),
        ("CSTDCS", "cong_trang", "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025"),
        ("BK_BO", "cong_trang", "Đã có thành tích xuất sắc năm 2025"),
        ("BK_BO", "dot_xuat", "Đã có thành tích xuất sắc đột xuất năm 2025"),
        (
            "GK",
            "chuyen_de",
            "Đã có thành tích xuất sắc trong phong trào thi đua theo chuyên đề năm 2025",
        ),
    ],
)
def test_the_certificate_says_what_the_award_is_for(org, code, kind, reason):
    values = certificate_values(award(org["staff_a"], code, kind))

    assert values["reason"] == reason
    assert values["name"] == "Trần Thị Hoa"
    assert values["date"] == "Hà Nội, ngày 01 tháng 02 năm 2026"


def test_a_collective_title_for_tasks_done_well(org):
    values = certificate_values(award(None, "TLDTT", unit=org["sec_a"]))

    assert (values["name"], values["reason"]) == ("Phòng A1", "Đã hoàn thành tốt nhiệm vụ năm 2025")
