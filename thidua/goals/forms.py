from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.widgets import DayField
from thidua.org.models import Person, Unit

from .choices import Confidence, Direction, KeyResultSource, MetricType, PeriodKind, TaskStatus
from .models import FieldVisit

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".txt")


class CheckInForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=40)
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.ON_TRACK
    )
    checked_on = DayField(label=_("Date"), initial=lambda: timezone.localdate(), required=False)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)
    # set on the confirmation page only (goals/checkin_confirm.html)
    confirm_unusual = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            if evidence.size > EVIDENCE_MAX_BYTES:
                raise forms.ValidationError(_("The evidence file is larger than 10 MB."))
            if not evidence.name.lower().endswith(EVIDENCE_TYPES):
                raise forms.ValidationError(
                    _("Evidence must be a PDF, image, Word, Excel or text file.")
                )
        return evidence


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR
    )
    period_start = DayField(label=_("From"))
    period_end = DayField(label=_("To"))
    weight = forms.DecimalField(
        label=_("Weight"), initial=1, min_value=0.01, max_digits=7, decimal_places=2
    )
    is_stretch = forms.BooleanField(label=_("Stretch goal"), required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("period_start")
            and data.get("period_end")
            and data["period_end"] < data["period_start"]
        ):
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class KeyResultForm(forms.Form):
    title = forms.CharField(label=_("Key result"), max_length=300)
    metric_type = forms.ChoiceField(
        label=_("Metric"), choices=MetricType.choices, initial=MetricType.NUMBER
    )
    baseline = forms.CharField(label=_("Baseline"), max_length=40, initial="0")
    target = forms.CharField(label=_("Target"), max_length=40)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.UP
    )
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=64, required=False)
    due_date = DayField(label=_("Due date"), required=False)
    weight = forms.CharField(label=_("Weight"), max_length=10, initial="1")
    previous_actual = forms.CharField(
        label=_("Last period's actual"), max_length=40, required=False
    )
    source = forms.ChoiceField(
        label=_("Value from"),
        choices=KeyResultSource.choices,
        initial=KeyResultSource.MANUAL,
        required=False,
    )


KeyResultFormSet = forms.formset_factory(
    KeyResultForm, extra=3, min_num=1, validate_min=True, max_num=10
)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_date = DayField(label=_("Due date"), required=False)
    key_result = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)


class DailyLogForm(forms.Form):
    text = forms.CharField(
        label=_("What did you do today?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    is_improvement = forms.BooleanField(
        label=_("I improved something today (1% a day)"), required=False
    )
    logged_on = DayField(
        label=_("Day (empty for today)"),
        required=False,
        help_text=_("An improvement counts on working days only, not on holidays or days off."),
    )


class TemplateApplyForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR
    )
    period_start = DayField(label=_("From"))
    period_end = DayField(label=_("To"))

    def clean(self):
        data = super().clean()
        if (
            data.get("period_start")
            and data.get("period_end")
            and data["period_end"] < data["period_start"]
        ):
            self.add_error("period_end", _("The period ends before it starts."))
        return data


# ---------------------------------------------------------------- field visits (đi cơ sở)
def _current_units():
    return Unit.objects.filter(valid_to__isnull=True).order_by("path")


class FieldVisitForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Leader"), queryset=Person.objects.none())
    visited_on = DayField(label=_("Visit date"))
    unit = forms.ModelChoiceField(
        label=_("Unit visited"), queryset=Unit.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("A locality or a place outside the units, e.g. a commune."),
    )
    findings = forms.CharField(
        label=_("What was found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in leaders])
        self.fields["unit"].queryset = _current_units()


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Follow-up task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_date = DayField(label=_("Deadline"), required=False)

    def __init__(self, *args, visit: FieldVisit, **kwargs):
        super().__init__(*args, **kwargs)
        base = visit.unit or visit.person.unit
        self.fields["owner"].queryset = Person.objects.filter(
            Q(pk=visit.person_id) | Q(unit__path__startswith=base.path, is_active=True)
        ).order_by("full_name")


class PracticeForm(forms.Form):
    text = forms.CharField(
        label=_("Good practice to share"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit where it was found"),
        queryset=Unit.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _current_units()
