"""The demo ministry: the units named in the seeds, fictional people, Party cells, roles.

Deterministic from a seed; loading twice changes nothing; written as the system (SYSTEM).
The unit tree is in demo_units, the people in demo_people, the Party bodies in demo_party."""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.core.actors import SYSTEM

from .choices import PartyBodyRatingLevel, Role, UnitKind
from .demo_party import (
    build_party_bodies,
    build_party_members,
    cell_secretary_set,
    login_party_posts_set,
)
from .demo_people import PeopleBuilder, absences_build
from .demo_units import DEMO_START, MERGED_NAME, ROOT_CODE, UnitsBuilder, ministry_merger_build
from .demo_units import FORMER_MOST_CODE as FORMER_MOST_CODE
from .demo_units import MERGED_SHORT_NAME as MERGED_SHORT_NAME
from .demo_units import MERGER_ON as MERGER_ON
from .demo_units import UNITS as UNITS
from .models import (
    Absence,
    PartyBodyRating,
    PartyOrganization,
    Person,
    PersonPosition,
    Position,
    Unit,
)
from .services import role_grant

DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105  (documented in README; demo only)
PARTY_TOP_NAME = f"Đảng bộ {MERGED_NAME}"  # after the merger (Party bodies keep no dated names)

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


class DemoBuilder(UnitsBuilder, PeopleBuilder):
    """Builds the demo ministry step by step from one random generator: build_structure
    (demo_units), build_people (demo_people), build_party (demo_party), build_logins."""

    def __init__(self, *, people: int, seed: int):
        self.target_people = people
        self.rng = random.Random(seed)
        self.positions: dict[str, Position] = {}
        self.people: list[Person] = []
        self.posts: list[PersonPosition] = []
        self.used_emails: set[str] = set()

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
