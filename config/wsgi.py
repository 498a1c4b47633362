import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# Load the URLconf — every app's views and the API's routers and schemas — when a worker
# starts, not on the first request it happens to serve: building it takes seconds and holds
# Python's import lock, so every thread of that worker would wait behind it (seen in the load
# bench as waits with idle CPUs).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

# Then the templates, catalogues and each app's lazily loaded parts (thidua.core.warmup);
# THIDUA_WARM_UP=false skips it (the development server, DEBUG on, never warms).
from django.conf import settings  # noqa: E402

if not settings.DEBUG and os.environ.get("THIDUA_WARM_UP", "true").lower() not in ("0", "false"):
    from thidua.core.warmup import freeze_heap, warm_up

    warm_up()
    # and what was built kept out of Python's full collections (THIDUA_GC_FREEZE=false: not)
    if os.environ.get("THIDUA_GC_FREEZE", "true").lower() not in ("0", "false"):
        freeze_heap()
