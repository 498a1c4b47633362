from datetime import date

import pytest

from thidua.core.actors import SYSTEM
from thidua.org.choices import PartyOrgKind, PartyRole, Role
from thidua.org.models import PartyMembership
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory


def _member(person, cell, role=PartyRole.MEMBER):
    PartyMembership.objects.create(
        person=person,
        organization=cell,
        role=role,
        joined_party_on=date(2010, 1, 1),
        valid_from=date(2020, 1, 1),
    )


@pytest.fixture
def party(org):
    """Đảng bộ → Chi bộ A (secretary, member) and Chi bộ B (secretary); a committee office
    (secretary role on the Đảng bộ) and a staff member outside the Party."""
    committee = PartyOrganizationFactory(
        code="DB", name="Đảng bộ Thử nghiệm", kind=PartyOrgKind.COMMITTEE
    )
    cell_a = PartyOrganizationFactory(code="CB-A", name="Chi bộ A", parent=committee)
    cell_b = PartyOrganizationFactory(code="CB-B", name="Chi bộ B", parent=committee)
    secretary_a = PersonFactory(unit=org["sec_a"], user=UserFactory(username="bithu-a"))
    member_a = PersonFactory(unit=org["sec_a"], user=UserFactory(username="dangvien-a"))
    secretary_b = PersonFactory(unit=org["sec_b"], user=UserFactory(username="bithu-b"))
    office = PersonFactory(unit=org["root"], user=UserFactory(username="vanphong-du"))
    _member(secretary_a, cell_a, PartyRole.SECRETARY)
    _member(member_a, cell_a)
    _member(secretary_b, cell_b, PartyRole.SECRETARY)
    _member(office, committee, PartyRole.COMMITTEE_MEMBER)
    for person, body in ((secretary_a, cell_a), (secretary_b, cell_b), (office, committee)):
        role_grant(
            actor=SYSTEM,
            user=person.user,
            role=Role.PARTY_SECRETARY,
            party_organization=body,
            valid_from=date(2020, 1, 1),
        )
    return {
        "committee": committee,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "secretary_a": secretary_a,
        "member_a": member_a,
        "secretary_b": secretary_b,
        "office": office,
        "outsider": org["staff_b"],
    }


RESOLUTION_TEXT = """ĐẢNG BỘ THỬ NGHIỆM
Số 01-NQ/ĐU
NGHỊ QUYẾT
về nhiệm vụ chuyển đổi số năm 2021

Căn cứ Điều lệ Đảng; căn cứ kết quả hội nghị Ban Chấp hành ngày 10/01/2021.

QUYẾT NGHỊ

Thứ nhất, chuyển đổi bưu chính thành hạ tầng của dòng chảy vật chất của nền kinh tế số.
Thứ hai, chuyển đổi hạ tầng viễn thông thành hạ tầng của nền kinh tế số, triển khai 5G.
Thứ ba, đưa Việt Nam thành cường quốc an ninh mạng, làm chủ hệ sinh thái sản phẩm.
Thứ tư, chuyển đổi từ Chính phủ điện tử thành Chính phủ số, đưa mọi hoạt động lên môi trường số.
Thứ năm, chuyển từ gia công lắp ráp sang phát triển sản phẩm Make in Vietnam.
Thứ sáu, phát triển các doanh nghiệp công nghệ số Việt Nam lên 100.000 doanh nghiệp.

Nghị quyết có hiệu lực từ ngày ký.
Nơi nhận: các chi bộ trực thuộc.
"""


@pytest.fixture
def resolution_text():
    return RESOLUTION_TEXT
