""" "Việc của tôi" and the pages it leads to, on the demo loaded on today's date (issue 12,
point 1; findings of a walk-through of the demo): the office's clerical work waits for its
officer, not for the minister or the administrator who may also do it; the unit head and the
deputy minister over his Cục count the same people on a rating sheet; overdue tasks are called
overdue on "Mục tiêu của tôi" as on the home page; the weights of sibling goals are shown to
whoever may rebalance them, not to the owner of one; the staff login has this year's monthly
scores."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.nextsteps import kind_of, work_for
from thidua.emulation.choices import RatingLevel, RatingStatus, ScorePeriod
from thidua.emulation.models import AnnualRating, PeriodScore
from thidua.emulation.services.ratings import rating_propose
from thidua.goals.choices import GoalStatus, TaskStatus
from thidua.goals.models import Goal, Task
from thidua.org.models import Unit

# the office's queues: proposals to check, to put before the council, to put in a decision,
# decisions to record as signed, good practices to publish as lessons, results to publish
OFFICE_WORK = {
    "awards.check",
    "awards.council",
    "awards.decide",
    "awards.sign",
    "emulation.practices",
    "emulation.publish_results",
}
SIBLING_WEIGHTS = "Tổng trọng số các mục tiêu cùng cấp trên"


def user(username: str):
    return get_user_model().objects.get(username=username)


def kinds(username: str) -> set[str]:
    return {kind_of(item) for item in work_for(user(username))}


def home(client, username: str) -> str:
    client.force_login(user(username))
    return client.get("/").content.decode()


def test_the_offices_clerical_work_waits_for_its_officer_not_for_the_minister_or_admin(
    demo_read_only, client
):
    assert {"awards.check", "awards.decide", "emulation.practices"} <= kinds("thiduakhenthuong")
    assert "cần thẩm định hồ sơ" in home(client, "thiduakhenthuong")
    for username in ("botruong", "quantri"):
        assert not kinds(username) & OFFICE_WORK, username
        page = home(client, username)
        assert "cần thẩm định hồ sơ" not in page and "cần công bố" not in page, username
    # what is the minister's own stays: his ballot as a council member
    assert "awards.ballot" in kinds("botruong")
    # the right stays too: the minister still opens the proposals to check
    client.force_login(user("botruong"))
    response = client.get(reverse("awards:proposal_list") + "?status=submitted")
    assert response.status_code == 200


def test_the_sheet_waits_for_the_units_head_not_for_the_deputy_minister_of_its_block(
    demo_read_only, client
):
    """After a self-assessment the section's sheet waits for Cục ATTT's head, who counts every
    person on it; thutruong leads the block's units as leadership, and Cục ATTT has its own
    head, nearer: the sheet is not on her list (she keeps the right to open it)."""
    year = timezone.localdate().year
    section = Unit.objects.get(code="ATTT-P2", valid_to__isnull=True)
    rating = AnnualRating.objects.get(person__user__username="bithu", year=year)
    client.force_login(user("bithu"))
    client.post(
        reverse("emulation:rating_self_assess", args=[rating.pk]),
        {"text": "Hoàn thành tốt nhiệm vụ được giao."},
    )
    assert AnnualRating.objects.get(pk=rating.pk).status == RatingStatus.SELF_ASSESSED

    key = f"emulation.propose:{section.pk}:{year}"
    on_sheet = AnnualRating.objects.filter(unit=section, year=year).count()
    counts = {
        name: {i.key: i.count for i in work_for(user(name))}.get(key)
        for name in ("truongdonvi", "thutruong")
    }
    assert counts == {"truongdonvi": on_sheet, "thutruong": None}
    words = f"Đề xuất mức xếp loại năm {year} cho {on_sheet} người"
    assert words in home(client, "truongdonvi") and words not in home(client, "thutruong")
    client.force_login(user("thutruong"))
    sheet = reverse("emulation:rating_unit", args=[section.pk, year])
    assert client.get(sheet).status_code == 200


def test_overdue_tasks_are_called_overdue_on_my_goals_as_on_the_home_page(demo_read_only, client):
    today = timezone.localdate()
    head = user("truongdonvi")
    overdue = list(
        Task.objects.filter(
            owner__user=head,
            status__in=[TaskStatus.TODO, TaskStatus.DOING],
            due_date__lt=today,
        )
    )
    assert overdue
    with translation.override("vi"):
        titles = {item.key: item.title for item in work_for(head)}
    client.force_login(head)
    page = client.get(reverse("goals:mine")).content.decode()
    assert "Việc sắp đến hạn" not in page
    for task in overdue:
        day = task.due_date.strftime("%d/%m/%Y")
        assert titles[f"goals.task:{task.pk}"].startswith(f"Việc quá hạn từ {day}")
        assert f"quá hạn từ {day}" in page


def test_the_sum_of_sibling_goal_weights_is_shown_to_who_may_rebalance_them_not_to_staff(
    demo_read_only, client
):
    goal = Goal.objects.get(
        owner_person__user__username="canbo",
        parent__isnull=False,
        period_start__year=timezone.localdate().year,
        status=GoalStatus.ACTIVE,
    )
    # weights set as shares of 100 that do not add up (at the default 1 each, the goals are
    # weighed equally and nothing is said: tests/goals/test_sibling_weights_hint.py)
    Goal.objects.filter(pk=goal.pk).update(weight=60)
    url = reverse("goals:detail", args=[goal.pk])
    client.force_login(user("canbo"))
    assert SIBLING_WEIGHTS not in client.get(url).content.decode()
    client.force_login(user("thutruong"))  # over his Cục: may edit the parent goal
    assert SIBLING_WEIGHTS in client.get(url).content.decode()


def test_the_staff_login_has_this_years_monthly_scores(demo_read_only, client):
    today = timezone.localdate()
    months = set(
        PeriodScore.objects.filter(
            person__user__username="canbo", year=today.year, period=ScorePeriod.MONTH
        ).values_list("number", flat=True)
    )
    assert months == set(range(1, today.month))


def test_a_proposed_rating_to_approve_waits_for_the_leaders_above_not_the_administrator(
    demo_read_only,
):
    year = timezone.localdate().year
    rating = AnnualRating.objects.filter(
        unit__code="ATTT-P2", year=year, person__user__isnull=True
    ).first()
    rating_propose(actor=user("truongdonvi"), rating=rating, level=RatingLevel.HTT)
    assert "emulation.approve" in kinds("thutruong")  # over the Cục that proposed it
    assert "emulation.approve" not in kinds("quantri")  # may approve; not his work
    assert "emulation.approve" not in kinds("truongdonvi")  # who proposed it
