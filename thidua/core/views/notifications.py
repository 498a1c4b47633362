"""The notification bell's pages: a person's notifications, opened one by one or all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..selectors import notifications_done, notifications_open, notifications_unread_count
from ..services import notification_open, notifications_mark_all_read, notifications_sync
from ..view_helpers import object_or_404, redirect_local


@login_required
@require_GET
def notification_list(request):
    notifications_sync(user=request.user)
    context = {
        "open_notes": list(notifications_open(user=request.user)),
        "done_notes": notifications_done(user=request.user),
    }
    return render(request, "core/notifications.html", context)


@require_GET
def notification_count(request):
    """The bell's badge (an htmx fragment): the number of unread notifications, or nothing
    (also once the session has expired: the page's own links lead to the login page)."""
    count = notifications_unread_count(user=request.user)
    return render(request, "core/partials/_bell_count.html", {"count": count})


@login_required
@require_GET
def notification_go(request, pk: int):
    """Open the notification's page and mark it read (only the owner's; others 404)."""
    note = object_or_404(notification_open, user=request.user, pk=pk)
    return redirect_local(request, note.url, "notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications")
