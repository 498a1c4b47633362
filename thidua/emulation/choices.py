from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction

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


class EmulationAudit(AuditAction):
    """The emulation app's audit actions: movements and registrations, lessons and good
    practices, initiatives and value-created records, annual and unit ratings."""

    # Movements
    MOVEMENT_CREATED = "movement.created", _("Emulation movement created")
    MOVEMENT_UPDATED = "movement.updated", _("Draft emulation movement edited")
    MOVEMENT_STATUS_CHANGED = "movement.status_changed", _("Movement status changed")
    MOVEMENT_RESULTS_PUBLISHED = "movement.results_published", _("Movement results published")
    REGISTRATION_CREATED = "registration.created", _("Emulation registration made")
    REGISTRATION_WITHDRAWN = "registration.withdrawn", _("Emulation registration withdrawn")
    CRITERION_SCORES_SET = "criterion_scores.set", _("Criterion scores entered")
    CRITERION_SCORES_COMPUTED = "criterion_scores.computed", _("Criterion scores computed")
    LESSON_CREATED = "lesson.created", _("Lesson recorded")
    LESSON_ADOPTED = "lesson.adopted", _("Lesson adopted")
    PRACTICE_PUBLISHED = "practice.published", _("Proposed lesson published")
    PRACTICE_DECLINED = "practice.declined", _("Proposed lesson not published")

    # Initiatives and value-created records
    INITIATIVE_REGISTERED = "initiative.registered", _("Initiative registered")
    INITIATIVE_UPDATED = "initiative.updated", _("Initiative updated")
    VALUE_RECORD_CREATED = "value_record.created", _("Value-created record added")
    VALUE_RECORD_UPDATED = "value_record.updated", _("Value-created record updated")
    EXTERNAL_ASSESSMENT_INVITED = "external_assessment.invited", _("External assessment requested")
    EXTERNAL_ASSESSMENT_ANSWERED = "external_assessment.answered", _("External assessment answered")

    # Annual ratings
    WORK_ITEM_TYPE_CREATED = "work_item_type.created", _("Work item type created")
    WORK_ASSIGNMENT_RECORDED = "work_assignment.recorded", _("Work assignment recorded")
    WORK_ASSIGNMENT_DELETED = "work_assignment.deleted", _("Work assignment deleted")
    PERIOD_SCORE_COMPUTED = "period_score.computed", _("Monthly score computed")
    RATING_PREPARED = "rating.prepared", _("Rating prepared")
    RATING_CONDUCT_FACTS_RECORDED = (
        "rating.conduct_facts_recorded",
        _("Conduct facts recorded on the rating"),
    )
    RATING_AGENCY_CRITERIA_RECORDED = (
        "rating.agency_criteria_recorded",
        _("Agency criteria for Lao động tiên tiến recorded on the rating"),
    )
    RATING_TASK_GROUP_SET = "rating.task_group_set", _("Task group set")
    RATING_SELF_ASSESSED = "rating.self_assessed", _("Self-assessment written")
    RATING_PROPOSED = "rating.proposed", _("Rating level proposed")
    RATING_APPROVED = "rating.approved", _("Rating approved")
    RATING_PUBLISHED = "rating.published", _("Rating published")
    RATING_APPEALED = "rating.appealed", _("Rating appealed")
    RATING_APPEAL_DECIDED = "rating.appeal_decided", _("Rating appeal decided")
    UNIT_RATING_COMPUTED = "unit_rating.computed", _("Unit rating computed")
    UNIT_RATING_SET = "unit_rating.set", _("Unit rating confirmed")
