"""Demo ratings open on the day the demo is loaded (issue 12, point 1: every role's "Việc của
tôi" has real work whatever the date): the current year's annual ratings opened, as drafts
waiting for the people's self-assessment, for a section of Cục An toàn thông tin (the Party
secretary `bithu`'s, opened by the Cục's head `truongdonvi`, the year's monthly scores
counted) and for the staff login `canbo` (opened by the emulation office). Through the
rating services; loading twice changes nothing (a person's rating of the year, once there,
is left as it is)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.org.models import Person, Unit

from .models import AnnualRating
from .services.ratings import annual_rating_prepare

OFFICER, HEAD, STAFF = "thiduakhenthuong", "truongdonvi", "canbo"
SECTION = "ATTT-P2"  # Phòng An toàn hệ thống thông tin, under the head's Cục
SECTION_PEOPLE = 12  # a 10,000-person demo stays quick to build


@transaction.atomic
def ratings_to_self_assess_load(*, today: date) -> str:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=(OFFICER, HEAD, STAFF))
    }
    year = today.year
    opened = []
    section = Unit.objects.filter(code=SECTION, valid_to__isnull=True).first()
    if HEAD in users and section is not None:
        people = Person.objects.filter(
            unit__path__startswith=section.path, is_active=True
        ).select_related("unit")
        # the section's people with a login first (the Party secretary), then the others
        with_login = list(people.filter(user__isnull=False).exclude(user=users[HEAD]))
        others = list(people.filter(user__isnull=True).order_by("employee_code")[:SECTION_PEOPLE])
        opened += [(users[HEAD], p) for p in with_login + others]
    staff = (
        Person.objects.filter(user__username=STAFF, is_active=True).select_related("unit").first()
    )
    if OFFICER in users and staff is not None:
        opened.append((users[OFFICER], staff))
    existing = set(
        AnnualRating.objects.filter(year=year, person__in=[p for _a, p in opened]).values_list(
            "person_id", flat=True
        )
    )
    count = 0
    for actor, person in opened:
        if person.pk not in existing:
            annual_rating_prepare(actor=actor, person=person, year=year)
            count += 1
    if not count:
        return ""
    return f"{count} annual ratings of {year} opened, waiting for the people's self-assessment"
