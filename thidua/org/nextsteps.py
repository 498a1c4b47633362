from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.nextsteps import NextStep

from .rules import is_org_administrator


def org_next_steps(user) -> list[NextStep]:
    steps = []
    if not user.has_usable_password() or user.last_login is None:
        steps.append(
            NextStep(_("Set your own password"), reverse("accounts:password_change"), priority=10)
        )
    if is_org_administrator(user):
        steps.append(
            NextStep(_("Import units and people from Excel"), reverse("org:import"), priority=40)
        )
    steps.append(NextStep(_("Look up the organisation tree"), reverse("org:tree"), priority=90))
    return steps
