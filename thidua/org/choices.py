from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core import vocabulary as law_words
from thidua.core.choices import AuditAction


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")  # Bộ
    DEPARTMENT = "department", _("Department (Cục)")
    OFFICE = "office", _("Office / Inspectorate")  # Văn phòng, Thanh tra
    DIVISION = "division", _("Division (Vụ)")
    INSTITUTE = "institute", _("Institute (Viện)")
    PUBLIC_SERVICE = "public_service", _("Public service unit")  # đơn vị sự nghiệp
    SECTION = "section", _("Section (Phòng)")
    CENTER = "center", _("Centre (Trung tâm)")


class UnitGroupKind(models.TextChoices):
    LEADERSHIP_BLOCK = "leadership_block", _("Block under a deputy minister")  # khối
    EMULATION_CLUSTER = "emulation_cluster", _("Emulation cluster")  # cụm/khối thi đua


class UnitChangeKind(models.TextChoices):
    ESTABLISH = "establish", _("Established")
    RENAME = "rename", _("Renamed")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolved")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


class StaffCategory(models.TextChoices):
    CADRE = "can_bo", _("Cadre (cán bộ)")
    CIVIL_SERVANT = "cong_chuc", _("Civil servant (công chức)")
    PUBLIC_EMPLOYEE = "vien_chuc", _("Public employee (viên chức)")
    WORKER = "nguoi_lao_dong", _("Employee (người lao động)")


class PostKind(models.TextChoices):
    PRIMARY = "primary", _("Primary post")
    ACTING = "acting", _("Acting (quyền)")
    CONCURRENT = "concurrent", _("Concurrent (kiêm nhiệm)")


class PartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (Đảng bộ)")
    GRASSROOTS_COMMITTEE = "grassroots", _("Grassroots Party committee (Đảng bộ cơ sở)")
    CELL = "cell", _("Party cell (Chi bộ)")


class PartyRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (Bí thư)")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary (Phó Bí thư)")
    COMMITTEE_MEMBER = "committee_member", _("Committee member (Cấp ủy viên)")
    MEMBER = "member", _("Party member (Đảng viên)")


class MembershipStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary (dự bị)")
    OFFICIAL = "official", _("Official (chính thức)")
    TRANSFERRED = "transferred", _("Transferred out")
    ENDED = "ended", _("Ended")


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    LEADERSHIP = "leadership", _("Leadership")
    EMULATION_OFFICER = "emulation_officer", _("Emulation & commendation officer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    ADMINISTRATOR = "administrator", _("Administrator")


class AbsenceKind(models.TextChoices):
    """Long absences that shorten the months worked in a year (maternity leave does not)."""

    UNPAID_LEAVE = "unpaid_leave", _("Unpaid leave")
    LONG_STUDY = "long_study", _("Full-time study away from work")
    LONG_SICK_LEAVE = "long_sick_leave", _("Long sick leave")
    SUSPENSION = "suspension", _("Suspended from work")
    MATERNITY = "maternity", _("Maternity leave (counted as time worked)")


ABSENCES_COUNTED_AS_WORKED = frozenset({AbsenceKind.MATERNITY})


class PartyBodyRatingLevel(models.TextChoices):
    """Yearly quality rating of a Party body (xếp loại chất lượng tổ chức đảng): the law's
    four levels (core/vocabulary.py), which the Party uses too (Quy định 124-QĐ/TW)."""

    EXCELLENT = law_words.HTXS, _("Completed its tasks excellently")
    GOOD = law_words.HTT, _("Completed its tasks well")
    COMPLETED = law_words.HT, _("Completed its tasks")
    NOT_COMPLETED = law_words.KHT, _("Did not complete its tasks")


class CalendarDayKind(models.TextChoices):
    """A dated exception to the weekly pattern of working days (lịch làm việc)."""

    HOLIDAY = "holiday", _("Public holiday")  # ngày nghỉ lễ, Tết
    DAY_OFF = "day_off", _("Compensatory or swapped day off")  # nghỉ bù, nghỉ hoán đổi
    WORKING = "working", _("Working weekend day (make-up day)")  # làm bù


class SourceConfidence(models.TextChoices):
    """How sure a dated fact is: from the announcement, from reports of it, or worked out."""

    OFFICIAL = "official", _("Official announcement")
    REPORTED = "reported", _("Reported by the press")
    DERIVED = "derived", _("Worked out from the Labour Code (no announcement found)")


class EmploymentStatus(models.TextChoices):
    """Whether a person is on the staff, and why not (the HR system's status)."""

    WORKING = "working", _("Working (đang công tác)")
    LEFT = "left", _("Left the job (nghỉ việc)")
    RETIRED = "retired", _("Retired (nghỉ hưu)")
    TRANSFERRED = "transferred", _("Transferred to another agency (chuyển công tác)")


class HrSyncStatus(models.TextChoices):
    """How a sync with the HR system's export ended."""

    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused: the file has errors")
    ALREADY_APPLIED = "already_applied", _("Same file already applied")
    NO_FILE = "no_file", _("No file to read")


class HrSyncTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    MANUAL = "manual", _("Started by an administrator")


class HrChangeKind(models.TextChoices):
    """One change a sync makes to a person (the report's lines)."""

    NEW = "new", _("New person")
    MOVE = "move", _("Moved to another unit or position")
    UPDATE = "update", _("Details updated")
    LEAVE = "leave", _("Leaves the staff")
    RETURN = "return", _("Back on the staff")
    NOT_ADDED = "not_added", _("Not added: no longer on the staff")


class OrgAudit(AuditAction):
    """The org app's audit actions: units, positions, people and their posts, Party bodies
    and memberships, roles, the Excel import and the HR sync. The last six are the
    administration's changes of roles and Party memberships (org/admin.py's `audit_prefix`),
    recorded by core.admin under these codes and read by these words."""

    UNIT_CREATED = "unit.created", _("Unit created")
    UNIT_RENAMED = "unit.renamed", _("Unit renamed")
    UNIT_MOVED = "unit.moved", _("Unit moved")
    UNIT_MERGED = "unit.merged", _("Units merged")
    UNIT_SPLIT = "unit.split", _("Unit split")
    UNIT_DISSOLVED = "unit.dissolved", _("Unit dissolved")
    POSITION_CREATED = "position.created", _("Position created")
    PERSON_CREATED = "person.created", _("Person created")
    PERSON_UPDATED = "person.updated", _("Person details changed")
    PERSON_POST_ASSIGNED = "person.post_assigned", _("Post assigned")
    PARTY_ORG_CREATED = "party_org.created", _("Party body created")
    PARTY_MEMBERSHIP_SET = "party.membership_set", _("Party membership changed")
    PARTY_SECRETARY_RIGHTS_BEGAN = (
        "party.secretary_rights.began",
        _("Party secretary's rights began with a Party membership"),
    )
    PARTY_SECRETARY_RIGHTS_ENDED = (
        "party.secretary_rights.ended",
        _("Party secretary's rights ended with a Party membership"),
    )
    ROLE_GRANTED = "role.granted", _("Role granted")
    ROLE_REVOKED = "role.revoked", _("Role revoked")
    IMPORTED = "org.imported", _("People and units imported")
    UNIT_IMPORTED = "org.unit.imported", _("Unit imported or updated")
    PERSON_IMPORTED = "org.person.imported", _("Person imported or updated")
    HR_SYNCED = "org.hr_synced", _("People synced from the HR system")
    PERSON_HR_SYNCED = "org.person.hr_synced", _("Person changed by the HR sync")
    HR_CHANGES_DUE = "org.hr_changes_due", _("Dated HR changes took effect (leaves, moves)")
    ROLE_CREATED_IN_ADMIN = "role.created_in_admin", _("Role added in administration")
    ROLE_CHANGED_IN_ADMIN = "role.changed_in_admin", _("Role changed in administration")
    ROLE_DELETED_IN_ADMIN = "role.deleted_in_admin", _("Role deleted in administration")
    PARTY_MEMBERSHIP_CREATED_IN_ADMIN = (
        "party.membership.created_in_admin",
        _("Party membership added in administration"),
    )
    PARTY_MEMBERSHIP_CHANGED_IN_ADMIN = (
        "party.membership.changed_in_admin",
        _("Party membership changed in administration"),
    )
    PARTY_MEMBERSHIP_DELETED_IN_ADMIN = (
        "party.membership.deleted_in_admin",
        _("Party membership deleted in administration"),
    )
