from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.widgets import DayField
from thidua.org.choices import Role
from thidua.org.models import PartyOrganization, Unit

from .choices import Audience, Feedback
from .constants import QUESTION_MAX_CHARS


class QuestionForm(forms.Form):
    # The length is checked by the service (with the count in the message), not cut here.
    question = forms.CharField(
        label=_("Your question"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "maxlength": QUESTION_MAX_CHARS,
                "placeholder": _("E.g. Điều kiện để được tặng Chiến sĩ thi đua cơ sở?"),
            }
        ),
    )


class FeedbackForm(forms.Form):
    feedback = forms.ChoiceField(choices=Feedback.choices)


class DocumentAudienceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    number = forms.CharField(
        label=pgettext_lazy("document number", "Number"), max_length=64, required=False
    )
    effective_on = DayField(label=_("Effective from"), required=False)
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Audience.choices)
    audience_unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False
    )
    audience_party = forms.ModelChoiceField(
        label=_("Party body"), queryset=PartyOrganization.objects.none(), required=False
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_unit"].queryset = Unit.objects.filter(valid_to__isnull=True).order_by(
            "path"
        )
        self.fields["audience_party"].queryset = PartyOrganization.objects.order_by("path")


class DocumentUploadForm(DocumentAudienceForm):
    file = forms.FileField(label=_("File (.docx, .pdf, .txt, .md)"))

    field_order = ["file", "title", "number", "effective_on", "audience"]
