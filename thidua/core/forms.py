"""Core's forms: the audit log's filters (the page, views/audit.py, and the API, api_audit.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .audit_labels import ACTION_LABELS


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    target_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    actor = forms.CharField(label=_("Done by (user name)"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sorted(
            ((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1]
        )
        self.fields["action"].choices = [("", _("All actions")), *choices]
