"""Forms of the awards pages: recording and importing awards, proposals, council sessions,
decisions and their signature. Views import them; services check the permissions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.widgets import DayField
from thidua.org.models import Person, Unit

from .choices import AwardCode, AwardKind, GrantingAuthority


def unit_choices():
    """The units a form offers: those in force, in tree order."""
    return Unit.objects.filter(valid_to__isnull=True).order_by("path").only("pk", "name", "depth")


class AwardForm(forms.Form):
    employee_code = forms.CharField(
        label=gettext_lazy("Employee code (for a person)"), max_length=32, required=False
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (for a collective)"), queryset=Unit.objects.none(), required=False
    )
    code = forms.ChoiceField(label=gettext_lazy("Title or form"), choices=AwardCode.choices)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=AwardKind.choices, initial=AwardKind.MERIT
    )
    year = forms.IntegerField(label=gettext_lazy("Year of the achievement"))
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"),
        help_text=gettext_lazy("As it stands in the agency's document register."),
        max_length=120,
    )
    decision_date = DayField(
        label=gettext_lazy("Decision date"),
    )
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices()

    def clean(self):
        data = super().clean()
        code = (data.get("employee_code") or "").strip()
        data["person"] = None
        if code:
            data["person"] = Person.objects.filter(employee_code=code).first()
            if data["person"] is None:
                self.add_error("employee_code", _("No person has this employee code."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revocation"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8)"))


class ProposalForm(forms.Form):
    subject = forms.ChoiceField(
        label=gettext_lazy("Proposed"),
        choices=[
            ("person", gettext_lazy("A person")),
            ("unit", gettext_lazy("A collective")),
        ],
    )
    subject_code = forms.CharField(label=gettext_lazy("Employee code or unit code"), max_length=32)
    code = forms.ChoiceField(label=gettext_lazy("Title or form"), choices=AwardCode.choices)
    year = forms.IntegerField(label=gettext_lazy("Year of the achievement"), min_value=2000)
    achievements = forms.CharField(
        label=gettext_lazy("Achievements (summary)"),
        widget=forms.Textarea(attrs={"rows": 4, "style": "width:100%"}),
        required=False,
        max_length=8000,
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for the override (one achievement, one award)"),
        help_text=gettext_lazy(
            "Needed only when the same achievement of the same year already carries another "
            "form (Giấy khen, Bằng khen) proposed or granted."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "style": "width:100%"}),
        required=False,
        max_length=4000,
    )

    def subject_kwargs(self) -> dict:
        code = self.cleaned_data["subject_code"].strip()
        if self.cleaned_data["subject"] == "person":
            person = Person.objects.select_related("unit").filter(employee_code=code).first()
            if person is None:
                raise ValidationError(_("No person has this employee code."))
            return {"person": person}
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError(_("No unit has this code."))
        return {"unit": unit}


class SessionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    held_on = DayField(label=gettext_lazy("Held on"))


class SessionDateForm(forms.Form):
    held_on = DayField(
        label=gettext_lazy("Held on"),
    )


class DecisionForm(forms.Form):
    authority = forms.ChoiceField(
        label=gettext_lazy("Granting authority"),
        choices=GrantingAuthority.choices,
        required=False,  # left out: the authority the chosen awards need
        help_text=gettext_lazy(
            "Who decides the awards chosen below: a decision carries the awards of one "
            "authority. For the Prime Minister or the President the ministry submits them "
            "(Tờ trình) and records the decision when it comes."
        ),
    )
    summary = forms.CharField(
        label=gettext_lazy("Subject (trích yếu)"),
        max_length=500,
        initial="tặng danh hiệu thi đua, hình thức khen thưởng",
    )
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=255)
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's title"), max_length=255, required=False
    )
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), max_length=255, required=False)


class SignForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Number from the document register"), max_length=120
    )
    signed_on = DayField(label=gettext_lazy("Signed on"))


class RecordForm(SignForm):
    """A higher authority's decision as it came: its number, date and issuer."""

    number = forms.CharField(label=gettext_lazy("Number of the decision"), max_length=120)
    signed_on = DayField(label=gettext_lazy("Decision date"))
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=255)
