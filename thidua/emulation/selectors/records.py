"""Reads for records: value-created records (hồ sơ thành tích), the initiatives register and
external assessments.

A person's records and the results of their external assessment are private data: the
person, heads whose scope covers them and the emulation office see them. The initiatives
register (title, authors, scope, year, decision) is public to staff. An external assessment
is shown only as an aggregate, and only once enough assessors have answered that no single
answer can be singled out.
"""

import hashlib
import hmac
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.emulation import rules
from thidua.emulation.models import (
    ExternalAssessment,
    ExternalAssessmentAnswer,
    Initiative,
    ValueRecord,
)
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal, KeyResult
from thidua.goals.selectors import visible_goals
from thidua.org.models import Person, PersonPosition

# Fewer answers than this and the aggregate is not shown at all.
ASSESSMENT_MIN_ANSWERS = 3
# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]; anything else is not one of ours.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def can_view_records(viewer, person: Person) -> bool:
    """The person, heads covering them, the emulation office (private data)."""
    return bool(rules.is_emulation_office(viewer) or rules.can_view_person_record(viewer, person))


def _check_view(viewer, person: Person) -> None:
    if not can_view_records(viewer, person):
        raise PermissionDenied


# ---------------------------------------------------------------- value-created records
def person_posts_in_year(*, person: Person, year: int) -> QuerySet[PersonPosition]:
    """The posts a person held at some time in a year (end dates are exclusive). Not scoped:
    callers check who may read or write the person's records."""
    start, end = year_bounds(year)
    return (
        PersonPosition.objects.filter(person=person, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("position", "unit")
        .order_by("valid_from", "id")
    )


def _with_links(qs: QuerySet[ValueRecord]) -> QuerySet[ValueRecord]:
    return qs.select_related("post__position", "post__unit").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("id", "title", "status").order_by("path")),
        Prefetch(
            "key_results",
            queryset=KeyResult.objects.select_related("goal").only(
                "id", "title", "goal_id", "goal__title"
            ),
        ),
    )


@dataclass
class RecordYear:
    """A person's record for one year: each post held that year with `.record` (or None),
    and records whose post has since been deleted from the position history."""

    person: Person
    year: int
    posts: list[PersonPosition]
    unattached: list[ValueRecord]


def value_record_year(*, viewer, person: Person, year: int) -> RecordYear:
    """The record page of a year in four queries whatever the number of posts and links."""
    _check_view(viewer, person)
    posts: list[Any] = list(person_posts_in_year(person=person, year=year))  # + .record
    records = list(_with_links(ValueRecord.objects.filter(person=person, year=year)))
    by_post = {r.post_id: r for r in records if r.post_id is not None}
    for post in posts:
        post.record = by_post.pop(post.pk, None)
    # A record kept for a post whose dates were later corrected stays visible.
    unattached = [r for r in records if r.post_id is None] + list(by_post.values())
    return RecordYear(person=person, year=year, posts=posts, unattached=unattached)


def value_records_of_person(
    *, viewer, person: Person, year: int | None = None
) -> QuerySet[ValueRecord]:
    """All of a person's records (or one year's), newest first."""
    _check_view(viewer, person)
    qs = ValueRecord.objects.filter(person=person)
    if year is not None:
        qs = qs.filter(year=year)
    return _with_links(qs).order_by("-year", "post__valid_from", "id")


def value_record_get(*, viewer, pk: int) -> ValueRecord:
    record = ValueRecord.objects.select_related("person__unit", "post").filter(pk=pk).first()
    if record is None:
        raise ValueRecord.DoesNotExist
    _check_view(viewer, record.person)
    return record


def value_record_linkable_goals(
    *, viewer, person: Person, year: int, post: PersonPosition
) -> QuerySet[Goal]:
    """Goals a record may link to: the person's own and those of their unit (the post's unit
    or their current one) whose period touches the year, among those the editor may see."""
    if not rules.can_edit_value_record(viewer, person):
        raise PermissionDenied
    visible = visible_goals(viewer=viewer).values("pk")
    return linkable_goals(person=person, year=year, post=post).filter(pk__in=visible)


def linkable_goals(*, person: Person, year: int, post: PersonPosition) -> QuerySet[Goal]:
    """Not scoped (the service validates with it after its own permission check)."""
    start, end = year_bounds(year)
    unit_ids = {post.unit_id, person.unit_id}
    return (
        Goal.objects.filter(Q(owner_person=person) | Q(owner_unit_id__in=unit_ids))
        .filter(period_start__lte=end, period_end__gte=start)
        .exclude(status=GoalStatus.CANCELLED)
        .select_related("owner_unit", "owner_person")
        .order_by("owner_person_id", "path")
    )


# ---------------------------------------------------------------- initiatives register
def _check_staff(viewer) -> None:
    if not viewer.is_authenticated:
        raise PermissionDenied


def _with_authors(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return qs.select_related("unit").prefetch_related(
        Prefetch(
            "authors",
            queryset=Person.objects.only("id", "full_name", "employee_code").order_by(
                "full_name", "id"
            ),
        )
    )


def initiative_list(
    *,
    viewer,
    year: int | None = None,
    scope: str | None = None,
    kind: str | None = None,
    search: str = "",
    author: Person | None = None,
) -> QuerySet[Initiative]:
    """The initiatives register, filtered (public to staff)."""
    _check_staff(viewer)
    qs = Initiative.objects.all()
    if year is not None:
        qs = qs.filter(year=year)
    if scope:
        qs = qs.filter(scope=scope)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(decision_number__icontains=search))
    if author is not None:
        qs = qs.filter(authors=author)
    return _with_authors(qs).order_by("-year", "title", "id")


def initiative_years(*, viewer) -> list[int]:
    _check_staff(viewer)
    return list(Initiative.objects.order_by("-year").values_list("year", flat=True).distinct())


def initiative_get(*, viewer, pk: int) -> Initiative:
    _check_staff(viewer)
    return _with_authors(Initiative.objects.filter(pk=pk)).get()


def people_by_code_or_name(*, viewer, entries: Iterable[str]) -> tuple[list[Person], list[str]]:
    """Resolve what the office typed (one employee code or full name per entry) to people, in
    one query. Returns the people in the order given and the entries that matched no one or
    several people (names and codes are public to staff)."""
    _check_staff(viewer)
    wanted = [e.strip() for e in entries if e and e.strip()]
    if not wanted:
        return [], []
    candidates = list(
        Person.objects.filter(Q(employee_code__in=wanted) | Q(full_name__in=wanted)).select_related(
            "unit"
        )
    )
    by_code = {p.employee_code: p for p in candidates}
    by_name: dict[str, list[Person]] = {}
    for p in candidates:
        by_name.setdefault(p.full_name, []).append(p)
    people: list[Person] = []
    problems: list[str] = []
    for entry in wanted:
        person = by_code.get(entry)
        if person is None:
            named = by_name.get(entry, [])
            if len(named) == 1:
                person = named[0]
            elif named:
                problems.append(
                    f"{entry}: " + ", ".join(f"{p.employee_code} ({p.unit.name})" for p in named)
                )
                continue
            else:
                problems.append(entry)
                continue
        if person not in people:
            people.append(person)
    return people, problems


def initiatives_by_person(
    person_ids: Iterable[int], years: Iterable[int]
) -> dict[int, dict[int, list[dict]]]:
    """Each person's initiatives and research topics per year, for the eligibility engine's
    yearly review: one query whatever the number of people.

    `{person_id: {year: [{"id", "title", "kind", "scope", "decision_number"}, ...]}}`; every
    requested person is a key (an empty dict when they have none); `scope` is co_so, bo or
    toan_quoc and `kind` initiative or research, as in the history format.
    """
    person_ids = list(dict.fromkeys(person_ids))
    years = list(dict.fromkeys(years))
    result: dict[int, dict[int, list[dict]]] = {pid: {} for pid in person_ids}
    if not person_ids or not years:
        return result
    through = Initiative.authors.through
    rows = (
        through.objects.filter(person_id__in=person_ids, initiative__year__in=years)
        .order_by("person_id", "initiative__year", "initiative_id")
        .values_list(
            "person_id",
            "initiative__year",
            "initiative_id",
            "initiative__title",
            "initiative__kind",
            "initiative__scope",
            "initiative__decision_number",
        )
    )
    for person_id, year, pk, title, kind, scope, decision in rows:
        result[person_id].setdefault(year, []).append(
            {"id": pk, "title": title, "kind": kind, "scope": scope, "decision_number": decision}
        )
    return result


# ---------------------------------------------------------------- external assessments
class AssessmentLinkError(Exception):
    """A one-time link that cannot be answered: unknown, already used or expired."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def assessment_by_token(*, token: str, for_update: bool = False) -> ExternalAssessment:
    """The open invitation behind a link. Looked up by the SHA-256 of the token (the plain
    token is never stored) and compared in constant time."""
    if not TOKEN_RE.fullmatch(token or ""):
        raise AssessmentLinkError(AssessmentLinkError.UNKNOWN)
    digest = token_hash(token)
    qs = ExternalAssessment.objects.select_related("person__position")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    assessment = qs.filter(token_hash=digest).first()
    if assessment is None or not hmac.compare_digest(assessment.token_hash, digest):
        raise AssessmentLinkError(AssessmentLinkError.UNKNOWN)
    if assessment.answered_at is not None:
        raise AssessmentLinkError(AssessmentLinkError.USED)
    if assessment.expires_at <= timezone.now():
        raise AssessmentLinkError(AssessmentLinkError.EXPIRED)
    return assessment


@dataclass(frozen=True)
class AssessmentCard:
    """All the public answer page may show: the name, the position and the year."""

    person_name: str
    position_name: str
    year: int
    expires_at: datetime


def assessment_card(*, token: str) -> AssessmentCard:
    """For the public page (no login): raises AssessmentLinkError for a link not open."""
    assessment = assessment_by_token(token=token)
    person = assessment.person
    return AssessmentCard(
        person_name=person.full_name,
        position_name=person.position.name if person.position else "",
        year=assessment.year,
        expires_at=assessment.expires_at,
    )


@dataclass(frozen=True)
class AssessmentSummary:
    """Counts always; the mean and the comments only from ASSESSMENT_MIN_ANSWERS answers on
    (comments shuffled, without dates, so none can be tied to an invitation)."""

    year: int
    invited: int
    answered: int
    open: int
    minimum: int
    enough: bool
    mean: Decimal | None = None
    comments: tuple[str, ...] = ()


def external_assessment_summary(*, viewer, person: Person, year: int) -> AssessmentSummary:
    _check_view(viewer, person)
    qs = ExternalAssessment.objects.filter(person=person, year=year)
    answered_q = Q(answered_at__isnull=False)
    counts = qs.aggregate(
        invited=Count("id"),
        answered=Count("id", filter=answered_q),
        open=Count("id", filter=Q(answered_at__isnull=True, expires_at__gt=timezone.now())),
    )
    enough = counts["answered"] >= ASSESSMENT_MIN_ANSWERS
    summary = AssessmentSummary(
        year=year, minimum=ASSESSMENT_MIN_ANSWERS, enough=enough, mean=None, **counts
    )
    if not enough:
        return summary
    answers = ExternalAssessmentAnswer.objects.filter(person=person, year=year)
    mean = answers.aggregate(mean=Avg("score"))["mean"]
    comments = [c for c in answers.values_list("comment", flat=True) if c.strip()]
    random.SystemRandom().shuffle(comments)
    return AssessmentSummary(
        year=year,
        minimum=ASSESSMENT_MIN_ANSWERS,
        enough=True,
        mean=Decimal(str(mean)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        comments=tuple(comments),
        **counts,
    )
