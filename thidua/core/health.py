"""Health of the parts a deployment depends on: the database and the broker."""

import logging

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("Database health check failed: %s", exc)
        return False, type(exc).__name__
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "in-process (no REDIS_URL)"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception as exc:
        logger.warning("Broker health check failed: %s", exc)
        return False, type(exc).__name__
    return True, "redis"
