"""Factories for plain rows. Workflow state is built through the real services."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from thidua.org.choices import StaffCategory, UnitKind
from thidua.org.models import PartyOrganization, Person, PersonPosition, Position, Unit, UnitName
from thidua.org.services import tree_set_path


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("mật-khẩu-thử-123")


class TreeNodeFactory(factory.django.DjangoModelFactory):
    """Saves the node, then computes its materialised path as the services do."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        node = super()._create(model_class, *args, **kwargs)
        tree_set_path(node=node)
        return node


class UnitFactory(TreeNodeFactory):
    class Meta:
        model = Unit

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        UnitName.objects.create(
            unit=unit, name=unit.name, short_name=unit.short_name, valid_from=unit.valid_from
        )
        return unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT
    parent = None
    valid_from = date(2020, 1, 1)


class PartyOrganizationFactory(TreeNodeFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"P{n:04d}")
    name = factory.Sequence(lambda n: f"Chi bộ {n}")
    kind = "cell"
    parent = None
    valid_from = date(2020, 1, 1)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = "CV"
    name = "Chuyên viên"
    level = 0


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    employee_code = factory.Sequence(lambda n: f"NV{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    category = StaffCategory.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)
    position = factory.SubFactory(PositionFactory)
    email = factory.LazyAttribute(lambda p: f"{p.employee_code.lower()}@thidua.example")
    phone = "0912345678"
    date_of_birth = date(1990, 5, 17)

    @factory.post_generation
    def post(self, create, extracted, **kwargs):
        if create:
            PersonPosition.objects.create(
                person=self, unit=self.unit, position=self.position, valid_from=date(2020, 1, 1)
            )


def import_unit_row(**cells) -> dict:
    """A filled-in row of the import's "Đơn vị" sheet, by column key (see importing.py)."""
    return {"name": "Phòng Nhập", "kind": "Phòng", "valid_from": "01/01/2024", **cells}


def import_person_row(**cells) -> dict:
    """A filled-in row of the import's "Cán bộ" sheet, by column key (see importing.py)."""
    return {
        "employee_code": "NK0001",
        "full_name": "Nguyễn Thị Lan",
        "date_of_birth": "17/05/1990",
        "gender": "Nữ",
        "category": "Công chức",
        "rank": "Chuyên viên",
        "grade": 3,
        "email": "lan@bo.example",
        "phone": "0912 345 678",
        "unit": "CA",
        "position": "CV",
        "post_from": "01/03/2024",
        **cells,
    }


def import_workbook(*, units=(), people=()) -> bytes:
    """The real downloadable template with rows appended to its two sheets."""
    from io import BytesIO

    from openpyxl import load_workbook

    from thidua.core.actors import SYSTEM
    from thidua.org.importing import COLUMNS, PEOPLE_SHEET, UNITS_SHEET, import_template

    workbook = load_workbook(BytesIO(import_template(actor=SYSTEM)))
    for sheet_name, rows in ((UNITS_SHEET, units), (PEOPLE_SHEET, people)):
        keys = [column.key for column in COLUMNS[sheet_name]]
        for row in rows:
            workbook[sheet_name].append([row.get(key) for key in keys])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_import_row(person) -> dict:
    """The import row that matches a stored person exactly (their current post from 2020)."""
    return {
        "employee_code": person.employee_code,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        "gender": person.gender,
        "category": person.category,
        "rank": person.rank,
        "grade": person.grade,
        "email": person.email,
        "phone": person.phone,
        "unit": person.unit.code,
        "position": person.position.code,
        "post_from": "01/01/2020",
    }


def block_deputy(*units, username: str = "thutruong-khoi") -> Person:
    """A deputy minister leading a block (khối) of `units` as leadership, by a unit group, as
    the demo's thutruong leads the Khối công nghệ số."""
    from thidua.core.actors import SYSTEM
    from thidua.org.choices import Role
    from thidua.org.models import UnitGroup, UnitGroupMembership
    from thidua.org.services import role_grant

    since = date(2020, 1, 1)
    block = UnitGroup.objects.create(kind="leadership_block", name="Khối A", valid_from=since)
    for unit in units:
        UnitGroupMembership.objects.create(group=block, unit=unit, valid_from=since)
    deputy = PersonFactory(unit=units[0].parent or units[0], user=UserFactory(username=username))
    role_grant(
        actor=SYSTEM, user=deputy.user, role=Role.LEADERSHIP, unit_group=block, valid_from=since
    )
    return deputy


def unit_head(unit, *, username: str, **person) -> Person:
    """A person of `unit` heading it since 2020 (a unit-head role, as the demo grants)."""
    from thidua.core.actors import SYSTEM
    from thidua.org.choices import Role
    from thidua.org.services import role_grant

    head = PersonFactory(unit=unit, user=UserFactory(username=username), **person)
    role_grant(
        actor=SYSTEM, user=head.user, role=Role.UNIT_HEAD, unit=unit, valid_from=date(2020, 1, 1)
    )
    return head
