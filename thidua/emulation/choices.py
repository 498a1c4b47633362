from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular (annual)")  # thường xuyên
    CAMPAIGN = "campaign", _("Campaign (chuyên đề)")
    PERIODIC = "periodic", _("By period")  # theo đợt
    FIVE_YEAR = "five_year", _("Five-year")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")  # phát động
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    IN_PROGRESS = "in_progress", _("In progress")
    MID_REVIEW = "mid_review", _("Mid-term review (sơ kết)")
    FINAL_REVIEW = "final_review", _("Final review (tổng kết)")
    CLOSED = "closed", _("Closed")


# The order a movement moves through (each step one forward).
MOVEMENT_FLOW = [s.value for s in MovementStatus]


class CriterionSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the council or officer")
    KR_PROGRESS = "kr_progress", _("Computed from key result progress")


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    EXEMPLAR = "exemplar", _("Exemplary case (điển hình tiên tiến)")


class InitiativeScope(models.TextChoices):
    BASE = "co_so", _("Unit level (cơ sở)")
    MINISTRY = "bo", _("Ministry-wide (cấp Bộ)")
    NATIONAL = "toan_quoc", _("Nationwide (toàn quốc)")


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative (sáng kiến)")
    RESEARCH = "research", _("Research topic or scheme (đề tài, đề án)")


class RatingLevel(models.TextChoices):
    HTXS = "HTXS", _("Excellently completed (HTXS)")
    HTT = "HTT", _("Well completed (HTT)")
    HT = "HT", _("Completed (HT)")
    KHT = "KHT", _("Not completed (KHT)")


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("Scores being entered")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed by the head")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    APPEALED = "appealed", _("Under appeal")


class DisciplineForm(models.TextChoices):
    """Forms of discipline (hình thức kỷ luật), mildest first; the order is the law's."""

    REPRIMAND = "khien_trach", _("Reprimand")
    WARNING = "canh_cao", _("Warning")
    SALARY_GRADE_REDUCTION = "ha_bac_luong", _("Salary grade reduction")
    DEMOTION = "giang_chuc", _("Demotion")
    DISMISSAL_FROM_POST = "cach_chuc", _("Dismissal from post")
    FORCED_RESIGNATION = "buoc_thoi_viec", _("Forced resignation")


class ScorePeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld: rating changed")
    DISMISSED = "dismissed", _("Dismissed")
