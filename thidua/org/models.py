"""Organisation: dated units tree, people and their posts, Party bodies, roles."""

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from thidua.core.models import TimeStampedModel, status_is

from .choices import (
    AbsenceKind,
    CalendarDayKind,
    EmploymentStatus,
    Gender,
    HrSyncStatus,
    HrSyncTrigger,
    MembershipStatus,
    PartyBodyRatingLevel,
    PartyOrgKind,
    PartyRole,
    PostKind,
    Role,
    SourceConfidence,
    StaffCategory,
    UnitChangeKind,
    UnitGroupKind,
    UnitKind,
)
from .constants import PATH_SEGMENT_WIDTH


class DatedQuerySet(models.QuerySet):
    def as_of(self, on):
        """Rows valid on a date: valid_from <= on < valid_to (open end when null)."""
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class TreeNode(models.Model):
    """A node of a tree kept as a materialised path, so subtrees are one indexed prefix query.

    `path` is the zero-padded ids from the root down, each followed by "/" (e.g.
    "0000001/0000004/"); it is maintained by the services, never edited by hand.
    """

    path = models.CharField(
        _("tree path"), max_length=255, db_index=True, editable=False, default=""
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    if TYPE_CHECKING:  # every concrete tree has these; the abstract base cannot declare them
        parent: Any
        parent_id: int | None
        objects: ClassVar[models.Manager[Any]]

    class Meta:
        abstract = True

    def path_for(self, parent_path: str) -> str:
        return f"{parent_path}{self.pk:0{PATH_SEGMENT_WIDTH}d}/"

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.split("/") if p][:-1]


class Unit(TreeNode, TimeStampedModel):
    """An organisational unit (đơn vị): the ministry, a Cục, Vụ, Viện, centre or phòng."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("unit type"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="unit_path_like_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitName(models.Model):
    """A unit's name for a span of dates, so records show the name it had then."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="names", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit name")
        verbose_name_plural = _("unit names")
        ordering = ["unit", "valid_from"]

    def __str__(self) -> str:
        return self.name


class UnitChange(models.Model):
    """A dated reorganisation: establishment, rename, merge, split or dissolution."""

    kind = models.CharField(_("kind"), max_length=16, choices=UnitChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField(
        Unit, related_name="changes_out", blank=True, verbose_name=_("from units")
    )
    targets = models.ManyToManyField(
        Unit, related_name="changes_in", blank=True, verbose_name=_("to units")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class UnitGroup(models.Model):
    """A dated grouping of units: a deputy minister's block (khối) or an emulation cluster."""

    kind = models.CharField(_("kind"), max_length=24, choices=UnitGroupKind.choices)
    name = models.CharField(_("name"), max_length=255)
    leader = models.ForeignKey(
        "Person",
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    leader_unit = models.ForeignKey(
        Unit,
        verbose_name=_("leading unit (cụm trưởng)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_clusters",
        help_text=_("For an emulation cluster: the unit that leads it this period."),
    )
    units = models.ManyToManyField(
        Unit, through="UnitGroupMembership", related_name="groups", verbose_name=_("units")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class UnitGroupMembership(models.Model):
    group = models.ForeignKey(
        UnitGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("unit")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit in group")
        verbose_name_plural = _("units in groups")

    def __str__(self) -> str:
        return f"{self.unit} ∈ {self.group}"


class Position(models.Model):
    """A post title (chức vụ / vị trí việc làm): Cục trưởng, Trưởng phòng, Chuyên viên..."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_head = models.BooleanField(_("heads the unit"), default=False)
    is_deputy = models.BooleanField(_("deputy head"), default=False)
    level = models.PositiveSmallIntegerField(
        pgettext_lazy("seniority", "level"),
        default=0,
        help_text=_("Higher is more senior; director level and above is 3+."),
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-level", "name"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A member of staff (cán bộ, công chức, viên chức, người lao động).

    `unit` and `position` mirror the current primary post in PersonPosition, kept in step by
    the services, so subtree queries need one join.
    """

    employee_code = models.CharField(_("employee code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=120, db_index=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    rank = models.CharField(_("rank (ngạch)"), max_length=120, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade (bậc)"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Set by the HR sync (hr_sync.py): a leave or retirement is dated; `is_active` turns off
    # on `status_since` (the nightly sync applies the changes whose day has come).
    status = models.CharField(
        _("employment status"),
        max_length=16,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.WORKING,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    # Set by the HR sync when it creates the person, changes them or first finds them in the
    # export: from then on the record comes from the HR system, whose fields
    # (hr_sync_file.hr_managed_fields) are not changed in Thi Đua. Empty: Thi Đua's own record.
    hr_synced_at = models.DateTimeField(
        _("last written by the HR sync"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "employee_code"]

    def __str__(self) -> str:
        return self.full_name


class PersonPosition(models.Model):
    """A post held for a span of dates; records (ratings, achievements) are kept per post."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="posts", verbose_name=_("position")
    )
    kind = models.CharField(
        _("kind of post"), max_length=16, choices=PostKind.choices, default=PostKind.PRIMARY
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    decision = models.CharField(_("appointment decision"), max_length=120, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        ordering = ["person", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="primary", valid_to__isnull=True),
                name="one_open_primary_post_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.unit}"


class PartyOrganization(TreeNode, TimeStampedModel):
    """A Party body (tổ chức đảng): Đảng bộ, Đảng bộ cơ sở or Chi bộ."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyOrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_bodies",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party body")
        verbose_name_plural = _("Party bodies")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="partyorg_path_like_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def secretary_rights_label(self) -> str:
        """What a Party secretary's rights over this body are called: over a cell, its
        secretary's; over a Đảng bộ, those of whoever runs its Party work (the committee office
        or the committee's secretary), who is not a cell secretary (walk-through C3)."""
        if self.kind == PartyOrgKind.CELL:
            return pgettext("rights over a Party cell", "Party cell secretary")
        return pgettext("rights over a Party committee", "In charge of Party work")


class PartyMembership(models.Model):
    """A person's membership of a Party body, with their role there."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="party_memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("Party body"),
    )
    role = models.CharField(
        _("Party role"), max_length=24, choices=PartyRole.choices, default=PartyRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.OFFICIAL,
    )
    joined_party_on = models.DateField(_("joined the Party on"))
    valid_from = models.DateField(_("member of this body from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party membership")
        verbose_name_plural = _("Party memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="one_open_party_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"


class RoleAssignment(models.Model):
    """A role granted to an account, with its scope: a unit subtree, a block or a Party body."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit scope"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit_group = models.ForeignKey(
        UnitGroup, verbose_name=_("block scope"), null=True, blank=True, on_delete=models.CASCADE
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("Party body scope"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        scope = self.unit or self.unit_group or self.party_organization or _("whole ministry")
        return f"{self.get_role_display()} — {scope}"

    @property
    def label(self) -> str:
        """The role as its holder reads it: a Party secretary role named by its body's kind."""
        if self.role == Role.PARTY_SECRETARY and self.party_organization is not None:
            return self.party_organization.secretary_rights_label
        return str(self.get_role_display())


class Absence(models.Model):
    """A long absence from work (nghỉ dài hạn): it shortens the months worked in a year, which
    the eligibility for emulation titles reads; maternity leave counts as time worked."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="absences", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    decision = models.CharField(_("decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="absence_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class PartyBodyRating(models.Model):
    """A Party body's yearly quality rating (xếp loại chất lượng tổ chức đảng) by the
    committee above it: the commendation round reads it as "clean Party organisation"."""

    body = models.ForeignKey(
        PartyOrganization,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("Party body"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=4, choices=PartyBodyRatingLevel.choices)
    decided_on = models.DateField(_("decided on"))
    decision = models.CharField(_("decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Party body rating")
        verbose_name_plural = _("Party body ratings")
        ordering = ["-year", "body"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_rating_per_party_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.level}"


class WorkCalendarDay(models.Model):
    """A dated exception to the weekly working pattern (weekdays off: the agency setting
    "org.weekdays_off"): a public holiday or Tết day, a compensatory or swapped day off, or a
    weekend day worked in exchange (làm bù) — with the legal basis it rests on."""

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"),
        max_length=10,
        choices=SourceConfidence.choices,
        default=SourceConfidence.OFFICIAL,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("working calendar day")
        verbose_name_plural = _("working calendar")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class HrSyncRun(models.Model):
    """One sync with the HR system's export (hr_sync.py): what it read, what it changed and
    what it refused. Written whether the file was applied or refused."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("started by"), max_length=16, choices=HrSyncTrigger.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("administrator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("result"), max_length=16, choices=HrSyncStatus.choices)
    is_applied = status_is(HrSyncStatus.APPLIED)
    is_refused = status_is(HrSyncStatus.REFUSED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new people"), default=0)
    moved = models.PositiveIntegerField(_("moves"), default=0)
    updated = models.PositiveIntegerField(_("details updated"), default=0)
    departed = models.PositiveIntegerField(_("leaves and retirements"), default=0)
    returned = models.PositiveIntegerField(_("back on the staff"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    not_in_file_count = models.PositiveIntegerField(_("not in the file"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    errors = models.JSONField(_("problems in the file"), default=list, blank=True)
    not_in_file = models.JSONField(_("people not in the file"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("HR sync")
        verbose_name_plural = _("HR syncs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name or '—'} {self.get_status_display()}"
