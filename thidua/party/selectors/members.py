"""The members list of the Party bodies a viewer manages ("Đảng viên").

Who sees a body's members is who may import them (`exchange.members_import`: the actor must
cover the body, `rules.covers_party_body`): its secretary, and the committee office above it.
A state role alone manages no Party body and sees none."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from thidua.org.models import PartyMembership, PartyOrganization

from .. import rules
from . import party_bodies_covered


@dataclass
class BodyMembers:
    """One body and its current members, sorted by name."""

    body: PartyOrganization
    members: list[PartyMembership] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def bodies_managed(*, viewer) -> QuerySet[PartyOrganization]:
    """The bodies whose members the viewer may list and import, in tree order."""
    return party_bodies_covered(viewer=viewer).order_by("path")


def members_by_body(
    *, viewer, body_id: int | None = None, on: date | None = None
) -> list[BodyMembers]:
    """The memberships valid on `on` (today by default) of the bodies the viewer manages —
    or of the one body `body_id` among them — grouped by body in tree order, each sorted by
    the member's name. Raises PartyOrganization.DoesNotExist (a page's 404, as the import's)
    when the viewer manages no body or `body_id` is not one of theirs. Two queries, however
    many members."""
    on = on or timezone.localdate()
    managed = bodies_managed(viewer=viewer)
    if body_id is not None:
        managed = managed.filter(pk=body_id)
    bodies = list(managed)
    if not bodies or not all(rules.covers_party_body(viewer, b) for b in bodies):
        raise PartyOrganization.DoesNotExist
    groups = {b.pk: BodyMembers(body=b) for b in bodies}
    memberships = (
        PartyMembership.objects.as_of(on)
        .filter(organization__in=managed)
        .select_related("person__unit")
        .order_by("person__full_name", "person__employee_code", "pk")
    )
    for membership in memberships:
        membership.organization = groups[membership.organization_id].body
        groups[membership.organization_id].members.append(membership)
    return list(groups.values())
