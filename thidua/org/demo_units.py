"""The demo ministry's unit tree as the seeds name it, its blocks, renaming and 2025 merger."""

from datetime import date

from thidua.core.actors import SYSTEM

from .choices import UnitChangeKind, UnitGroupKind, UnitKind
from .models import Position, Unit, UnitChange, UnitGroup, UnitGroupMembership
from .services import unit_create, unit_merge, unit_rename

DEMO_START = date(2020, 1, 1)
ROOT_CODE = "BTTTT"
DEMO_START_BASIS = "Đơn vị có từ trước; 01/01/2020 là ngày bắt đầu dữ liệu của bản demo"

POSITIONS = [
    # code, name, level, is_head, is_deputy
    ("BT", "Bộ trưởng", 6, True, False),
    ("TT", "Thứ trưởng", 5, False, True),
    ("CT", "Cục trưởng", 4, True, False),
    ("PCT", "Phó Cục trưởng", 3, False, True),
    ("VT", "Vụ trưởng", 4, True, False),
    ("PVT", "Phó Vụ trưởng", 3, False, True),
    ("CVP", "Chánh Văn phòng", 4, True, False),
    ("CTTR", "Chánh Thanh tra", 4, True, False),
    ("VIENT", "Viện trưởng", 4, True, False),
    ("GD", "Giám đốc", 4, True, False),
    ("PGD", "Phó Giám đốc", 3, False, True),
    ("TP", "Trưởng phòng", 2, True, False),
    ("PTP", "Phó Trưởng phòng", 1, False, True),
    ("CVCC", "Chuyên viên cao cấp", 0, False, False),
    ("CVC", "Chuyên viên chính", 0, False, False),
    ("CV", "Chuyên viên", 0, False, False),
    ("NCV", "Nghiên cứu viên", 0, False, False),
    ("NV", "Nhân viên", 0, False, False),
]
HEAD_BY_KIND = {
    UnitKind.DEPARTMENT: ("CT", "PCT"),
    UnitKind.DIVISION: ("VT", "PVT"),
    UnitKind.OFFICE: ("CVP", "PVT"),
    UnitKind.INSTITUTE: ("VIENT", "PGD"),
    UnitKind.CENTER: ("GD", "PGD"),
    UnitKind.PUBLIC_SERVICE: ("GD", "PGD"),
    UnitKind.SECTION: ("TP", "PTP"),
}

# (code, name, short name, kind, block, sections). Units named in the seeds, plus the
# Văn phòng and Thanh tra every ministry has. Sections (phòng) are illustrative.
UNITS = [
    (
        "CBC",
        "Cục Báo chí",
        "CBC",
        UnitKind.DEPARTMENT,
        "BC",
        ["Văn phòng Cục", "Phòng Quản lý báo in", "Phòng Quản lý báo điện tử"],
    ),
    (
        "PTTH",
        "Cục Phát thanh, truyền hình và thông tin điện tử",
        "Cục PTTH&TTĐT",
        UnitKind.DEPARTMENT,
        "BC",
        [
            "Văn phòng Cục",
            "Phòng Quản lý phát thanh, truyền hình",
            "Phòng Quản lý thông tin điện tử",
        ],
    ),
    (
        "TTDN",
        "Cục Thông tin đối ngoại",
        "Cục TTĐN",
        UnitKind.DEPARTMENT,
        "BC",
        ["Văn phòng Cục", "Phòng Thông tin đối ngoại", "Phòng Quản lý thông tin nước ngoài"],
    ),
    (
        "THH",
        "Cục Tin học hoá",
        "Cục THH",
        UnitKind.DEPARTMENT,
        "CNS",
        ["Văn phòng Cục", "Phòng Chính phủ điện tử", "Phòng Ứng dụng CNTT"],
    ),
    (
        "ATTT",
        "Cục An toàn thông tin",
        "Cục ATTT",
        UnitKind.DEPARTMENT,
        "CNS",
        ["Văn phòng Cục", "Phòng An toàn hệ thống thông tin", "Phòng Giám sát an toàn thông tin"],
    ),
    (
        "CNICT",
        "Cục Công nghiệp ICT",
        "Cục CN ICT",
        UnitKind.DEPARTMENT,
        "CNS",
        [
            "Văn phòng Cục",
            "Phòng Công nghiệp phần cứng",
            "Phòng Công nghiệp phần mềm và nội dung số",
        ],
    ),
    ("VCNTT", "Vụ Công nghệ thông tin", "Vụ CNTT", UnitKind.DIVISION, "CNS", []),
    (
        "CVT",
        "Cục Viễn thông",
        "CVT",
        UnitKind.DEPARTMENT,
        "VT",
        ["Văn phòng Cục", "Phòng Quản lý kết nối", "Phòng Quản lý chất lượng dịch vụ"],
    ),
    ("VBC", "Vụ Bưu chính", "Vụ BC", UnitKind.DIVISION, "VT", []),
    ("VTCCB", "Vụ Tổ chức cán bộ", "Vụ TCCB", UnitKind.DIVISION, "TM", []),
    ("VPC", "Vụ Pháp chế", "Vụ PC", UnitKind.DIVISION, "TM", []),
    (
        "VPB",
        "Văn phòng Bộ",
        "VPB",
        UnitKind.OFFICE,
        "TM",
        ["Phòng Hành chính - Tổng hợp", "Phòng Thi đua - Khen thưởng", "Phòng Quản trị"],
    ),
    ("TTRB", "Thanh tra Bộ", "TTr", UnitKind.OFFICE, "TM", []),
]
BLOCKS = {
    "BC": "Khối báo chí, truyền thông",
    "CNS": "Khối công nghệ số",
    "VT": "Khối viễn thông, bưu chính",
    "TM": "Khối cơ quan tham mưu",
}
# Cục Tin học hoá became Cục Chuyển đổi số quốc gia in 2022 (seeds 002/003; the day illustrative).
RENAMES = [
    (
        "THH",
        "Cục Chuyển đổi số quốc gia",
        "Cục CĐSQG",
        date(2022, 7, 1),
        "Đổi tên năm 2022 (ngày minh hoạ)",
    )
]

# The 2025 merger (public facts): by Resolution 176/2025/QH15 of the National Assembly
# (18/02/2025) the Ministry of Information and Communications and the Ministry of Science and
# Technology were merged into the Ministry of Science and Technology from 01/03/2025; Decree
# 55/2025/NĐ-CP (02/03/2025) sets its functions. The demo ministry continues as the merged
# one (same unit, named by date: its records, units and people keep their history); the
# former Ministry of Science and Technology is a unit without sub-units or people (its
# structure is not in the seeds). Press and publishing functions that went to the Ministry
# of Culture, Sports and Tourism are not modelled: the demo keeps those Cục (illustrative).
MERGER_ON = date(2025, 3, 1)
MERGED_NAME = "Bộ Khoa học và Công nghệ"
MERGED_SHORT_NAME = "Bộ KH&CN"
FORMER_MOST_CODE = "BKHCN-2025"  # the Ministry of Science and Technology before the merger
MERGER_BASIS = (
    "Nghị quyết số 176/2025/QH15 ngày 18/02/2025 của Quốc hội về cơ cấu tổ chức của Chính "
    "phủ nhiệm kỳ Quốc hội khóa XV; Nghị định số 55/2025/NĐ-CP ngày 02/3/2025 quy định chức "
    "năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Khoa học và Công nghệ"
)
MERGER_NOTE = (
    "Hợp nhất Bộ Thông tin và Truyền thông và Bộ Khoa học và Công nghệ thành Bộ Khoa học và "
    "Công nghệ từ ngày 01/3/2025. Trong bản demo: Bộ Khoa học và Công nghệ trước hợp nhất "
    "không có đơn vị con và cán bộ; các nhiệm vụ báo chí, xuất bản chuyển sang Bộ Văn hóa, "
    "Thể thao và Du lịch không được mô tả, các Cục liên quan vẫn thuộc Bộ (minh hoạ)."
)


class UnitsBuilder:
    """The structure part of the demo builder (thidua.org.demo.DemoBuilder): positions,
    units with their sections, the renaming, the leadership blocks and the merger."""

    target_people: int
    positions: dict[str, Position]

    def build_structure(self) -> None:
        for code, name, level, is_head, is_deputy in POSITIONS:
            self.positions[code], _ = Position.objects.get_or_create(
                code=code,
                defaults={"name": name, "level": level, "is_head": is_head, "is_deputy": is_deputy},
            )
        self.root = unit_create(
            actor=SYSTEM,
            code=ROOT_CODE,
            name="Bộ Thông tin và Truyền thông",
            short_name="Bộ TT&TT",
            kind=UnitKind.MINISTRY,
            parent=None,
            valid_from=DEMO_START,
            basis=DEMO_START_BASIS,
        )
        self.units_by_code: dict[str, Unit] = {}
        self.sections: dict[str, list[Unit]] = {}
        sections_per_unit = 3 if self.target_people <= 1000 else 8
        extra_names = [
            "Phòng Kế hoạch - Tài chính",
            "Phòng Tổng hợp",
            "Phòng Nghiệp vụ 1",
            "Phòng Nghiệp vụ 2",
            "Phòng Nghiệp vụ 3",
        ]
        for order, (code, name, short, kind, _block, sections) in enumerate(UNITS):
            unit = unit_create(
                actor=SYSTEM,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=self.root,
                valid_from=DEMO_START,
                sort_order=order,
                basis=DEMO_START_BASIS,
            )
            self.units_by_code[code] = unit
            names = list(sections)
            if names and sections_per_unit > len(names):
                names += extra_names[: sections_per_unit - len(names)]
            self.sections[code] = [
                unit_create(
                    actor=SYSTEM,
                    code=f"{code}-P{i + 1}",
                    name=section,
                    kind=UnitKind.SECTION,
                    parent=unit,
                    valid_from=DEMO_START,
                    sort_order=i,
                    basis=DEMO_START_BASIS,
                )
                for i, section in enumerate(names)
            ]
        for code, name, short, on, basis in RENAMES:
            unit_rename(
                actor=SYSTEM,
                unit=self.units_by_code[code],
                name=name,
                short_name=short,
                effective_on=on,
                basis=basis,
            )
        self.blocks = {}
        for key, name in BLOCKS.items():
            group = UnitGroup.objects.create(
                kind=UnitGroupKind.LEADERSHIP_BLOCK, name=name, valid_from=DEMO_START
            )
            UnitGroupMembership.objects.bulk_create(
                UnitGroupMembership(group=group, unit=self.units_by_code[c], valid_from=DEMO_START)
                for c, *_rest in UNITS
                if _rest[3] == key
            )
            self.blocks[key] = group
        ministry_merger_build()


def ministry_merger_build() -> bool:
    """Record the 2025 merger into the Ministry of Science and Technology (see MERGER_ON)
    through the org services, once; returns whether it was recorded now."""
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if (
        root is None
        or UnitChange.objects.filter(
            kind=UnitChangeKind.MERGE, targets=root, effective_on=MERGER_ON
        ).exists()
    ):
        return False
    former = Unit.objects.filter(code=FORMER_MOST_CODE).first() or unit_create(
        actor=SYSTEM,
        code=FORMER_MOST_CODE,
        name=MERGED_NAME,
        short_name=MERGED_SHORT_NAME,
        kind=UnitKind.MINISTRY,
        parent=None,
        valid_from=DEMO_START,
        sort_order=1,
        basis=DEMO_START_BASIS,
    )
    unit_merge(
        actor=SYSTEM,
        sources=[former],
        target=root,
        effective_on=MERGER_ON,
        basis=MERGER_BASIS,
        note=MERGER_NOTE,
        new_name=MERGED_NAME,
        new_short_name=MERGED_SHORT_NAME,
    )
    return True
