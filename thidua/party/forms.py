from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.params import ModelIdsChoiceField
from thidua.core.widgets import DayField
from thidua.messaging.choices import Channel
from thidua.org.choices import PartyRole
from thidua.org.models import PartyOrganization, Person

from .choices import AudienceKind, Classification, InspectionKind
from .constants import POINT_MAX_CHARS, QUESTION_MAX_CHARS


class ResolutionUploadForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Party body"), queryset=PartyOrganization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    number = forms.CharField(
        label=_("Number (from the document register)"), max_length=64, required=False
    )
    issued_on = DayField(label=_("Issued on"), required=False)
    file = forms.FileField(label=_("File (.docx, .pdf or .txt)"))
    # declared before the first save, so a classified resolution is never copied to the
    # assistant; a stronger marking in the document's header still applies
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        initial=Classification.NONE,
        required=False,
        help_text=_(
            "A classified resolution is never sent by e-mail or SMS nor given to the assistant. "
            "A stronger marking in the document's header applies anyway."
        ),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def clean_classification(self) -> str:
        return self.cleaned_data["classification"] or Classification.NONE


class ClassificationForm(forms.Form):
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)


class DigestPointForm(forms.Form):
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "keypoint-order"}),
    )
    # A full-width, proportional-font box that grows with its text; js/keypoints.js counts
    # its characters and SMS parts as the app does (thidua.messaging.sms).
    text = forms.CharField(
        label=_("Key point"),
        max_length=POINT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "maxlength": POINT_MAX_CHARS,
                "class": "keypoint",
                "data-sms-count": "",
            }
        ),
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=QUESTION_MAX_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"class": "wide"}),
    )
    sentences = forms.CharField(required=False, widget=forms.HiddenInput)


DigestPointFormSet = forms.formset_factory(DigestPointForm, extra=1, can_delete=True)


class MeetingForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("Party cell"), queryset=PartyOrganization.objects.none())
    held_on = DayField(label=_("Date"))
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}))
    hard_problem = forms.CharField(
        label=_("Hard problem"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells


class ProposalForm(forms.Form):
    text = forms.CharField(label=_("Proposed solution"), widget=forms.Textarea(attrs={"rows": 3}))


class ChooseForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    assignee = forms.ModelChoiceField(
        label=_("Carried out by"), queryset=Person.objects.none(), required=False
    )
    due_date = DayField(label=_("Due date"), required=False)
    votes = forms.IntegerField(label=_("Votes"), min_value=0, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class TermForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Party body"), queryset=PartyOrganization.objects.none())
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class CampaignForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Audience"), choices=AudienceKind.choices, widget=forms.RadioSelect
    )
    bodies = ModelIdsChoiceField(label=_("Party bodies"), queryset=PartyOrganization.objects.none())
    roles = forms.MultipleChoiceField(
        label=_("Party roles"),
        choices=PartyRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In the app always; e-mail and SMS to members who have them."),
    )
    sms_without_diacritics = forms.BooleanField(
        label=_("SMS without diacritics (cheaper: GSM-7, 160/153 characters)"), required=False
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies


class RemindForm(forms.Form):
    after_days = forms.IntegerField(label=_("Not acknowledged after (days)"), min_value=1)


class MembersImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .json exported here)"))


class InspectionPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    by_body = forms.ModelChoiceField(label=_("By"), queryset=PartyOrganization.objects.none())
    by_commission = forms.BooleanField(label=_("by the inspection commission"), required=False)
    subject_org = forms.ModelChoiceField(
        label=_("of Party body"), queryset=PartyOrganization.objects.none(), required=False
    )
    subject = forms.CharField(label=_("subject"), max_length=255, required=False)
    planned_on = DayField(label=_("Planned on"))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_body"].queryset = bodies
        self.fields["subject_org"].queryset = bodies


class InspectionDoneForm(forms.Form):
    done_on = DayField(label=_("Done on"))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_ups = forms.CharField(
        label=_("follow-ups"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class InspectionPracticeForm(forms.Form):
    text = forms.CharField(
        label=_("Good practice to share"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_(
            "Only this text and the inspected unit are shared with the emulation office: "
            "write it so it can be published."
        ),
    )
