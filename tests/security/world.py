"""The world the permission matrix runs in: the demo ministry (300 people) plus the two
roles the demo lacks (the head of another unit, the secretary of another cell) and the few
records the demo does not create, all made through the services as users would.

Targets live in Cục An toàn thông tin (ATTT) and its Party cell of Phòng An toàn hệ thống
thông tin, which `truongdonvi` heads and `bithu` leads; the "other" head and secretary sit
elsewhere and must see nothing private of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from thidua.core.actors import SYSTEM

ROLES = (
    "anonymous",
    "staff",
    "other_head",
    "unit_head",
    "leadership",
    "office",
    "council",
    "other_secretary",
    "secretary",
    "admin",
)
USERNAMES = {
    "staff": "canbo",
    "other_head": "truongcuckhac",
    "unit_head": "truongdonvi",
    "leadership": "botruong",
    "office": "thiduakhenthuong",
    "council": "hoidong",
    "other_secretary": "bithukhac",
    "secretary": "bithu",
    "admin": "quantri",
}


PRIVATE_MARKER = "THANH-TICH-NOI-BO-ATTT-7f3a"
RATING_MARKER = "NHAN-XET-DANH-GIA-ATTT-91c2"
CELL_RESOLUTION = """NGHỊ QUYẾT
về bảo đảm an toàn hệ thống thông tin năm nay

I. MỤC TIÊU
Bảo đảm an toàn cho các hệ thống thông tin của Cục.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Rà soát toàn bộ các hệ thống thông tin theo cấp độ trước ngày 30 tháng 6.
2. Tổ chức diễn tập ứng cứu sự cố ít nhất hai lần trong năm.
3. Mỗi đảng viên hoàn thành khoá bồi dưỡng kỹ năng an toàn thông tin.
4. Giám sát an toàn thông tin 24/7 đối với các hệ thống quan trọng.
5. Báo cáo kết quả thực hiện hằng quý với Chi bộ.
"""


def world_user(user_model, username: str):
    return user_model.objects.get(username=username)


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)
    # Secrets of people outside a role's scope: {person_id: [email, phone]}.
    contacts: dict[int, list[str]] = field(default_factory=dict)


def build_world() -> World:
    from thidua.org.choices import Role
    from thidua.org.models import PartyMembership, PartyOrganization, Person, Unit
    from thidua.org.rules import SECRETARY_PARTY_ROLES
    from thidua.org.services import role_grant

    call_command("demo", people=300, verbosity=0)

    user_model = get_user_model()
    world = World()
    today = timezone.localdate()
    start = date(2020, 1, 1)

    attt = Unit.objects.get(code="ATTT")
    other_unit = Unit.objects.get(code="CVT")
    other_head_person = (  # a state persona: no secretary post, whose rights it would carry
        Person.objects.filter(unit__path__startswith=other_unit.path, user__isnull=True)
        .exclude(party_memberships__role__in=SECRETARY_PARTY_ROLES)
        .order_by("pk")
        .first()
    )
    other_head = user_model.objects.create_user(username=USERNAMES["other_head"], password="x")
    Person.objects.filter(pk=other_head_person.pk).update(user=other_head)
    role_grant(
        actor=SYSTEM, user=other_head, role=Role.UNIT_HEAD, unit=other_unit, valid_from=start
    )

    bithu = user_model.objects.get(username="bithu")
    own_cell = PartyOrganization.objects.get(
        pk=PartyMembership.objects.filter(person__user=bithu).values("organization")[:1]
    )
    other_cell = (
        PartyOrganization.objects.filter(kind="cell")
        .exclude(path__startswith=own_cell.path)
        .order_by("-pk")
        .first()
    )
    other_secretary_person = (
        Person.objects.filter(party_memberships__organization=other_cell, user__isnull=True)
        .order_by("pk")
        .first()
    )
    other_secretary = user_model.objects.create_user(
        username=USERNAMES["other_secretary"], password="x"
    )
    Person.objects.filter(pk=other_secretary_person.pk).update(user=other_secretary)
    role_grant(
        actor=SYSTEM,
        user=other_secretary,
        role=Role.PARTY_SECRETARY,
        party_organization=other_cell,
        valid_from=start,
    )

    for role, username in USERNAMES.items():
        world.users[role] = user_model.objects.get(username=username)

    # Records the demo lacks, made through the services by those who would make them.
    from thidua.awards.services import council as council_services
    from thidua.party import services as party_services
    from thidua.party.models import Digest

    resolution = party_services.resolution_upload(
        actor=bithu,
        body=own_cell,
        title="Nghị quyết của Chi bộ về bảo đảm an toàn hệ thống thông tin",
        file_name="nghi-quyet-chi-bo.txt",
        data=CELL_RESOLUTION.encode("utf-8"),
        number="05-NQ/CB",
        issued_on=date(today.year, 1, 15),
    )
    digest = Digest.objects.filter(resolution=resolution).first()
    if digest is not None and digest.points.exists():
        party_services.digest_approve(actor=bithu, digest=digest)
    attt_person = (
        Person.objects.filter(unit__path__startswith=attt.path, user__isnull=True, is_active=True)
        .order_by("pk")
        .first()
    )
    proposal = council_services.proposal_create(
        actor=world_user(user_model, "truongdonvi"),
        code="LDTT",
        year=today.year - 1,
        person=attt_person,
        # A proposal is private to its unit's heads and the emulation office: a marker
        # that must not appear to anyone else.
        achievements=f"Hoàn thành xuất sắc nhiệm vụ giám sát an toàn thông tin. {PRIVATE_MARKER}",
    )

    # A head's comment on a rating is private to those who may read the person's ratings.
    from thidua.emulation.models import AnnualRating

    AnnualRating.objects.filter(person=attt_person).update(head_comment=RATING_MARKER)

    for person in Person.objects.only("pk", "email", "phone"):
        world.contacts[person.pk] = [v for v in (person.email, person.phone) if v]

    world.ids.update(
        cell_resolution=resolution,
        attt_person=attt_person,
        attt_proposal=proposal,
        attt=attt,
        other_unit=other_unit,
        own_cell=own_cell,
        other_cell=other_cell,
        today=today,
        yesterday=today - timedelta(days=1),
    )

    # A pending proposed change to a decimal target on the goal the goal page shows
    # (targets.py, goals:detail), for those who decide it (leadership, the administrator) to
    # read in words: the key result's title and "3,2", never "#<id>" nor "3.20000" (issue 12,
    # point 3). Made after the demo's own proposal, which stays the first one.
    from thidua.goals.choices import GoalStatus
    from thidua.goals.models import Goal, GoalChangeProposal

    shown_goal = Goal.objects.filter(owner_unit=attt, status=GoalStatus.ACTIVE).order_by("pk")
    shown_goal = shown_goal.first()
    shown_kr = shown_goal.key_results.order_by("pk").first() if shown_goal else None
    if shown_kr is not None:
        world.ids["pending_goal_proposal"] = GoalChangeProposal.objects.create(
            goal=shown_goal,
            changes=[{"key_result": shown_kr.pk, "target": "3.20000"}],
            comment="Đề nghị điều chỉnh chỉ tiêu theo thực tế nhân sự.",
        )
    return world
