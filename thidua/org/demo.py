"""The demo ministry: the units named in the seeds, fictional people, Party cells, roles.

Deterministic from a seed; loading twice changes nothing; written as the system (SYSTEM)."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.core.actors import SYSTEM

from .choices import (
    AbsenceKind,
    Gender,
    PartyBodyRatingLevel,
    PostKind,
    Role,
    StaffCategory,
    UnitChangeKind,
    UnitGroupKind,
    UnitKind,
)
from .demo_party import (
    build_party_bodies,
    build_party_members,
    cell_secretary_set,
    login_party_posts_set,
)
from .models import (
    Absence,
    PartyBodyRating,
    PartyOrganization,
    Person,
    PersonPosition,
    Position,
    Unit,
    UnitChange,
    UnitGroup,
    UnitGroupMembership,
)
from .services import role_grant, unit_create, unit_merge, unit_rename

DEMO_START = date(2020, 1, 1)
DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105  (documented in README; demo only)
ROOT_CODE = "BTTTT"

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
PARTY_TOP_NAME = f"Đảng bộ {MERGED_NAME}"  # after the merger (Party bodies keep no dated names)
DEMO_START_BASIS = "Đơn vị có từ trước; 01/01/2020 là ngày bắt đầu dữ liệu của bản demo"

# The yearly quality rating of the Party bodies (xếp loại chất lượng tổ chức đảng) for the
# year the commendation round judges, by the unit each body is attached to: the Đảng bộ and
# leadership cell of a unit get its level, its sections' cells HTT (HTXS where the unit's is);
# units not listed HTT. Decisions are illustrative.
PARTY_RATING_YEAR = 2025
PARTY_LEVELS = {
    ROOT_CODE: PartyBodyRatingLevel.EXCELLENT,
    "ATTT": PartyBodyRatingLevel.EXCELLENT,
    "VPB": PartyBodyRatingLevel.EXCELLENT,
    "CVT": PartyBodyRatingLevel.EXCELLENT,
    "VCNTT": PartyBodyRatingLevel.EXCELLENT,
    "THH": PartyBodyRatingLevel.EXCELLENT,
    "PTTH": PartyBodyRatingLevel.COMPLETED,
}

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Mai",
    "Cao",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân", "Gia", "Mạnh", "Tuấn"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hoài", "Phương", "Diệu", "Bích", "Khánh"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hòa",
    "Huy",
    "Khang",
    "Khoa",
    "Kiên",
    "Long",
    "Lâm",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Yến",
]
RANKS = {
    StaffCategory.CIVIL_SERVANT: ["Chuyên viên", "Chuyên viên chính", "Chuyên viên cao cấp"],
    StaffCategory.PUBLIC_EMPLOYEE: ["Nghiên cứu viên", "Nghiên cứu viên chính", "Kỹ sư"],
    StaffCategory.WORKER: ["Nhân viên"],
    StaffCategory.CADRE: ["Chuyên viên cao cấp"],
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    description: str


DEMO_LOGINS = [
    DemoLogin("quantri", Role.ADMINISTRATOR, "Quản trị hệ thống (administrator)"),
    DemoLogin("canbo", Role.STAFF, "Chuyên viên, Phòng Chính phủ điện tử (staff)"),
    DemoLogin("truongdonvi", Role.UNIT_HEAD, "Cục trưởng Cục An toàn thông tin (unit head)"),
    DemoLogin("botruong", Role.LEADERSHIP, "Bộ trưởng, cả Bộ (leadership, whole ministry)"),
    DemoLogin(
        "thutruong", Role.LEADERSHIP, "Thứ trưởng phụ trách Khối công nghệ số (leadership, block)"
    ),
    DemoLogin(
        "thiduakhenthuong",
        Role.EMULATION_OFFICER,
        "Phòng Thi đua - Khen thưởng (emulation officer)",
    ),
    DemoLogin("hoidong", Role.COUNCIL_MEMBER, "Thành viên Hội đồng TĐKT (council member)"),
    DemoLogin(
        "bithu",
        Role.PARTY_SECRETARY,
        "Bí thư Chi bộ Phòng An toàn hệ thống thông tin (Party secretary)",
    ),
    # Party work is managed by Party roles only: the administrator and the emulation office
    # have no Party rights, so the Đảng bộ's own committee office does it at ministry level.
    DemoLogin(
        "vanphongdanguy",
        Role.PARTY_SECRETARY,
        "Văn phòng Đảng ủy Bộ, cả Đảng bộ Bộ (Party committee office)",
    ),
]


def fold(text: str) -> str:
    """ASCII form of Vietnamese text (for e-mail addresses)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class DemoBuilder:
    def __init__(self, *, people: int, seed: int):
        self.target_people = people
        self.rng = random.Random(seed)
        self.positions: dict[str, Position] = {}
        self.people: list[Person] = []
        self.posts: list[PersonPosition] = []
        self.used_emails: set[str] = set()

    # ---- structure ----
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

    # ---- people ----
    def _name(self) -> tuple[str, str]:
        gender = self.rng.choice([Gender.MALE, Gender.FEMALE])
        if gender == Gender.MALE:
            middle, given = self.rng.choice(MIDDLE_MALE), self.rng.choice(GIVEN_MALE)
        else:
            middle, given = self.rng.choice(MIDDLE_FEMALE), self.rng.choice(GIVEN_FEMALE)
        return f"{self.rng.choice(SURNAMES)} {middle} {given}", gender

    def _person(self, unit: Unit, position_code: str, category: str | None = None) -> Person:
        n = len(self.people) + 1
        full_name, gender = self._name()
        category = category or (
            StaffCategory.PUBLIC_EMPLOYEE
            if unit.kind in (UnitKind.INSTITUTE, UnitKind.CENTER)
            else self.rng.choices([StaffCategory.CIVIL_SERVANT, StaffCategory.WORKER], [9, 1])[0]
        )
        position = self.positions[position_code]
        parts = fold(full_name).lower().split()
        local = f"{parts[-1]}.{''.join(p[0] for p in parts[:-1])}"
        email = f"{local}@thidua.example"
        if email in self.used_emails:
            email = f"{local}{n}@thidua.example"
        self.used_emails.add(email)
        rank = RANKS[category][min(position.level // 2, len(RANKS[category]) - 1)]
        person = Person(
            employee_code=f"CB{n:05d}",
            full_name=full_name,
            gender=gender,
            category=category,
            date_of_birth=date(
                self.rng.randint(1966, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
            ),
            rank=rank,
            grade=self.rng.randint(1, 8),
            email=email,
            phone=f"09{self.rng.randint(10_000_000, 99_999_999)}",
            unit=unit,
            position=position,
        )
        self.people.append(person)
        hired = date(self.rng.randint(2005, 2019), self.rng.randint(1, 12), 1)
        self.posts.append(
            PersonPosition(
                person=person, unit=unit, position=position, valid_from=max(hired, date(2015, 1, 1))
            )
        )
        return person

    def build_people(self) -> None:
        root = self.root
        self.minister = self._person(root, "BT", StaffCategory.CADRE)
        self.deputies = [self._person(root, "TT", StaffCategory.CADRE) for _ in range(3)]
        self.heads: dict[str, Person] = {}
        containers = []
        for code, *_ in UNITS:
            unit = self.units_by_code[code]
            head_code, deputy_code = HEAD_BY_KIND[unit.kind]
            self.heads[code] = self._person(unit, head_code)
            self._person(unit, deputy_code)
            containers.append(unit)
            for section in self.sections[code]:
                self.heads[section.code] = self._person(section, "TP")
                self._person(section, "PTP")
                containers.append(section)
        # The people behind the staff and emulation-officer demo logins.
        self.demo_staff = self._person(self.sections["THH"][1], "CV")
        self.emulation_officer = self._person(self.sections["VPB"][1], "CVC")
        staff_positions = ["CV", "CV", "CV", "CVC", "CVC", "CVCC", "NV"]
        while len(self.people) < self.target_people:
            unit = self.rng.choice(containers)
            self._person(unit, self.rng.choice(staff_positions))
        Person.objects.bulk_create(self.people, batch_size=1000)
        for post in self.posts:
            post.person_id = post.person.pk
        PersonPosition.objects.bulk_create(self.posts, batch_size=1000)
        # One person holds a concurrent post, as records allow.
        PersonPosition.objects.create(
            person=self.heads["VTCCB"],
            unit=self.units_by_code["VPB"],
            position=self.positions["PVT"],
            kind=PostKind.CONCURRENT,
            valid_from=date(2021, 3, 1),
            decision="QĐ minh hoạ",
        )
        self.blocks["CNS"].leader = self.deputies[0]
        self.blocks["BC"].leader = self.deputies[1]
        self.blocks["VT"].leader = self.deputies[2]
        self.blocks["TM"].leader = self.minister
        UnitGroup.objects.bulk_update(self.blocks.values(), ["leader"])

    # ---- Party ----
    def build_party(self) -> None:
        """The Party committee, its grassroots committees and cells, then the memberships
        (thidua.org.demo_party)."""
        build_party_bodies(self)
        build_party_members(self)

    # ---- logins ----
    def build_logins(self) -> list[DemoLogin]:
        user_model = get_user_model()
        council = self.heads["VTCCB"]
        owners = {
            "quantri": None,
            "canbo": self.demo_staff,
            "truongdonvi": self.heads["ATTT"],
            "botruong": self.minister,
            "thutruong": self.deputies[0],
            "thiduakhenthuong": self.emulation_officer,
            "hoidong": council,
            "bithu": self.heads["ATTT-P2"],
            # the head of Phòng Hành chính - Tổng hợp, Văn phòng Bộ, serving the Đảng ủy
            "vanphongdanguy": self.heads[self.sections["VPB"][0].code],
        }
        for login in DEMO_LOGINS:
            user = user_model(
                username=login.username,
                # an account that is nobody's record is greeted by what it is, not its username
                first_name="" if owners[login.username] else login.description.split(" (")[0],
                is_staff=login.role == Role.ADMINISTRATOR,
                is_superuser=login.role == Role.ADMINISTRATOR,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            person = owners[login.username]
            if person is not None:
                Person.objects.filter(pk=person.pk).update(user=user)
            scope = {}
            if login.username == "truongdonvi":
                scope = {"unit": self.units_by_code["ATTT"]}
            elif login.username == "thutruong":
                scope = {"unit_group": self.blocks["CNS"]}
            elif login.username == "bithu":
                cell_secretary_set(self.cells_by_unit[person.unit_id], person, owners.values())
                continue  # her rights follow the membership (rules.viewer_scope): no role
            elif login.username == "vanphongdanguy":
                scope = {"party_organization": self.party_top}
            if login.role != Role.STAFF:
                role_grant(actor=SYSTEM, user=user, role=login.role, valid_from=DEMO_START, **scope)
        return DEMO_LOGINS


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


def party_ratings_build(*, year: int = PARTY_RATING_YEAR) -> int:
    """Rate every current Party body of the demo for `year` (see PARTY_LEVELS); returns how
    many ratings were added."""
    units = {u.pk: u for u in Unit.objects.filter(valid_to__isnull=True)}
    by_path = {u.path: u.code for u in units.values()}
    top_path = {u.pk: u.path for u in units.values()}
    rows = []
    for body in PartyOrganization.objects.filter(
        valid_to__isnull=True, unit__isnull=False
    ).order_by("code"):
        unit = units.get(body.unit_id)
        if unit is None:
            continue
        # the unit of the ministry's first level that holds the body's unit (or the root)
        parts = top_path[unit.pk].split("/")[:-1]
        owner = by_path.get("/".join(parts[:2]) + "/") if len(parts) > 1 else ROOT_CODE
        level = PARTY_LEVELS.get(owner or "", PartyBodyRatingLevel.GOOD)
        if unit.kind == UnitKind.SECTION and level != PartyBodyRatingLevel.EXCELLENT:
            level = PartyBodyRatingLevel.GOOD
        top_level = body.parent_id is None
        rows.append(
            PartyBodyRating(
                body=body,
                year=year,
                level=level,
                decided_on=date(year + 1, 1, 12) if top_level else date(year, 12, 26),
                decision=(
                    f"Quyết định xếp loại chất lượng tổ chức đảng năm {year} (minh hoạ)"
                    if top_level
                    else f"Đảng ủy Bộ xếp loại chất lượng năm {year} (minh hoạ)"
                ),
            )
        )
    PartyBodyRating.objects.bulk_create(rows)
    return len(rows)


# Long absences in 2025 that the months worked read: four months of unpaid leave (8 months
# worked) and a maternity leave (counted as worked). (unit code, post, gender, kind, from,
# to, decision)
ABSENCES = [
    (
        "CNICT-P2",
        "CV",
        Gender.MALE,
        AbsenceKind.UNPAID_LEAVE,
        date(2025, 3, 1),
        date(2025, 6, 30),
        "Quyết định cho nghỉ không hưởng lương 4 tháng (minh hoạ)",
    ),
    (
        "CBC-P2",
        "CV",
        Gender.FEMALE,
        AbsenceKind.MATERNITY,
        date(2025, 5, 5),
        date(2025, 11, 4),
        "Nghỉ thai sản 6 tháng (minh hoạ)",
    ),
]


def absences_build() -> int:
    """The long absences of ABSENCES, each for the last staff member of its unit with that
    post and gender (people are fictional); returns how many were added."""
    rows = []
    for unit_code, position, gender, kind, start, end, decision in ABSENCES:
        person = (
            Person.objects.filter(unit__code=unit_code, position__code=position, gender=gender)
            .order_by("-employee_code")
            .first()
        )
        if person is not None:
            rows.append(
                Absence(person=person, kind=kind, valid_from=start, valid_to=end, decision=decision)
            )
    Absence.objects.bulk_create(rows)
    return len(rows)


def demo_is_loaded() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


@transaction.atomic
def demo_load(*, people: int = 300, seed: int = 2020) -> bool:
    """Load the demo ministry unless it is already there. Returns True when it loaded."""
    if demo_is_loaded():
        return False
    builder = DemoBuilder(people=people, seed=seed)
    builder.build_structure()
    builder.build_people()
    builder.build_party()
    party_ratings_build()
    absences_build()
    builder.build_logins()
    return True


@transaction.atomic
def _committee_office_added() -> bool:
    """A demo loaded before Party and state were kept apart has no Party committee office
    login (its administrator managed Party work): add it, as build_logins does."""
    user_model = get_user_model()
    top = PartyOrganization.objects.filter(code="DB-BTTTT").first()
    if top is None or user_model.objects.filter(username="vanphongdanguy").exists():
        return False
    user = user_model(username="vanphongdanguy")
    user.set_password(DEMO_PASSWORD)
    user.save()
    person = (
        Person.objects.filter(unit__code="VPB-P1", position__is_head=True, user__isnull=True)
        .order_by("pk")
        .first()
    )
    if person is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
    role_grant(
        actor=SYSTEM,
        user=user,
        role=Role.PARTY_SECRETARY,
        party_organization=top,
        valid_from=DEMO_START,
    )
    return True


@transaction.atomic
def _round_facts_added() -> bool:
    """A demo loaded before the commendation round read Party body ratings and long absences
    has neither: add them, as demo_load does."""
    if not demo_is_loaded() or PartyBodyRating.objects.exists() or Absence.objects.exists():
        return False
    party_ratings_build()
    absences_build()
    return True


@transaction.atomic
def _merger_added() -> bool:
    """A demo loaded before the 2025 merger was recorded shows the old ministry on every
    date: record it, as build_structure does."""
    return demo_is_loaded() and ministry_merger_build()


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    """The org part of `thidua demo`: the ministry, its people, Party bodies and the logins."""
    from .official_calendar import official_calendar_ensure

    official_calendar_ensure()  # the holidays, should the database have lost them
    loaded = demo_load(people=people, seed=seed)
    status = "Demo ministry already present; nothing changed."
    if not loaded and _merger_added():
        status = "Demo ministry already present; the 2025 merger into the Ministry of Science "
        status += "and Technology was recorded."
    if not loaded and _committee_office_added():
        status = "Demo ministry already present; the login vanphongdanguy was added."
    if not loaded and _round_facts_added():
        status = "Demo ministry already present; 2025 Party body ratings and absences were added."
    if not loaded and login_party_posts_set():
        status = "Demo ministry already present; the logins' Party posts were set."
    lines = [
        f"Demo ministry loaded: {Unit.objects.count()} units, {Person.objects.count()} people."
        if loaded
        else status,
        f"\nDemo logins (password for all: {DEMO_PASSWORD}):",
        *(f"  {login.username:<18} {login.description}" for login in DEMO_LOGINS),
    ]
    return "\n".join(lines)
