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
