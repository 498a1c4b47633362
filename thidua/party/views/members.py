"""Party pages: the members of the bodies the viewer manages, and importing them from a file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.core.params import BadParameter, id_param
from thidua.core.view_helpers import error_messages, object_or_404

from .. import exchange, selectors
from ..forms import MembersImportForm
from ..selectors import members as member_selectors


@login_required
@require_GET
def member_list(request):
    """The current members of the bodies the viewer may import members for, by body;
    `?body=<id>` keeps one of them (another id, or not an id: 404, as for no body at all)."""
    try:
        body_id = id_param(request.GET, "body")
    except BadParameter:
        raise Http404 from None
    groups = object_or_404(member_selectors.members_by_body, viewer=request.user, body_id=body_id)
    bodies = list(member_selectors.bodies_managed(viewer=request.user))
    context = {"groups": groups, "bodies": bodies, "body_id": body_id}
    return render(request, "party/members.html", context)


@login_required
def members_import(request):
    if not selectors.party_bodies_covered(viewer=request.user).exists():
        raise Http404
    form = MembersImportForm(request.POST or None, request.FILES or None)
    result, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.members_import(
                actor=request.user, name=upload.name, data=upload.read()
            )
        except ValidationError as error:
            errors = error_messages(error)
        except UnicodeDecodeError:
            errors = [_("The file is not UTF-8 text.")]
    columns = ", ".join(exchange.column_header(c) for c in exchange.MEMBER_COLUMNS)
    context = {"form": form, "result": result, "errors": errors, "columns": columns}
    return render(request, "party/members_import.html", context, status=400 if errors else 200)
