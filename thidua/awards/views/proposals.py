"""A returned proposal completed by its unit (see urls.py). Thin: parses the text, calls the
service, says what happened."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.view_helpers import object_or_404

from ..selectors import council as selectors
from ..services import proposals as services
from .council import _proposal_action


@require_POST
@login_required
def proposal_edit(request, pk: int):
    """The head of the proposing unit completes a returned proposal's text, then sends it
    again with the page's send button; anyone else is refused (403), and a proposal in any
    other status is left as it is, with the reason."""
    before = object_or_404(selectors.proposal_get, viewer=request.user, pk=pk).achievements

    def done(proposal) -> str:
        if proposal.achievements == before:
            return _("Nothing was changed.")
        return _(
            "The proposal's text is saved; send it again to the emulation office when the "
            "dossier is complete."
        )

    return _proposal_action(
        request,
        pk,
        lambda p: services.proposal_edit_returned(
            actor=request.user, proposal=p, achievements=request.POST.get("achievements", "")
        ),
        done,
    )
