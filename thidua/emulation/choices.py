from django.db import models
from django.utils.translation import gettext_lazy as _

from . import vocabulary as law_words


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
    """The law's four levels (vocabulary.RATING_LEVELS), best first."""

    HTXS = law_words.HTXS, _("Excellently completed (HTXS)")
    HTT = law_words.HTT, _("Well completed (HTT)")
    HT = law_words.HT, _("Completed (HT)")
    KHT = law_words.KHT, _("Not completed (KHT)")


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("Scores being entered")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed by the head")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    APPEALED = "appealed", _("Under appeal")


class DisciplineForm(models.TextChoices):
    """Forms of discipline (hình thức kỷ luật), mildest first; the order is the law's
    (vocabulary.DISCIPLINE_FORMS)."""

    REPRIMAND = law_words.KHIEN_TRACH, _("Reprimand")
    WARNING = law_words.CANH_CAO, _("Warning")
    SALARY_GRADE_REDUCTION = law_words.HA_BAC_LUONG, _("Salary grade reduction")
    DEMOTION = law_words.GIANG_CHUC, _("Demotion")
    DISMISSAL_FROM_POST = law_words.CACH_CHUC, _("Dismissal from post")
    FORCED_RESIGNATION = law_words.BUOC_THOI_VIEC, _("Forced resignation")


class ScorePeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld: rating changed")
    DISMISSED = "dismissed", _("Dismissed")
