"""The demo ministry's fictional people: names, ranks, posts and long absences."""

import random
import unicodedata
from datetime import date

from .choices import AbsenceKind, Gender, PostKind, StaffCategory, UnitKind
from .demo_units import HEAD_BY_KIND, UNITS
from .models import Absence, Person, PersonPosition, Position, Unit, UnitGroup

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


def fold(text: str) -> str:
    """ASCII form of Vietnamese text (for e-mail addresses)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class PeopleBuilder:
    """The people part of the demo builder (thidua.org.demo.DemoBuilder): everyone is
    fictional, drawn from the builder's random generator."""

    target_people: int
    rng: random.Random
    positions: dict[str, Position]
    people: list[Person]
    posts: list[PersonPosition]
    used_emails: set[str]
    root: Unit
    units_by_code: dict[str, Unit]
    sections: dict[str, list[Unit]]
    blocks: dict[str, UnitGroup]

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
