"""Settings of the Celery worker the killed-worker test starts (a separate process)."""

from config.settings.local import *  # noqa: F403

# A worker killed mid-chunk leaves rows claimed; the test's second worker reclaims them soon.
MESSAGING_SEND_LEASE_SECONDS = 3
MESSAGING_SEND_CHUNK = 20
MESSAGING_RETRY_BASE_SECONDS = 1
