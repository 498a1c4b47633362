from datetime import date
from pathlib import Path

import pytest

from thidua.assistant.choices import Audience
from thidua.assistant.services import document_upload, index_rebuild_now
from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory

DEMO = Path(__file__).resolve().parents[2] / "thidua" / "assistant" / "demo_documents"
REGULATION = (DEMO / "quy-che-thi-dua-khen-thuong.md").read_bytes()

SECRET_PLAN = """# Kế hoạch nội bộ của Cục B về thử nghiệm mạng lượng tử

Cục B thử nghiệm mạng truyền dẫn lượng tử giữa hai trung tâm dữ liệu vào tháng 9.

Kinh phí thử nghiệm mạng lượng tử là 12 tỷ đồng, do Phòng B1 quản lý.
""".encode()

PARTY_NOTE = """# Nghị quyết chuyên đề của Chi bộ A1 về sinh hoạt chi bộ

Mỗi kỳ sinh hoạt chi bộ chọn một vấn đề khó để cùng bàn và giải quyết dứt điểm.

Đảng viên đăng ký ít nhất một việc làm cụ thể gắn với nhiệm vụ chuyên môn mỗi quý.
""".encode()

COUNCIL_GUIDE = """# Hướng dẫn kiểm phiếu của Hội đồng

Tổ kiểm phiếu gồm ba thành viên do Chủ tịch Hội đồng chỉ định; biên bản kiểm phiếu ghi số phiếu phát ra và thu về.
""".encode()


@pytest.fixture(autouse=True)
def own_index_storage(settings, tmp_path_factory):
    """Each test publishes its index builds to a storage of its own. The test settings give a
    process one storage folder for all its tests, and a build another test left there with the
    same version number is an older build to index._fallback (any build stored below the one
    that cannot be loaded): the fallback test then answered from another test's library when
    an earlier test in the same process had published a v1 (seen in CI, order-dependent)."""
    location = tmp_path_factory.mktemp("index-store")
    settings.STORAGES = {
        **settings.STORAGES,
        "assistant_index": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


@pytest.fixture
def uploader(org_admin):
    return org_admin


@pytest.fixture
def library(org, uploader):
    """The regulation for everyone, Cục B's internal plan, a Party cell's note, a council
    guide for council members; the index built."""
    cell = PartyOrganizationFactory(code="CB-A1", name="Chi bộ Phòng A1", kind="cell")
    from thidua.org.models import PartyMembership

    PartyMembership.objects.create(
        person=org["staff_a"],
        organization=cell,
        joined_party_on=date(2015, 5, 19),
        valid_from=date(2020, 1, 1),
    )
    council = UserFactory(username="council")
    PersonFactory(unit=org["sec_b"], full_name="Vũ Thị Lan", user=council)
    role_grant(actor=SYSTEM, user=council, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1))
    docs = {
        "regulation": document_upload(
            actor=uploader,
            name="quy-che.md",
            data=REGULATION,
            number="QC-01",
            effective_on=date(2025, 1, 1),
        ),
        "secret_plan": document_upload(
            actor=uploader,
            name="ke-hoach-cuc-b.md",
            data=SECRET_PLAN,
            audience=Audience.UNIT,
            unit=org["dept_b"],
        ),
        "party_note": document_upload(
            actor=uploader,
            name="nghi-quyet-chi-bo.txt",
            data=PARTY_NOTE,
            audience=Audience.PARTY,
            party=cell,
        ),
        "council_guide": document_upload(
            actor=uploader,
            name="kiem-phieu.md",
            data=COUNCIL_GUIDE,
            audience=Audience.ROLES,
            roles=[Role.COUNCIL_MEMBER],
        ),
    }
    index_rebuild_now()
    return {**docs, "cell": cell, "council": council}
