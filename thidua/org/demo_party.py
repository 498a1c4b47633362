"""The demo ministry's Party organisation: bodies by unit and memberships (called by
thidua.org.demo's builder, whose units, people and random generator they use)."""

from datetime import date

from thidua.core.actors import SYSTEM

from .choices import MembershipStatus, PartyOrgKind, PartyRole
from .models import PartyMembership, PartyOrganization
from .services import party_org_create


def build_party_bodies(builder) -> None:
    """The ministry's Party committee; a grassroots committee for each unit with sections
    (its leadership cell and a cell per section); a cell directly under the committee for
    the others."""
    from .demo import DEMO_START, PARTY_TOP_NAME, UNITS  # the builder's module imports this one

    start = DEMO_START
    top = party_org_create(
        actor=SYSTEM,
        code="DB-BTTTT",
        name=PARTY_TOP_NAME,
        kind=PartyOrgKind.COMMITTEE,
        parent=None,
        valid_from=start,
        unit=builder.root,
    )
    cells_by_unit: dict[int, PartyOrganization] = {
        builder.root.pk: party_org_create(
            actor=SYSTEM,
            code="CB-LDB",
            name="Chi bộ Lãnh đạo Bộ",
            kind=PartyOrgKind.CELL,
            parent=top,
            valid_from=start,
            unit=builder.root,
        )
    }
    for code, _name, short, *_ in UNITS:
        unit = builder.units_by_code[code]
        if builder.sections[code]:
            committee = party_org_create(
                actor=SYSTEM,
                code=f"DBCS-{code}",
                name=f"Đảng bộ {unit.name}",
                kind=PartyOrgKind.GRASSROOTS_COMMITTEE,
                parent=top,
                valid_from=start,
                unit=unit,
            )
            cells_by_unit[unit.pk] = party_org_create(
                actor=SYSTEM,
                code=f"CB-{code}",
                name=f"Chi bộ Lãnh đạo {short}",
                kind=PartyOrgKind.CELL,
                parent=committee,
                valid_from=start,
                unit=unit,
            )
            for section in builder.sections[code]:
                cells_by_unit[section.pk] = party_org_create(
                    actor=SYSTEM,
                    code=f"CB-{section.code}",
                    name=f"Chi bộ {section.name} ({short})",
                    kind=PartyOrgKind.CELL,
                    parent=committee,
                    valid_from=start,
                    unit=section,
                )
        else:
            cells_by_unit[unit.pk] = party_org_create(
                actor=SYSTEM,
                code=f"CB-{code}",
                name=f"Chi bộ {unit.name}",
                kind=PartyOrgKind.CELL,
                parent=top,
                valid_from=start,
                unit=unit,
            )
    builder.cells_by_unit = cells_by_unit
    builder.party_top = top


def build_party_members(builder) -> None:
    """Every leader and about four in ten of the others in their unit's cell; a unit's
    head is its cell's secretary; members who joined since 2023 are probationary."""
    from .demo import DEMO_START

    start = DEMO_START
    cells_by_unit = builder.cells_by_unit
    memberships = []
    secretaries: set[int] = set()
    for person in builder.people:
        is_leader = person.position.level >= 2
        if not is_leader and builder.rng.random() > 0.6:
            continue
        cell = cells_by_unit[person.unit_id]
        joined = date(
            builder.rng.randint(1995, 2023), builder.rng.randint(1, 12), builder.rng.randint(1, 28)
        )
        role = PartyRole.MEMBER
        if person.position.is_head and cell.pk not in secretaries:
            role = PartyRole.SECRETARY
            secretaries.add(cell.pk)
        probationary = joined >= date(2023, 1, 1)
        status = MembershipStatus.PROBATIONARY if probationary else MembershipStatus.OFFICIAL
        memberships.append(
            PartyMembership(
                person=person,
                organization=cell,
                role=role,
                status=status,
                joined_party_on=joined,
                valid_from=max(joined, start),
            )
        )
    PartyMembership.objects.bulk_create(memberships, batch_size=1000)
