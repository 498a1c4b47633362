from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from ..health import check_broker, check_database


def _may_see_health_details(request, db_ok: bool) -> bool:
    if not db_ok:  # the session and the user are read from the database
        return False
    try:
        user = request.user
        return bool(user.is_authenticated and user.is_superuser)
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    """200 or 503 and the names of the failing parts. Which database or broker runs, and
    why a check failed, is told only to administrators: to anyone else it is a map for an
    attacker."""
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    ok = db_ok and broker_ok
    body: dict = {"status": "ok" if ok else "fail"}
    if not ok:
        body["failed"] = [
            name for name, up in (("database", db_ok), ("broker", broker_ok)) if not up
        ]
    if _may_see_health_details(request, db_ok):
        body["database"] = {"ok": db_ok, "detail": db_detail}
        body["broker"] = {"ok": broker_ok, "detail": broker_detail}
    return JsonResponse(body, status=200 if ok else 503)


@cache_control(public=True, max_age=86400)
@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page links: the
    static icon (the pages link it too), instead of a 404 in every visit's log."""
    return HttpResponseRedirect(static("thidua/favicon.ico"))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page: a template that needs no context, no database and no session (the
    failure may be theirs)."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    """handler400: the page names what could not be read (a BadParameter's message); other
    400s (a suspicious request) say nothing about why."""
    from ..params import BadParameter, bad_request_page

    messages = [exception.message] if isinstance(exception, BadParameter) else []
    return bad_request_page(request, messages)
