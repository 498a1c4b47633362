from django.core.management import call_command
from django.utils import timezone

from thidua.emulation.models import (
    AnnualRating,
    Initiative,
    LessonAdoption,
    Movement,
    PendingCase,
    PeriodScore,
)
from thidua.org.models import Person, Unit, UnitGroup


def test_demo_emulation_has_five_years_of_ratings_movements_and_lessons_and_loads_once(db):
    call_command("demo")
    counts = (Movement.objects.count(), AnnualRating.objects.count(), Initiative.objects.count())
    call_command("demo")
    assert (
        Movement.objects.count(),
        AnnualRating.objects.count(),
        Initiative.objects.count(),
    ) == counts
    published = AnnualRating.objects.filter(status="published")
    assert published.count() == 5 * Person.objects.count()
    assert set(published.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    # This year's ratings are open for some people, waiting for their self-assessment (issue
    # 12, point 1): the staff login's and the Party secretary's among them, whatever the date.
    year = timezone.localdate().year
    drafts = AnnualRating.objects.filter(year=year, status="draft")
    assert set(drafts.values_list("person__user__username", flat=True)) >= {"canbo", "bithu"}
    assert AnnualRating.objects.count() == published.count() + drafts.count()
    assert set(AnnualRating.objects.values_list("level", flat=True)) >= {"HTXS", "HTT", "HT"}
    # a movement open for registration whatever the date (the year's, or a campaign's)
    assert Movement.objects.filter(
        status="registration_open", period_end__gte=timezone.localdate()
    ).exists()
    assert Movement.objects.filter(programs__number=5).exists()  # tied to the eight programmes
    assert all(c.leader_unit_id for c in UnitGroup.objects.filter(kind="emulation_cluster"))
    assert LessonAdoption.objects.count() > 10
    assert Initiative.objects.filter(scope="bo").exists() and PendingCase.objects.exists()
    # This year's monthly scores of Cục ATTT, computed by the scoring service with explanations.
    this_year = PeriodScore.objects.filter(
        person__unit__path__startswith=Unit.objects.get(code="ATTT").path
    )
    assert this_year.exists() == (timezone.localdate().month > 1)
    assert all(score.explanation and 0 <= score.total <= 100 for score in this_year[:20])
