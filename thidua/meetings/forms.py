from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.widgets import DayField, FlatSelect
from thidua.goals.models import KeyResult
from thidua.org.models import Unit
from thidua.org.unit_labels import unit_labels

from .services import TEXT_MAX


class MeetingForm(forms.Form):
    scope = forms.ChoiceField(label=_("Meeting of"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    held_on = DayField(label=_("Meeting date"))

    def __init__(self, *args, units, groups, chairs=None, may_chair=True, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        if chairs is not None and chairs.exists():
            # the ministry's office plans the meeting for its chair (the minister, a deputy);
            # an officer who chairs no meeting is not offered to chair it
            self.fields["chair"] = forms.ModelChoiceField(
                label=_("Chaired by"),
                queryset=chairs,
                required=not may_chair,
                empty_label=_("— I chair it —") if may_chair else _("— choose the chair —"),
                error_messages={"required": _("Choose who chairs the meeting.")},
            )
            self.fields["chair"].label_from_instance = lambda p: (
                f"{p.full_name} ({p.position.name})" if p.position_id else p.full_name
            )
        self.units = {f"u{u.pk}": u for u in units}
        self.groups = {f"g{g.pk}": g for g in groups}
        labels = unit_labels(units)  # "Văn phòng Cục — Cục …" where the name is not unique
        self.fields["scope"].choices = [(k, labels[u.pk]) for k, u in self.units.items()] + [
            (k, _("Block: %(name)s") % {"name": g}) for k, g in self.groups.items()
        ]
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month
        self.fields["held_on"].initial = today

    def chair_value(self):
        """The chair the office chose, or None (the planner chairs)."""
        return self.cleaned_data.get("chair")

    def scope_value(self):
        key = self.cleaned_data["scope"]
        return self.units.get(key), self.groups.get(key)


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "keypoint"}),
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("— no one —"),
        # the list holds the people of the meeting's units: anyone else is refused with why
        error_messages={
            "invalid_choice": _("The person assigned must work in one of the meeting's units.")
        },
    )
    deadline = DayField(
        label=_("Deadline"),
        required=False,
    )
    goal = forms.ModelChoiceField(
        label=_("Goal it serves"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        widget=FlatSelect,  # a few hundred goals
    )
    key_result = forms.ModelChoiceField(
        label=_("Key result it moves"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        help_text=_(
            "Optional: one key result of the goal chosen, listed once the goal is chosen. "
            "The task is then on it: shown under the goal and moving it."
        ),
    )

    def __init__(
        self,
        *args,
        people,
        goals,
        key_results=None,
        offered=(),
        offered_url="",
        shown=None,
        **kwargs,
    ):
        """`people`: whom a conclusion may be assigned to (what the field accepts); `shown`:
        the few of them the list offers (selectors.assignees_shown), the search finding the
        others — every one of `people` when None. `key_results`: those of `goals`
        (selectors.key_result_choices), what the field accepts; `offered`: the chosen goal's
        (selectors.key_results_offered), what the list shows; `offered_url`: where the list
        is fetched again when another goal is chosen (htmx)."""
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = people
        field.label_from_instance = assignee_labeller(people)
        if shown is not None:
            field.widget.choices = [("", field.empty_label)] + [
                (p.pk, field.label_from_instance(p)) for p in shown
            ]
        self.fields["goal"].queryset = goals
        if offered_url:
            self.fields["goal"].widget.attrs.update(
                {
                    "hx-get": offered_url,
                    "hx-trigger": "change",
                    "hx-target": "#id_key_result",
                    "hx-swap": "innerHTML",
                }
            )
        key_result = self.fields["key_result"]
        key_result.queryset = key_results if key_results is not None else KeyResult.objects.none()
        key_result.widget.choices = key_result_options(key_result, offered)


def key_result_options(field, offered) -> list[tuple]:
    """The key result list: "— none —", then the chosen goal's key results."""
    return [("", field.empty_label)] + [(kr.pk, kr.title) for kr in offered]


def assignee_labeller(people):
    """A person as the assignee list names them: "name (unit)", the unit told apart where
    names repeat ("Văn phòng Cục — Cục …")."""
    units = unit_labels(Unit.objects.filter(pk__in=people.values("unit_id")))
    return lambda p: (
        _("%(name)s (%(unit)s)") % {"name": p.full_name, "unit": units.get(p.unit_id, "")}
    )
