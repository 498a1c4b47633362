"""Party pages: importing Party members from a file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from thidua.core.view_helpers import error_messages

from .. import exchange, selectors
from ..forms import MembersImportForm


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
