"""Adapters: the personal link page, the inbox, a dispatch's progress partial and the SMS
gateway's delivery-report endpoint."""

import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from thidua.core.htmx import render_page
from thidua.core.view_helpers import page_of

from . import selectors, services

REPORT_SECRET_HEADER = "X-Gateway-Secret"  # noqa: S105 - a header name


@login_required
def message_detail(request, token: str):
    try:
        delivery = services.delivery_mark_read(token=token, viewer=request.user)
    except PermissionDenied as exc:
        # Nothing of the message — not even whether the link exists — for anyone else.
        raise Http404 from exc
    return render(
        request, "messaging/message.html", {"delivery": delivery, "dispatch": delivery.dispatch}
    )


@login_required
@require_POST
def message_acknowledge(request, token: str):
    try:
        delivery = services.delivery_acknowledge(token=token, viewer=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    if getattr(request, "htmx", False):
        return render(request, "messaging/partials/_acknowledge.html", {"delivery": delivery})
    return redirect("messaging:message", token=token)


@login_required
def inbox(request):
    page = page_of(request, selectors.inbox_for(viewer=request.user), 25)
    return render(request, "messaging/inbox.html", {"page": page})


@login_required
def dispatch_progress(request, pk: int):
    dispatch = selectors.dispatch_for_progress(viewer=request.user, pk=pk)
    if dispatch is None:
        raise Http404
    context = {"dispatch": dispatch, "progress": selectors.dispatch_progress(dispatch)}
    return render_page(
        request,
        "messaging/progress.html",
        context,
        partial="messaging/partials/_progress.html",
    )


@csrf_exempt
@require_POST
def delivery_report(request):
    """POST {"request_id": token, "status": "delivered"|"failed"} with the shared secret in
    the X-Gateway-Secret header; repeating a report changes nothing."""
    secret = getattr(settings, "SMS_GATEWAY_REPORT_SECRET", "")
    given = request.headers.get(REPORT_SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body or b"{}")
        changed = services.delivery_report_record(
            request_id=str(payload["request_id"]), status=str(payload["status"])
        )
    except (ValueError, KeyError, TypeError, ValidationError):
        return JsonResponse({"ok": False, "error": "bad report"}, status=400)
    return JsonResponse({"ok": True, "changed": changed})
