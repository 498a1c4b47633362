"""Forms of the emulation pages: movements, lessons and adoptions, good practices, work
items and ratings, value-created records, initiatives and external assessments. Views
import them; services check the permissions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.numbers import format_number
from thidua.core.params import ModelIdsChoiceField
from thidua.core.widgets import DayField
from thidua.org.choices import UnitGroupKind
from thidua.org.models import Person, Unit, UnitGroup

from .choices import InitiativeKind, InitiativeScope, LessonKind, MovementKind
from .models import Movement
from .services import records as record_services

SCALE = [
    (5, gettext_lazy("5 — Outstanding")),
    (4, gettext_lazy("4 — Very good")),
    (3, gettext_lazy("3 — Good")),
    (2, gettext_lazy("2 — Fair")),
    (1, gettext_lazy("1 — Weak")),
]


class ValueRecordForm(forms.Form):
    achievements = forms.CharField(
        label=gettext_lazy("Achievements"),
        widget=forms.Textarea(attrs={"rows": 4, "style": "width:100%"}),
        required=False,
        max_length=record_services.TEXT_MAX_CHARS,
    )
    products = forms.CharField(
        label=gettext_lazy("Products"),
        widget=forms.Textarea(attrs={"rows": 3, "style": "width:100%"}),
        required=False,
        max_length=record_services.TEXT_MAX_CHARS,
    )
    value_created = forms.CharField(
        label=gettext_lazy("Value created for the organisation"),
        widget=forms.Textarea(attrs={"rows": 3, "style": "width:100%"}),
        required=False,
        max_length=record_services.TEXT_MAX_CHARS,
    )
    value_quantity = forms.CharField(
        label=gettext_lazy("Value, quantified (optional)"), required=False, max_length=40
    )
    value_unit = forms.CharField(
        label=gettext_lazy("Unit of the value (e.g. million VND, hours saved, records)"),
        required=False,
        max_length=64,
    )
    goals = forms.MultipleChoiceField(
        label=gettext_lazy("Goals served"), required=False, widget=forms.CheckboxSelectMultiple
    )
    key_results = forms.MultipleChoiceField(
        label=gettext_lazy("Key results served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (PDF, image, Word, Excel or text; up to 10 MB)"),
        required=False,
    )
    remove_evidence = forms.BooleanField(
        label=gettext_lazy("Remove the current evidence"), required=False
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [(str(g.pk), g.title) for g in goals]
        self.fields["key_results"].choices = [
            (str(kr.pk), f"{kr.title} ({g.title})") for g in goals for kr in g.key_results.all()
        ]


class InitiativeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=400)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=InitiativeKind.choices,
        initial=InitiativeKind.INITIATIVE,
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope of effect"), choices=InitiativeScope.choices
    )
    year = forms.IntegerField(label=gettext_lazy("Year recognised"))
    authors = forms.CharField(
        label=gettext_lazy("Authors"),
        help_text=gettext_lazy("One per line: employee code or full name."),
        widget=forms.Textarea(attrs={"rows": 3, "style": "width:100%"}),
        max_length=4000,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none(), required=False
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Recognition decision number"),
        help_text=gettext_lazy("As it stands in the agency's document register."),
        max_length=120,
    )
    decision_date = DayField(
        label=gettext_lazy("Decision date"),
        required=False,
    )
    recognized_by = forms.CharField(
        label=gettext_lazy("Recognised by"), max_length=255, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(valid_to__isnull=True).order_by("path")


class InviteForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Number of links (one per assessor)"),
        min_value=1,
        max_value=record_services.INVITATIONS_PER_CALL_MAX,
        initial=3,
    )
    valid_days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=record_services.INVITATION_DAYS_MAX,
        initial=record_services.INVITATION_DAYS_DEFAULT,
    )


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Your rating"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 4, "style": "width:100%"}),
        required=False,
        max_length=record_services.COMMENT_MAX_CHARS,
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    summary = forms.CharField(
        label=gettext_lazy("What was done and what came of it"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=LessonKind.choices, initial=LessonKind.LESSON
    )
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    movement = forms.ModelChoiceField(
        label=gettext_lazy("Movement"), queryset=Movement.objects.none(), required=False
    )

    def __init__(self, *args, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(valid_to__isnull=True).order_by("path")
        self.fields["movement"].queryset = movements


class MovementForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MovementKind.choices)
    objectives = forms.CharField(
        label=gettext_lazy("Objectives"), widget=forms.Textarea(attrs={"rows": 4})
    )
    period_start = DayField(label=gettext_lazy("From"))
    period_end = DayField(label=gettext_lazy("To"))
    launched_by = forms.ModelChoiceField(
        label=gettext_lazy("Launched by"), queryset=Unit.objects.none()
    )
    scope_units = ModelIdsChoiceField(
        label=gettext_lazy("Units taking part (with the units under them)"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    clusters = ModelIdsChoiceField(
        label=gettext_lazy("Emulation clusters that rank the registrants"),
        queryset=UnitGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        units = Unit.objects.as_of(today).order_by("path")
        self.fields["launched_by"].queryset = units
        self.fields["scope_units"].queryset = units
        self.fields["clusters"].queryset = (
            UnitGroup.objects.as_of(today)
            .filter(kind=UnitGroupKind.EMULATION_CLUSTER)
            .select_related("leader_unit")
            .order_by("name")
        )


class LessonForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=LessonKind.choices, initial=LessonKind.LESSON
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    summary = forms.CharField(
        label=gettext_lazy("What was done and what came of it"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    movement = forms.ModelChoiceField(
        label=gettext_lazy("Movement"), queryset=Movement.objects.none(), required=False
    )
    authors = forms.CharField(
        label=gettext_lazy("Authors (employee codes, separated by commas)"),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args, units, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by(
            "path"
        )
        self.fields["movement"].queryset = movements

    def clean_authors(self) -> list[Person]:
        codes = [c.strip() for c in self.cleaned_data["authors"].split(",") if c.strip()]
        people = list(Person.objects.filter(employee_code__in=codes, is_active=True))
        unknown = sorted(set(codes) - {p.employee_code for p in people})
        if unknown:
            raise forms.ValidationError(
                _("No active person has the employee code: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        return people


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    adopted_on = DayField(label=gettext_lazy("Adopted on"), required=False)
    result = forms.CharField(
        label=gettext_lazy("Result"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class WorkItemTypeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    unit_of_measure = forms.CharField(
        label=gettext_lazy("Unit of measure"), max_length=64, required=False
    )
    conversion_factor = forms.CharField(
        label=gettext_lazy("Conversion factor (standard work units per item)"), max_length=20
    )


class WorkAssignmentForm(forms.Form):
    item_type = forms.TypedChoiceField(label=gettext_lazy("Product or work item"), coerce=int)
    assigned = forms.CharField(label=gettext_lazy("Assigned"), max_length=20)
    completed = forms.CharField(label=gettext_lazy("Completed"), max_length=20, initial="0")
    late = forms.CharField(label=gettext_lazy("Of which late"), max_length=20, initial="0")
    quality_failed = forms.CharField(
        label=gettext_lazy("Of which quality requirement not met"), max_length=20, initial="0"
    )
    objective_cause = forms.BooleanField(
        label=gettext_lazy("Delay or shortfall from an objective cause (no deduction)"),
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, item_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_type"].choices = [
            (t.pk, f"{t.code} — {t.name} (×{format_number(t.conversion_factor)})")
            for t in item_types
        ]


class GeneralPointsForm(forms.Form):
    general_points = forms.CharField(
        label=gettext_lazy("General criteria points (0–30)"), max_length=10
    )


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)


class UnitRatingForm(forms.Form):
    score = forms.CharField(label=gettext_lazy("Score (0–100)"), max_length=10)
    tasks_total = forms.IntegerField(label=gettext_lazy("Tasks in the plan"), min_value=0)
    tasks_done = forms.IntegerField(label=gettext_lazy("Tasks completed"), min_value=0)
    tasks_on_time = forms.IntegerField(label=gettext_lazy("Tasks on time"), min_value=0)
    tasks_exceeding = forms.IntegerField(
        label=gettext_lazy("Tasks exceeding requirements"), min_value=0
    )
    outstanding = forms.BooleanField(
        label=gettext_lazy("Outstanding results (raises the cap to 25 percent)"), required=False
    )
