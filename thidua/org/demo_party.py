"""The demo ministry's Party organisation: bodies by unit and memberships (called by
thidua.org.demo's builder, whose units, people and random generator they use)."""

from datetime import date, timedelta

from django.utils import timezone

from thidua.core.actors import SYSTEM

from .choices import MembershipStatus, PartyOrgKind, PartyRole
from .models import PartyMembership, PartyOrganization, Person
from .rules import SECRETARY_PARTY_ROLES
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
    for code, _name, _short, *_ in UNITS:
        unit = builder.units_by_code[code]
        # the unit's current short name (after its dated renames), as goals and pages show it:
        # Party bodies keep no dated names, so a cell reads "(Cục CĐSQG)", not "(Cục THH)"
        short = unit.short_name or _short
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
    head is its cell's secretary; a member admitted in the last twelve months is
    probationary (the Party's Statute: twelve months of probation), never a secretary."""
    from .demo import DEMO_START

    today = timezone.localdate()

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
        probationary = role == PartyRole.MEMBER and joined > today - timedelta(days=365)
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


def cell_secretary_set(cell: PartyOrganization, person, login_people) -> None:
    """`person` (the `bithu` login's) is her cell's secretary: her Party rights follow that
    membership (org.rules.viewer_scope), no role is granted. The other logins' people hold no
    secretary post — each login shows one kind of right, and a state role gives no Party right:
    a post build_party_members gave them goes to another member of their cell, and they stay
    on its committee."""
    from .demo import DEMO_START

    others = [p.pk for p in login_people if p is not None and p.pk != person.pk]
    for held in PartyMembership.objects.filter(
        person_id__in=others, role__in=SECRETARY_PARTY_ROLES, valid_to__isnull=True
    ):
        successor = (
            PartyMembership.objects.filter(
                organization_id=held.organization_id, role=PartyRole.MEMBER, valid_to__isnull=True
            )
            .exclude(person_id__in=[*others, person.pk])
            .order_by("-person__position__level", "pk")
            .first()
        )
        if successor is not None:
            PartyMembership.objects.filter(pk=successor.pk).update(
                role=held.role, status=MembershipStatus.OFFICIAL
            )
        PartyMembership.objects.filter(pk=held.pk).update(role=PartyRole.COMMITTEE_MEMBER)
    PartyMembership.objects.filter(person=person).update(
        role=PartyRole.SECRETARY, status=MembershipStatus.OFFICIAL
    )
    PartyMembership.objects.filter(organization=cell, role=PartyRole.SECRETARY).exclude(
        person=person
    ).update(role=PartyRole.MEMBER)
    if not PartyMembership.objects.filter(person=person).exists():
        PartyMembership.objects.create(
            person=person,
            organization=cell,
            role=PartyRole.SECRETARY,
            joined_party_on=date(2010, 5, 19),
            valid_from=DEMO_START,
        )


def login_party_posts_set() -> bool:
    """A demo loaded before the secretary's rights followed the membership may have state
    logins' people as their cells' secretaries (a Party right now): hand the posts on as
    build_logins does. Returns whether anything changed."""
    from .demo import DEMO_LOGINS

    people = {
        p.user.username: p
        for p in Person.objects.filter(
            user__username__in=[login.username for login in DEMO_LOGINS]
        ).select_related("user")
    }
    bithu = people.get("bithu")
    held = PartyMembership.objects.filter(valid_to__isnull=True, role__in=SECRETARY_PARTY_ROLES)
    own = held.filter(person=bithu).select_related("organization").first() if bithu else None
    others = [p.pk for name, p in people.items() if name != "bithu"]
    if own is None or not held.filter(person_id__in=others).exists():
        return False
    cell_secretary_set(own.organization, bithu, people.values())
    return True
