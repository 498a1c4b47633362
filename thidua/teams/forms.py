from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.params import ModelIdsChoiceField
from thidua.core.widgets import DayField


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ModelChoiceField(label=_("Host unit"), queryset=None)
    lead = forms.ModelChoiceField(label=_("Team lead"), queryset=None)
    members = ModelIdsChoiceField(
        label=_("Members"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    period_start = DayField(label=_("From"))
    period_end = DayField(label=_("To"))

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["lead"].queryset = people
        self.fields["members"].queryset = people
        label = lambda p: f"{p.full_name} — {p.unit}"  # noqa: E731
        self.fields["lead"].label_from_instance = label
        self.fields["members"].label_from_instance = label


class TeamGoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    key_result = forms.CharField(label=_("Key result"), max_length=300)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=4, required=False, initial=0
    )


class TeamChangeForm(forms.Form):
    """Removing a member or closing the team: the day (default today) and why."""

    on = DayField(
        label=_("From"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.TextInput()
    )
