from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import check_broker, check_database


@never_cache
@require_GET
def healthz(request):
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    ok = db_ok and broker_ok
    body = {
        "status": "ok" if ok else "fail",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
    }
    if not ok:
        body["failed"] = [
            name for name, up in (("database", db_ok), ("broker", broker_ok)) if not up
        ]
    return JsonResponse(body, status=200 if ok else 503)


def permission_denied(request, exception=None):
    from django.shortcuts import render

    return render(request, "403.html", status=403)
